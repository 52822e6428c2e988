"""The Telegram front end: python-telegram-bot handlers that turn messages into `QAService` calls.

Handlers stay thin: find the question (or the moderator's change) in the update, run the core in a worker
thread so the event loop keeps serving other chats, and send what `render` makes of the result. Errors
go to one error handler: a `QabotError` is shown to the user as it is; anything else is logged with its
traceback and the user gets a short apology.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from aiolimiter import AsyncLimiter
from telegram import (
    Bot,
    BotCommand,
    Document,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    Update,
    User,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from bot.settings import Settings
from bot.telegram_bot.moderation import ADD_USAGE, ModeratorPolicy, parse_add_arguments
from bot.telegram_bot.render import (
    answer_keyboard,
    keyboard_without_alternatives,
    parse_button,
    render_alternatives,
    render_answer,
    render_help,
    render_sources,
)
from index.errors import BadDocument, QabotError
from index.service import Asker, ChangeResult, QAService

log = logging.getLogger(__name__)

PLATFORM = "telegram"
COMMANDS = (
    BotCommand("ask", "Ask a question (in groups)"),
    BotCommand("sources", "List the sources I quote from"),
    BotCommand("help", "What I know and how to ask"),
)
ALLOWED_UPDATES = (Update.MESSAGE, Update.CALLBACK_QUERY)
APOLOGY = "Sorry, something went wrong on my side. Please try again later."
EXPIRED = "That question has expired; please ask it again."
PRIVATE_HINT = "Send me a question as text. Moderators add documents with the caption /add."
# Updates handled at once; questions queue for the worker threads, so this bounds memory, not CPU.
CONCURRENT_UPDATES = 128
TYPING_REFRESH_SECONDS = 4.5  # Telegram shows "typing…" for 5 seconds per action.
RATE_LIMIT_RETRIES = 3
TRANSIENT_RETRIES = 3
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_ADD_CAPTION = re.compile(r"^/add(?:@(?P<bot>\w+))?(?:\s+(?P<args>.*))?$", re.DOTALL | re.IGNORECASE)


class TooManyQuestions(QabotError):
    pass


class PatientRateLimiter(AIORateLimiter):
    """`AIORateLimiter` keeps to Telegram's flood limits and waits out a 429's retry_after; this also
    retries 5xx answers, dropped connections and timeouts with backoff, so a hiccup at Telegram delays a
    reply instead of losing it. Requests Telegram refused on their merits (400, 403) are not retried."""

    def __init__(self, transient_retries: int = TRANSIENT_RETRIES, first_delay: float = 0.5) -> None:
        super().__init__(max_retries=RATE_LIMIT_RETRIES)
        self._transient_retries = transient_retries
        self._first_delay = first_delay

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        if endpoint == "sendChatAction":
            # "typing…" is not a message: it should not use up the flood budget the answers need, and
            # retrying it would only delay the answer it announces.
            return await callback(*args, **kwargs)
        retries = self._transient_retries
        for attempt in range(retries + 1):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:
                raise
            except NetworkError as error:
                if attempt == retries:
                    raise
                delay = self._first_delay * 2**attempt
                log.warning("Telegram %s failed (%s); retrying in %.1f s.", endpoint, error, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")


class QuestionRateLimit:
    """Per-user leaky bucket: a burst of `per_minute` questions, then one every 60/`per_minute` s."""

    MAX_TRACKED_USERS = 10_000

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._buckets: dict[int, AsyncLimiter] = {}

    async def take(self, user_id: int) -> None:
        """Counts a question, or raises `TooManyQuestions` (nothing is counted then)."""
        if len(self._buckets) > self.MAX_TRACKED_USERS:
            self._buckets = {
                uid: b for uid, b in self._buckets.items() if not b.has_capacity(b.max_rate) or uid == user_id
            }
        bucket = self._buckets.setdefault(user_id, AsyncLimiter(self.per_minute, 60))
        if not bucket.has_capacity():
            raise TooManyQuestions(
                f"You're asking faster than I can keep up with (at most {self.per_minute} questions a "
                "minute). Please try again in a moment."
            )
        await bucket.acquire()  # there is capacity, so this takes it without waiting


@dataclass(frozen=True)
class WebhookOptions:
    url: str
    listen: str = "0.0.0.0"
    port: int = 8443
    # Telegram echoes it in a header, so only Telegram can feed the bot updates. None: random per start.
    secret: str | None = None


def webhook_options(settings: Settings, url: str, listen: str, port: int) -> WebhookOptions:
    secret = settings.telegram_webhook_secret.get_secret_value() if settings.telegram_webhook_secret else None
    if secret is not None and not _WEBHOOK_SECRET.fullmatch(secret):
        raise QabotError(
            "TELEGRAM_WEBHOOK_SECRET must be 1-256 characters: letters, digits, _ and - (Telegram's rule)."
        )
    return WebhookOptions(url, listen, port, secret)


class TelegramFrontEnd:
    """The bot's behaviour; `build_application` registers its handlers with python-telegram-bot."""

    def __init__(self, settings: Settings, service: QAService) -> None:
        self.settings = settings
        self.service = service
        self.moderators = ModeratorPolicy(settings.telegram_moderators, settings.telegram_admins_moderate)
        self.rate_limit = QuestionRateLimit(settings.rate_limit_per_minute)

    def register(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        new_messages = filters.UpdateType.MESSAGE  # edits never re-ask a question or repeat a change
        text = new_messages & filters.TEXT & ~filters.COMMAND
        application.add_handlers(
            [
                CommandHandler(["start", "help"], self.on_help, filters=new_messages),
                CommandHandler("sources", self.on_sources, filters=new_messages),
                CommandHandler("ask", self.on_ask, filters=new_messages),
                CommandHandler("add", self.on_add_command, filters=new_messages),
                CommandHandler("remove", self.on_remove, filters=new_messages),
                MessageHandler(
                    new_messages & filters.Document.ALL & filters.CaptionRegex(_ADD_CAPTION),
                    self.on_add_document,
                ),
                MessageHandler(text & filters.ChatType.PRIVATE, self.on_private_text),
                MessageHandler(text & filters.ChatType.GROUPS, self.on_group_text),
                MessageHandler(
                    new_messages & filters.ChatType.PRIVATE & ~filters.COMMAND, self.on_private_other
                ),
                CallbackQueryHandler(self.on_button),
            ]
        )
        application.add_error_handler(self.on_error)

    async def prepare(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Before the first update: seed an empty knowledge base, load the index, announce the commands."""
        for result in await asyncio.to_thread(self.service.ensure_seeded):
            log.info("%s", result.describe())
        await asyncio.to_thread(self.service.refresh, True)
        await application.bot.set_my_commands(list(COMMANDS))
        log.info("Telegram bot @%s is ready.", application.bot.username)

    # -- questions ---------------------------------------------------------------------------------

    async def on_private_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = _message(update)
        await self._answer(message, context.bot, message.text or "")

    async def on_group_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = _message(update)
        bot = context.bot
        mention = f"@{bot.username}"
        mentioned = any(text.lower() == mention.lower() for text in _mentions(message))
        replied = message.reply_to_message
        replied_to_bot = (
            replied is not None and replied.from_user is not None and replied.from_user.id == bot.id
        )
        if not (mentioned or replied_to_bot):
            return  # ordinary group chatter is not addressed to the bot
        question = re.sub(re.escape(mention), " ", message.text or "", flags=re.IGNORECASE)
        await self._answer(message, bot, question)

    async def on_ask(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = _message(update)
        question = _command_arguments(message.text or "")
        if not question:
            await message.reply_text("Ask your question after the command, e.g. /ask Who wrote the article?")
            return
        await self._answer(message, context.bot, question)

    async def _answer(self, message: Message, bot: Bot, question: str) -> None:
        user = _user(message)
        await self.rate_limit.take(user.id)
        asker = Asker(PLATFORM, str(user.id))
        async with _typing(bot, message.chat_id):
            answer = await asyncio.to_thread(self.service.ask, question, asker)
        await message.reply_html(render_answer(answer), reply_markup=answer_keyboard(answer))

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None  # CallbackQueryHandler only passes callback queries
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
        summaries = await asyncio.to_thread(self.service.sources)
        await _message(update).reply_html(render_help(summaries, context.bot.username))

    async def on_sources(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = _message(update)
        for text in render_sources(await asyncio.to_thread(self.service.sources)):
            await message.reply_html(text)

    async def on_private_other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await _message(update).reply_text(PRIVATE_HINT)

    # -- moderators --------------------------------------------------------------------------------

    async def on_add_document(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = _message(update)
        caption = _ADD_CAPTION.match(message.caption or "")
        if caption is None or (caption["bot"] and caption["bot"].lower() != context.bot.username.lower()):
            return  # a caption for another bot
        actor = await self.moderators.actor_for(context.bot, message.chat, message.from_user)
        request = parse_add_arguments(caption["args"] or "")
        if request.url:
            raise QabotError("Send either a document or a URL with /add, not both (use url=… for a link).")
        assert message.document is not None  # the handler's filter requires one
        await self._report(
            message,
            await self._add_document(message, context.bot, message.document, actor, request.overrides),
        )

    async def on_add_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = _message(update)
        actor = await self.moderators.actor_for(context.bot, message.chat, message.from_user)
        request = parse_add_arguments(_command_arguments(message.text or ""))
        replied = message.reply_to_message
        if request.url:
            async with _typing(context.bot, message.chat_id):
                result = await asyncio.to_thread(self.service.add_url, request.url, actor, request.overrides)
        elif replied is not None and replied.document is not None:
            result = await self._add_document(
                message, context.bot, replied.document, actor, request.overrides
            )
        elif replied is not None and (replied.text or replied.caption):
            body = replied.text or replied.caption or ""
            title = request.overrides.get("title")
            filename = f"{title}.md" if title else f"telegram-{replied.chat_id}-{replied.message_id}.md"
            async with _typing(context.bot, message.chat_id):
                result = await asyncio.to_thread(
                    self.service.add_bytes, body.encode("utf-8"), filename, actor, request.overrides
                )
        else:
            raise QabotError(ADD_USAGE)
        await self._report(message, result)

    async def on_remove(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = _message(update)
        actor = await self.moderators.actor_for(context.bot, message.chat, message.from_user)
        source_id = _command_arguments(message.text or "")
        if not source_id or len(source_id.split()) != 1:
            raise QabotError("Send /remove SOURCE_ID; /sources shows each source's id.")
        await self._report(message, await asyncio.to_thread(self.service.remove, source_id, actor))

    async def _add_document(
        self, message: Message, bot: Bot, document: Document, actor: str, overrides: dict[str, str]
    ) -> ChangeResult:
        limit = self.settings.max_upload_bytes
        if document.file_size is not None and document.file_size > limit:
            raise BadDocument(
                f"That file is too large ({document.file_size / 1_048_576:.1f} MB; "
                f"at most {limit / 1_048_576:.0f} MB)."
            )
        async with _typing(bot, message.chat_id):
            file = await document.get_file()
            data = bytes(await file.download_as_bytearray())
            return await asyncio.to_thread(
                self.service.add_bytes, data, document.file_name or "upload.txt", actor, overrides
            )

    async def _report(self, message: Message, result: ChangeResult) -> None:
        log.info("Knowledge base change by telegram:%s: %s", _user(message).id, result.describe())
        await message.reply_text(result.describe())

    # -- errors ------------------------------------------------------------------------------------

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        if isinstance(error, QabotError):
            await _tell(update, str(error))
            return
        log.error("Error while handling a Telegram update: %r", error, exc_info=error)
        await _tell(update, APOLOGY)


def build_application(settings: Settings, service: QAService) -> Application[Any, Any, Any, Any, Any, Any]:
    """The python-telegram-bot application, pointed at `TELEGRAM_API_BASE_URL`, with qabot's handlers."""
    token = require_token(settings)
    root = settings.telegram_api_base_url.rstrip("/")
    front_end = TelegramFrontEnd(settings, service)
    application = (
        Application.builder()
        .token(token)
        .base_url(f"{root}/bot{{token}}")
        .base_file_url(f"{root}/file/bot{{token}}")
        .defaults(Defaults(link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .rate_limiter(PatientRateLimiter())
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(front_end.prepare)
        .build()
    )
    front_end.register(application)
    return application


async def verify_token(application: Application[Any, Any, Any, Any, Any, Any]) -> User:
    """Who the token belongs to; a clear `QabotError` (never showing the token) when Telegram says no."""
    bot = application.bot
    try:
        async with bot:
            return bot.bot
    except InvalidToken:
        raise QabotError(
            "Telegram rejected TELEGRAM_BOT_TOKEN: check the token @BotFather gave you."
        ) from None
    except TelegramError as error:
        root = urlsplit(bot.base_url).netloc
        raise QabotError(f"Could not reach the Telegram Bot API at {root}: {error}") from None


def run(
    application: Application[Any, Any, Any, Any, Any, Any],
    webhook: WebhookOptions | None = None,
    *,
    handle_signals: bool = True,
) -> None:
    """Runs the bot until Ctrl-C / SIGTERM: long polling, or a webhook server when `webhook` is given.

    The token is checked first, on its own: python-telegram-bot's start-up logs a rejected token's
    exception, and that message contains the token.
    """
    me = asyncio.run(verify_token(application))
    log.info("Connected to Telegram as @%s.", me.username)
    signals: dict[str, Any] = {} if handle_signals else {"stop_signals": None}
    if webhook is None:
        application.run_polling(allowed_updates=list(ALLOWED_UPDATES), **signals)
        return
    application.run_webhook(
        listen=webhook.listen,
        port=webhook.port,
        url_path=urlsplit(webhook.url).path.lstrip("/"),
        webhook_url=webhook.url,
        secret_token=webhook.secret or secrets.token_urlsafe(32),
        allowed_updates=list(ALLOWED_UPDATES),
        **signals,
    )


def require_token(settings: Settings) -> str:
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value().strip():
        raise QabotError("TELEGRAM_BOT_TOKEN is not set: put the token @BotFather gave you in it.")
    return settings.telegram_bot_token.get_secret_value().strip()


def _message(update: Update) -> Message:
    message = update.effective_message
    assert message is not None  # message handlers only receive updates with a message
    return message


def _user(message: Message) -> User:
    if message.from_user is None:  # anonymous group admins and channels post without a user
        raise QabotError("I can only answer people, not anonymous or channel posts.")
    return message.from_user


def _mentions(message: Message) -> list[str]:
    """The @mentions in a message's text. Not `Message.parse_entities`: it raises on a lone surrogate
    (an escaped half of an emoji in the update's JSON), which would turn a question into an apology."""
    units = (message.text or "").encode("utf-16-le", "surrogatepass")
    return [
        units[2 * entity.offset : 2 * (entity.offset + entity.length)].decode("utf-16-le", "replace")
        for entity in message.entities
        if entity.type == MessageEntity.MENTION
    ]


def _command_arguments(text: str) -> str:
    """What follows `/command` (or `/command@bot`), line breaks kept."""
    parts = text.split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


@contextlib.asynccontextmanager
async def _typing(bot: Bot, chat_id: int) -> AsyncIterator[None]:
    """Shows "typing…" while the block runs; the action is cosmetic, so failing to send it is no error."""

    async def send() -> None:
        try:
            await bot.send_chat_action(chat_id, ChatAction.TYPING)
        except TelegramError as error:
            log.warning("Could not send the typing action: %s", error)

    async def keep_typing() -> None:
        while True:
            await asyncio.sleep(TYPING_REFRESH_SECONDS)
            await send()

    await send()
    refresher = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        refresher.cancel()


async def _tell(update: object, text: str) -> None:
    """Shows `text` where the update came from; if Telegram refuses even that, the log says so."""
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text[:200], show_alert=True)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(text)
    except TelegramError:
        log.exception("Could not tell the user %r", text)
