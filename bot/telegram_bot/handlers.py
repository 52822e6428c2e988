"""Questions, `/help` and `/sources`: python-telegram-bot handlers over the chat layer.

Handlers stay thin: find the question in the update, check the person's limit, run the core in a
worker thread so the event loop keeps serving other chats, and send what `render` makes of it. A
question is answered from what its chat may see (`Authority.visibility`).
"""

from __future__ import annotations

from telegram import Bot, Message, Update, User
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.chat.chatter import reply_to_chatter
from bot.chat.commands import asked_in_reply, asks_for_help, command_arguments, without_mention
from bot.chat.context import ChatContext
from bot.chat.followups import only_acknowledges
from bot.chat.listing import page_asked, sources_page
from bot.chat.rate_limit import LIGHT, QUESTION, RequestKind
from bot.chat.recent_keys import RecentKeys
from bot.telegram_bot.keyboards import answer_keyboard, question_under, sources_keyboard
from bot.telegram_bot.places import place_of, shared_chat_of
from bot.telegram_bot.render import (
    MAX_TITLES_IN_HELP,
    SOURCES_PER_PAGE,
    render_answer,
    render_help,
    render_sources,
)
from bot.telegram_bot.updates import (
    caption_addressed_to,
    mentions,
    message_of,
    opens_with_mention,
    poster_key,
    replies_to_bot,
    sender,
    spoken_text,
    topic_of,
    typing,
    without_mentions,
)
from index.service import Asker

__all__ = ["PLATFORM", "QuestionHandlers"]

PLATFORM = "telegram"
PRIVATE_HINT = "Send me a question as text. Moderators add documents with the caption /add."
UNKNOWN_COMMAND = "I don't know that command. Send me a question as text; /help says what I know about."
REMEMBERED_ALBUMS = 1024


class QuestionHandlers:
    """What everyone may do: ask, list the sources, get help (buttons: `ButtonPresses`)."""

    def __init__(self, chat: ChatContext) -> None:
        self.chat = chat
        self.service = chat.service
        # Albums whose first picture or file got the hint: a ten-photo album got it ten times.
        self._hinted_albums: RecentKeys[str] = RecentKeys(REMEMBERED_ALBUMS)

    # -- questions ---------------------------------------------------------------------------------

    async def on_private_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = message_of(update)
        if replies_to_bot(message, context.bot) and only_acknowledges(spoken_text(message)):
            return  # "thanks!" under an answer, as in a group: no question to search
        await self._answer(message, context.bot, without_mentions(message))

    async def on_group_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = message_of(update)
        bot = context.bot
        mention = f"@{bot.username}"
        mentioned = any(text.lower() == mention.lower() for text in mentions(message))
        if not (mentioned or replies_to_bot(message, bot)) or message.via_bot is not None:
            return  # chatter not addressed to the bot, or a text an inline bot wrote (a @wiki result)
        if not mentioned and (only_acknowledges(spoken_text(message)) or opens_with_mention(message)):
            return  # "thanks!" or "thanks @alice" under an answer; "@alice look at this" is alice's
        question = without_mention(without_mentions(message), mention)
        await self._answer(message, bot, asked_in_reply(question, _others_words(message, bot)))

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
        question = asked_in_reply(
            command_arguments(without_mentions(message)), _others_words(message, context.bot)
        )
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
        if message.chat.type != ChatType.PRIVATE:  # a group's answers quote their questions
            await self._answer_now(message, bot, question)
            return
        async with self.chat.private_order.turn(message.chat_id):  # a private answer quotes nothing
            await self._answer_now(message, bot, question)

    async def _answer_now(self, message: Message, bot: Bot, question: str) -> None:
        if asks_for_help(question):  # "help", "what can you do?": what /help says
            await self._help(message, bot)
            return
        chatter = reply_to_chatter(question)  # "thanks!", "👍", "what time is it?"
        if chatter is not None:
            self._count(message, LIGHT)
            await message.reply_text(chatter)
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
        signed = question_under(self.chat.signer, replied)
        return (
            signed
            if signed is not None
            else self.chat.posts.question_of(str(message.chat_id), replied.message_id)
        )

    # -- what the bot knows ------------------------------------------------------------------------

    async def on_help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._help(message_of(update), context.bot)

    async def _help(self, message: Message, bot: Bot) -> None:
        self._count(message, LIGHT)
        place = place_of(message.chat)
        visibility = self.chat.authority.visibility(place)
        listing = await sources_page(self.chat, visibility, 0, MAX_TITLES_IN_HELP, place.community)
        await message.reply_html(render_help(listing, bot.username))

    async def on_sources(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = message_of(update)
        self._count(message, LIGHT)
        place = place_of(message.chat)
        visibility = self.chat.authority.visibility(place)
        page = page_asked(command_arguments(message.text or ""))  # "/sources 3"
        listing = await sources_page(self.chat, visibility, page, SOURCES_PER_PAGE, place.community)
        keyboard = sources_keyboard(self.chat.signer, listing.page, listing.pages, message.chat_id)
        await message.reply_html(render_sources(listing), reply_markup=keyboard)

    async def on_private_other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = message_of(update)
        if (album := message.media_group_id) is not None and not self._hinted_albums.first_time(album):
            return
        self._count(message, LIGHT)
        await message.reply_text(PRIVATE_HINT)

    async def on_private_unknown_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A command the bot does not have, in a private chat (in a group it may be another bot's)."""
        message = message_of(update)
        self._count(message, LIGHT)
        await message.reply_text(UNKNOWN_COMMAND)

    async def on_group_unknown_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A command the bot does not have, in a group: answered only when addressed to this bot by
        name (`/weather@thisbot`, as the command menu writes it, or a mention after it); a bare one may
        be another bot's."""
        message = message_of(update)
        command = (message.text or "").split(maxsplit=1)[0]
        _, at, addressed = command.partition("@")
        name = context.bot.username.lower()
        if (addressed.lower() == name) if at else f"@{name}" in (m.lower() for m in mentions(message)):
            self._count(message, LIGHT)
            await message.reply_text(UNKNOWN_COMMAND)


def _others_words(message: Message, bot: Bot) -> str | None:
    """The text (or a picture's or file's caption) of the message this one replies to, if someone
    other than the bot wrote it."""
    replied = message.reply_to_message
    if replied is None or replies_to_bot(message, bot):
        return None
    return replied.text or replied.caption
