"""The buttons under an answer and under `/sources`: python-telegram-bot's callback queries.

Button data is a token signed for the chat it was shown in (`bot.chat.buttons`); a press is read
against the chat it was pressed in, so copied or forged data is refused, and what it shows is what
that chat may see (`Authority.visibility`).
"""

from __future__ import annotations

from collections import OrderedDict

from telegram import Bot, CallbackQuery, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.chat.buttons import (
    BROKEN_BUTTON,
    CHANGES_ITS_MESSAGE,
    EXPIRED,
    GONE,
    NO_OTHER_PASSAGES,
    ButtonPress,
    press_kind,
)
from bot.chat.context import ChatContext
from bot.chat.followups import REMEMBERED_POSTS
from bot.chat.listing import sources_page
from bot.chat.rate_limit import LIGHT
from bot.telegram_bot.handlers import PLATFORM
from bot.telegram_bot.keyboards import (
    OTHER_PASSAGES,
    WHOLE_PARAGRAPH,
    buttons_of,
    keyboard_without,
    markup_of,
    question_under,
    sources_keyboard,
)
from bot.telegram_bot.places import place_of, shared_chat_of
from bot.telegram_bot.render import SOURCES_PER_PAGE, render_alternatives, render_paragraph, render_sources
from bot.telegram_bot.transport import MaybeDelivered
from bot.telegram_bot.updates import answer_late, not_posted_because, topic_of
from index.service import Asker
from index.visibility import Visibility

__all__ = ["ALREADY_POSTED", "ButtonPresses"]

ALREADY_POSTED = "Already posted: see the reply to this answer."


class ButtonPresses:
    """ "Other passages", "Whole paragraph", the votes, and a listing's page buttons."""

    def __init__(self, chat: ChatContext) -> None:
        self.chat = chat
        self.service = chat.service
        # (chat, message, button) of the latest "Other passages" / "Whole paragraph" posted or being
        # posted: a second press of one (two members at once, a double tap, a press whose paragraph
        # took longer to read) carries the message with the button still under it, and posted twice.
        self._posted: OrderedDict[tuple[int, int, str], None] = OrderedDict()

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None  # CallbackQueryHandler only passes callback queries
        shown_under = query.message
        press = (
            self.chat.signer.read(query.data or "", str(shown_under.chat.id))
            if shown_under is not None
            else None
        )
        # Under a message Telegram no longer shows the bot (old or deleted), its buttons are unknown.
        used = (
            press is not None
            and shown_under is not None
            and press.action in CHANGES_ITS_MESSAGE
            and shown_under.is_accessible
            and query.data not in buttons_of(shown_under)
        )
        # A press that searches nothing (a broken one, a button already used) is a light action.
        self.chat.limit(f"{PLATFORM}:{query.from_user.id}", LIGHT if used else press_kind(press))
        if shown_under is None or press is None:
            await query.answer(BROKEN_BUTTON, show_alert=True)
            return
        if used:
            if press.action in ("more", "paragraph"):  # pressed again before the client saw it go
                await query.answer(ALREADY_POSTED)
            else:
                await query.answer(BROKEN_BUTTON, show_alert=True)
            return
        if press.action in ("up", "down"):
            voter = Asker(PLATFORM, str(query.from_user.id))
            vote = 1 if press.action == "up" else -1
            stored = await self.chat.write(
                self.service.vote, press.number, voter, vote, place=self._place(query)
            )
            await query.answer("Thanks for the feedback!" if stored else EXPIRED)
            return
        if press.action not in ("more", "paragraph", "page"):
            await query.answer(BROKEN_BUTTON, show_alert=True)
            return
        # Posted or edited in the chat: the presser's share of a group's budget (turning the pages of
        # a listing by several accounts had filled the bot's update slots with edits waiting for it).
        self.chat.limit_in_group(f"{PLATFORM}:{query.from_user.id}", shared_chat_of(shown_under.chat))
        if press.action == "more":
            await self._other_passages(query, press, context.bot)
        elif press.action == "paragraph":
            await self._whole_paragraph(query, press, context.bot)
        else:
            await self._sources_page(query, press, context.bot)

    async def _other_passages(self, query: CallbackQuery, press: ButtonPress, bot: Bot) -> None:
        assert query.message is not None  # checked before any button is read
        place = place_of(query.message.chat)
        visibility = self.chat.authority.visibility(place)
        answer = await self.chat.alternatives(press.number, visibility, place.community)
        if answer is not None and not answer.alternatives:
            await query.answer(NO_OTHER_PASSAGES, show_alert=True)
            return
        text = render_alternatives(answer.alternatives) if answer is not None else None
        await self._show_once(query, bot, text or EXPIRED, OTHER_PASSAGES, html=text is not None)

    async def _whole_paragraph(self, query: CallbackQuery, press: ButtonPress, bot: Bot) -> None:
        paragraph = await self.chat.read(
            self.service.paragraph, press.number, self._visibility(query), place=self._place(query)
        )
        text = render_paragraph(paragraph) if paragraph is not None else None
        await self._show_once(query, bot, text or GONE, WHOLE_PARAGRAPH, html=text is not None)

    def _place(self, query: CallbackQuery) -> str | None:
        """The group the button was pressed in (None: a private chat), for its share of storage work."""
        assert query.message is not None  # checked before any button is read
        return place_of(query.message.chat).community

    def _visibility(self, query: CallbackQuery) -> Visibility:
        """What may be shown where the button was pressed."""
        assert query.message is not None  # checked before any button is read
        return self.chat.authority.visibility(place_of(query.message.chat))

    async def _show_once(self, query: CallbackQuery, bot: Bot, text: str, label: str, html: bool) -> None:
        """`text` as a reply to the message under which `label` was pressed; that button then goes (its
        answer is in the chat now), the others stay. A press while it is being posted is told it is. A
        reply to the post follows up the answer's question, as a reply to the answer does."""
        shown_under = query.message
        assert shown_under is not None
        if not html:  # gone or expired: told the presser alone, not the whole chat on every press
            await query.answer(text, show_alert=True)
            return
        posting = (shown_under.chat.id, shown_under.message_id, label)
        if posting in self._posted:
            await query.answer(ALREADY_POSTED)
            return
        self._posted[posting] = None  # before any wait: the event loop runs one press at a time here
        if len(self._posted) > REMEMBERED_POSTS:
            self._posted.popitem(last=False)
        try:  # the press is answered after the post: if the chat refuses it, the presser alone is told
            sent = await bot.send_message(
                shown_under.chat.id,
                text,
                parse_mode=ParseMode.HTML,
                reply_to_message_id=shown_under.message_id,
                message_thread_id=topic_of(shown_under),
            )
        except BaseException as error:
            if not isinstance(error, MaybeDelivered):  # not posted: a press may try again
                self._posted.pop(posting, None)
            if (told := not_posted_because(error)) is None:
                raise
            await query.answer(told, show_alert=True)
            return
        if (question := question_under(self.chat.signer, shown_under)) is not None:
            self.chat.posts.remember(str(shown_under.chat.id), sent.message_id, question)
        await answer_late(query)
        if shown_under.is_accessible:  # else its buttons are unknown: all would go
            # Every button posted goes, not only this one: two pressed at once each kept the other's.
            under = (shown_under.chat.id, shown_under.message_id)
            posted = [shown for shown in (OTHER_PASSAGES, WHOLE_PARAGRAPH) if (*under, shown) in self._posted]
            await query.edit_message_reply_markup(keyboard_without(posted, markup_of(shown_under)))

    async def _sources_page(self, query: CallbackQuery, press: ButtonPress, bot: Bot) -> None:
        shown_under = query.message
        assert shown_under is not None
        visibility = self._visibility(query)
        listing = await sources_page(
            self.chat, visibility, press.number, SOURCES_PER_PAGE, self._place(query)
        )
        keyboard = sources_keyboard(self.chat.signer, listing.page, listing.pages, shown_under.chat.id)
        await query.answer()
        if not shown_under.is_accessible:
            # A listing Telegram no longer shows the bot (a day old), or a message a forged token was
            # sent under: a token is signed for its chat, not its message, so the page is posted anew.
            await bot.send_message(
                shown_under.chat.id, render_sources(listing), parse_mode=ParseMode.HTML, reply_markup=keyboard
            )
            return
        try:
            await query.edit_message_text(
                render_sources(listing), parse_mode=ParseMode.HTML, reply_markup=keyboard
            )
        except BadRequest as error:
            if "not modified" not in error.message.lower():
                raise
            # "Next" tapped twice: the second shows the page the first did, which Telegram refuses.
