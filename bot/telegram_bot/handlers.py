"""Questions, buttons, `/help` and `/sources`: python-telegram-bot handlers over one `QAService`.

Handlers stay thin: find the question in the update, check the person's limit, run the core in a
worker thread so the event loop keeps serving other chats, and send what `render` makes of it.
"""

from __future__ import annotations

import asyncio

from telegram import Bot, Message, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.chat.commands import command_arguments, without_mention
from bot.chat.rate_limit import LIGHT, QUESTION, PersonLimits, RequestKind
from bot.settings import Settings
from bot.telegram_bot.keyboards import answer_keyboard, keyboard_without_alternatives, parse_button
from bot.telegram_bot.render import render_alternatives, render_answer, render_help, render_sources
from bot.telegram_bot.updates import mentions, message_of, sender, typing
from index.service import Asker, QAService

__all__ = ["PLATFORM", "QuestionHandlers"]

PLATFORM = "telegram"
EXPIRED = "That question has expired; please ask it again."
PRIVATE_HINT = "Send me a question as text. Moderators add documents with the caption /add."


class QuestionHandlers:
    """What everyone may do: ask, press the buttons under an answer, list the sources, get help."""

    def __init__(self, settings: Settings, service: QAService, limits: PersonLimits) -> None:
        self.settings = settings
        self.service = service
        self.limits = limits

    def _limit(self, person_id: int, kind: RequestKind) -> None:
        self.limits.check(f"{PLATFORM}:{person_id}", kind)

    # -- questions ---------------------------------------------------------------------------------

    async def on_private_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = message_of(update)
        await self._answer(message, context.bot, message.text or "")

    async def on_group_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = message_of(update)
        bot = context.bot
        mention = f"@{bot.username}"
        mentioned = any(text.lower() == mention.lower() for text in mentions(message))
        replied = message.reply_to_message
        replied_to_bot = (
            replied is not None and replied.from_user is not None and replied.from_user.id == bot.id
        )
        if not (mentioned or replied_to_bot):
            return  # ordinary group chatter is not addressed to the bot
        await self._answer(message, bot, without_mention(message.text or "", mention))

    async def on_ask(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = message_of(update)
        question = command_arguments(message.text or "")
        if not question:
            await message.reply_text("Ask your question after the command, e.g. /ask Who wrote the article?")
            return
        await self._answer(message, context.bot, question)

    async def _answer(self, message: Message, bot: Bot, question: str) -> None:
        user = sender(message)
        self._limit(user.id, QUESTION)
        asker = Asker(PLATFORM, str(user.id))
        async with typing(bot, message.chat_id):
            answer = await asyncio.to_thread(self.service.ask, question, asker)
        await message.reply_html(render_answer(answer), reply_markup=answer_keyboard(answer))

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None  # CallbackQueryHandler only passes callback queries
        self._limit(query.from_user.id, LIGHT)
        button = parse_button(query.data or "")
        if button is None:
            await query.answer("This button no longer works.")
            return
        if button.feedback is not None:
            stored = await asyncio.to_thread(
                self.service.record_feedback, button.question_id, button.feedback
            )
            await query.answer("Thanks for the feedback!" if stored else EXPIRED)
            return
        answer = await asyncio.to_thread(self.service.alternatives_for, button.question_id)
        await query.answer()
        shown_under = query.message
        if shown_under is None:  # Telegram no longer says where the button was
            return
        if answer is None:
            await context.bot.send_message(shown_under.chat.id, EXPIRED)
            return
        await context.bot.send_message(
            shown_under.chat.id,
            render_alternatives(answer.alternatives),
            parse_mode=ParseMode.HTML,
            reply_to_message_id=shown_under.message_id,
        )
        # Shown once: the button goes, the feedback buttons stay.
        await query.edit_message_reply_markup(keyboard_without_alternatives(button.question_id))

    # -- what the bot knows ------------------------------------------------------------------------

    async def on_help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = message_of(update)
        self._limit(sender(message).id, LIGHT)
        summaries = await asyncio.to_thread(self.service.sources)
        await message.reply_html(render_help(summaries, context.bot.username))

    async def on_sources(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = message_of(update)
        self._limit(sender(message).id, LIGHT)
        for text in render_sources(await asyncio.to_thread(self.service.sources)):
            await message.reply_html(text)

    async def on_private_other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await message_of(update).reply_text(PRIVATE_HINT)
