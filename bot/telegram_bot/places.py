"""Where a Telegram update comes from, and who sent it, in the terms of `bot.chat.authority`."""

from __future__ import annotations

from telegram import Bot, Chat, User
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError

from bot.chat.authority import Authority, Member, Place

__all__ = ["member_in", "place_of", "shared_chat_of"]


def place_of(chat: Chat) -> Place:
    return Place("telegram", chat.id, private=chat.type == ChatType.PRIVATE)


def shared_chat_of(chat: Chat) -> str | None:
    """The group a reply is posted in, where each person has a share of the bot's replies; None in a
    private chat."""
    return None if chat.type == ChatType.PRIVATE else f"telegram:{chat.id}"


async def member_in(authority: Authority, bot: Bot, place: Place, user: User) -> Member:
    """The sender, with whether they administer the group, asked of Telegram only when it matters."""
    is_admin = False
    if place.id is not None and authority.needs_admin_status(place):
        try:
            member = await bot.get_chat_member(place.id, user.id)
        except TelegramError:  # not allowed to look: then they are not known to administer it
            member = None
        is_admin = member is not None and member.status in (
            ChatMemberStatus.ADMINISTRATOR,
            ChatMemberStatus.OWNER,
        )
    return Member("telegram", user.id, is_admin=is_admin)
