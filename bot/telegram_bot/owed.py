"""Telegram's side of `bot.chat.owed_reports`: where a change's sender is told after a hard kill."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any, Protocol, TypeVar

from telegram import Bot, Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.chat.attribution import inert
from bot.chat.context import ChatContext
from bot.telegram_bot.handlers import PLATFORM
from bot.telegram_bot.render import plain_message
from bot.telegram_bot.updates import topic_of
from index.store.owed_reports import LeftReport

__all__ = ["owe_report", "settled", "tell_left_changes"]

log = logging.getLogger(__name__)

MAX_NAMED_CHARS = 100


class _Handlers(Protocol):
    chat: ChatContext


_Handler = TypeVar("_Handler", bound=_Handlers)
_Callback = Callable[[_Handler, Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def settled(handler: _Callback[_Handler]) -> _Callback[_Handler]:
    """A moderation handler whose changes (`owe_report`) are crossed off when it ends."""

    @functools.wraps(handler)
    async def handle(self: _Handler, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        async with self.chat.reports.settling():
            await handler(self, update, context)

    return handle


async def owe_report(chat: ChatContext, message: Message, action: str, target: str) -> None:
    """Writes down the granted change `message` asks for, to be told of there after a hard kill."""
    address = {"chat": message.chat_id, "message": message.message_id, "topic": topic_of(message) or 0}
    verb = "adding" if action == "add" else "removing"
    named = target if len(target) <= MAX_NAMED_CHARS else target[: MAX_NAMED_CHARS - 1] + "…"
    await chat.reports.owe(PLATFORM, address, f"{verb} {inert(named)}")


async def tell_left_changes(chat: ChatContext, bot: Bot) -> None:
    """Tells the senders of changes a killed process left unreported: once a chat (and forum topic), in
    reply to the oldest (one message each would flood a group that had sent a folder's files)."""

    async def tell(report: LeftReport, text: str) -> bool:
        where: dict[str, Any] = {"reply_to_message_id": report.address["message"]}
        if topic := report.address.get("topic"):
            where["message_thread_id"] = topic
        try:
            await bot.send_message(report.address["chat"], plain_message(text), **where)
        except TelegramError as error:  # the bot removed from the group, blocked by the person
            log.info(
                "Could not tell chat %s of a change a restart cut off: %s", report.address["chat"], error
            )
            return False
        return True

    await chat.reports.tell_left(PLATFORM, tell, lambda r: (r.address["chat"], r.address.get("topic", 0)))
