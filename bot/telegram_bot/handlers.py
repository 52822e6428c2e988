"""Questions, buttons, `/help` and `/sources`: python-telegram-bot handlers over the chat layer.

Handlers stay thin: find the question in the update, check the person's limit, run the core in a
worker thread so the event loop keeps serving other chats, and send what `render` makes of it. A
question is answered from what its chat may see (`Authority.visibility`); button data is checked
against the chat it was pressed in.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict

from telegram import Bot, CallbackQuery, MaybeInaccessibleMessage, Message, Update, User
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.chat.buttons import BROKEN_BUTTON, CHANGES_ITS_MESSAGE, EXPIRED, GONE, ButtonPress
from bot.chat.commands import asks_for_help, command_arguments, without_mention
from bot.chat.context import ChatContext
from bot.chat.followups import REMEMBERED_POSTS, only_acknowledges, question_replied_to
from bot.chat.listing import sources_page
from bot.chat.rate_limit import LIGHT, QUESTION, RequestKind
from bot.telegram_bot.keyboards import (
    OTHER_PASSAGES,
    WHOLE_PARAGRAPH,
    answer_keyboard,
    buttons_of,
    keyboard_without,
    markup_of,
    sources_keyboard,
)
from bot.telegram_bot.places import place_of, shared_chat_of
from bot.telegram_bot.render import (
    MAX_TITLES_IN_HELP,
    SOURCES_PER_PAGE,
    render_alternatives,
    render_answer,
    render_help,
    render_paragraph,
    render_sources,
)
from bot.telegram_bot.updates import (
    answer_late,
    caption_addressed_to,
    mentions,
    message_of,
    not_posted_because,
    poster_key,
    replies_to_bot,
    sender,
    spoken_text,
    topic_of,
    typing,
    without_mentions,
)
from index.service import Asker
from index.visibility import Visibility

__all__ = ["PLATFORM", "QuestionHandlers"]

PLATFORM = "telegram"
PRIVATE_HINT = "Send me a question as text. Moderators add documents with the caption /add."
UNKNOWN_COMMAND = "I don't know that command. Send me a question as text; /help says what I know about."
ALREADY_POSTED = "Already posted: see the reply to this answer."


class QuestionHandlers:
    """What everyone may do: ask, press the buttons under an answer, list the sources, get help."""

    def __init__(self, chat: ChatContext) -> None:
        self.chat = chat
        self.service = chat.service
        # (chat, message, button) of the latest "Other passages" / "Whole paragraph" posted or being
        # posted: a second press of one (two members at once, a double tap, a press whose paragraph
        # took longer to read) carries the message with the button still under it, and posted twice.
        self._posted: OrderedDict[tuple[int, int, str], None] = OrderedDict()

    # -- questions ---------------------------------------------------------------------------------

    async def on_private_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = message_of(update)
        await self._answer(message, context.bot, without_mentions(message))

    async def on_group_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = message_of(update)
        bot = context.bot
        mention = f"@{bot.username}"
        mentioned = any(text.lower() == mention.lower() for text in mentions(message))
        if not (mentioned or replies_to_bot(message, bot)) or message.via_bot is not None:
            return  # chatter not addressed to the bot, or a text an inline bot wrote (a @wiki result)
        if not mentioned and only_acknowledges(spoken_text(message)):
            return  # "thanks!" or "thanks @alice" under an answer
        await self._answer(message, bot, without_mention(without_mentions(message), mention))

    async def on_group_caption(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A picture or file whose caption is addressed to the bot (a mention, `/ask`, or a reply to
        it that does more than thank): questions are read as text, as in a private chat (the caption
        was ignored, and the asker left waiting)."""
        message = message_of(update)
        if caption_addressed_to(message, context.bot):
            self._count(message, LIGHT)
            await message.reply_text(PRIVATE_HINT)

    async def on_ask(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = message_of(update)
        question = command_arguments(without_mentions(message))
        if not question:
            self._count(message, LIGHT)  # the usage text is a message too
            await message.reply_text("Ask your question after the command, e.g. /ask Who wrote the article?")
            return
        await self._answer(message, context.bot, question)

    def _count(self, message: Message, kind: RequestKind) -> User:
        """The sender, once the request is counted against its poster (in a group, their share of its
        replies too). Channel and anonymous posts are counted, then refused: the refusal is a reply."""
        self.chat.limit(poster_key(message), kind, shared_chat_of(message.chat))
        return sender(message)

    async def _answer(self, message: Message, bot: Bot, question: str) -> None:
        if asks_for_help(question):  # "help", "what can you do?": what /help says
            await self._help(message, bot)
            return
        user = self._count(message, QUESTION)
        place = place_of(message.chat)
        visibility = self.chat.authority.visibility(place)
        asker = Asker(PLATFORM, str(user.id))
        follows = self._question_replied_to(message, bot)
        async with typing(bot, message.chat_id, topic_of(message)):
            answer = await self.chat.ask(question, asker, visibility, follows, place.community)
        keyboard = answer_keyboard(self.chat.signer, answer, message.chat_id)
        # A reply stays in the question's forum topic, as Telegram threads replies.
        sent = await message.reply_html(render_answer(answer), reply_markup=keyboard)
        if keyboard is None and follows is not None:  # a refused follow-up: a reply to it goes on
            self.chat.posts.remember(str(message.chat_id), sent.message_id, follows)

    def _question_replied_to(self, message: Message, bot: Bot) -> int | None:
        """The question of the bot's answer this message replies to, if it is one (a follow-up)."""
        replied = message.reply_to_message
        if replied is None or replied.from_user is None or replied.from_user.id != bot.id:
            return None
        signed = self._question_under(replied)
        return (
            signed
            if signed is not None
            else self.chat.posts.question_of(str(message.chat_id), replied.message_id)
        )

    def _question_under(self, message: MaybeInaccessibleMessage) -> int | None:
        """The question whose signed buttons `message` carries, if any."""
        return question_replied_to(self.chat.signer, buttons_of(message), str(message.chat.id))

    # -- buttons -----------------------------------------------------------------------------------

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None  # CallbackQueryHandler only passes callback queries
        self.chat.limit(f"{PLATFORM}:{query.from_user.id}", LIGHT)
        shown_under = query.message
        press = (
            self.chat.signer.read(query.data or "", str(shown_under.chat.id))
            if shown_under is not None
            else None
        )
        if shown_under is None or press is None:
            await query.answer(BROKEN_BUTTON, show_alert=True)
            return
        # Under a message Telegram no longer shows the bot (old or deleted), its buttons are unknown.
        seen = shown_under.is_accessible
        if press.action in CHANGES_ITS_MESSAGE and seen and query.data not in buttons_of(shown_under):
            if press.action in ("more", "paragraph"):  # pressed again before the client saw it go
                await query.answer(ALREADY_POSTED)
            else:
                await query.answer(BROKEN_BUTTON, show_alert=True)
            return
        if press.action in ("up", "down"):
            voter = Asker(PLATFORM, str(query.from_user.id))
            stored = await asyncio.to_thread(
                self.service.vote, press.number, voter, 1 if press.action == "up" else -1
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
        text = render_alternatives(answer.alternatives) if answer is not None else None
        await self._show_once(query, bot, text or EXPIRED, OTHER_PASSAGES, html=text is not None)

    async def _whole_paragraph(self, query: CallbackQuery, press: ButtonPress, bot: Bot) -> None:
        paragraph = await asyncio.to_thread(self.service.paragraph, press.number, self._visibility(query))
        text = render_paragraph(paragraph) if paragraph is not None else None
        await self._show_once(query, bot, text or GONE, WHOLE_PARAGRAPH, html=text is not None)

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
            self._posted.pop(posting, None)  # not posted: a press may try again
            if (told := not_posted_because(error)) is None:
                raise
            await query.answer(told, show_alert=True)
            return
        if (question := self._question_under(shown_under)) is not None:
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
        listing = await sources_page(self.service, self._visibility(query), press.number, SOURCES_PER_PAGE)
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

    # -- what the bot knows ------------------------------------------------------------------------

    async def on_help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._help(message_of(update), context.bot)

    async def _help(self, message: Message, bot: Bot) -> None:
        self._count(message, LIGHT)
        visibility = self.chat.authority.visibility(place_of(message.chat))
        listing = await sources_page(self.service, visibility, 0, MAX_TITLES_IN_HELP)
        await message.reply_html(render_help(listing, bot.username))

    async def on_sources(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = message_of(update)
        self._count(message, LIGHT)
        visibility = self.chat.authority.visibility(place_of(message.chat))
        listing = await sources_page(self.service, visibility, 0, SOURCES_PER_PAGE)
        keyboard = sources_keyboard(self.chat.signer, listing.page, listing.pages, message.chat_id)
        await message.reply_html(render_sources(listing), reply_markup=keyboard)

    async def on_private_other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = message_of(update)
        self._count(message, LIGHT)
        await message.reply_text(PRIVATE_HINT)

    async def on_private_unknown_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A command the bot does not have, in a private chat (in a group it may be another bot's)."""
        message = message_of(update)
        self._count(message, LIGHT)
        await message.reply_text(UNKNOWN_COMMAND)

    async def on_group_unknown_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A command the bot does not have, in a group: answered only when addressed to this bot by
        name (`/weather@thisbot`, as the command menu writes it); a bare one may be another bot's."""
        message = message_of(update)
        command = (message.text or "").split(maxsplit=1)[0]
        _, at, addressed = command.partition("@")
        if at and addressed.lower() == context.bot.username.lower():
            self._count(message, LIGHT)
            await message.reply_text(UNKNOWN_COMMAND)
