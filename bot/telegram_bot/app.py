"""The Telegram bot: the python-telegram-bot `Application`, its handlers registered, and running it.

Errors from every handler go to one error handler: what `bot.chat.errors.user_message` says is shown
to the person (a `QabotError`'s own message, or an apology after the traceback is logged).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, LinkPreviewOptions, Update, User
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.chat.context import ChatContext
from bot.chat.errors import needs_a_message, user_message
from bot.settings import Settings
from bot.telegram_bot.albums import IN_ALBUM
from bot.telegram_bot.bootstrap import quiet_bootstrap_failures, startup_refused
from bot.telegram_bot.button_presses import ButtonPresses
from bot.telegram_bot.downloads import BoundedDownloads
from bot.telegram_bot.final_poll import quiet_final_poll
from bot.telegram_bot.graceful import GracefulApplication
from bot.telegram_bot.handlers import QuestionHandlers
from bot.telegram_bot.invalid_responses import quiet_invalid_responses
from bot.telegram_bot.moderation import ADD_CAPTION, ModerationHandlers
from bot.telegram_bot.owed import tell_left_changes
from bot.telegram_bot.polling import POLLING_STOPPED, describe_polling_error, watch_polling
from bot.telegram_bot.transport import PatientRateLimiter
from bot.telegram_bot.unreadable_updates import quiet_unreadable_webhook_updates, skip_malformed
from bot.telegram_bot.update_queue import WEBHOOK_MAX_WAITING, HandlingQueue, PatientPolling
from bot.telegram_bot.updates import quiet_failure, tell
from bot.telegram_bot.webhook import (
    TELEGRAM_CONNECTIONS,
    WebhookOptions,
    bound_webhook_requests,
    ensure_port_free,
)
from index.errors import QabotError
from index.service import QAService

__all__ = ["build_application", "require_token", "run", "verify_token"]

log = logging.getLogger(__name__)

COMMANDS = (
    BotCommand("ask", "Ask a question (in groups)"),
    BotCommand("sources", "List the sources I quote from"),
    BotCommand("help", "What I know and how to ask"),
)
ALLOWED_UPDATES = (Update.MESSAGE, Update.CALLBACK_QUERY)
# Updates handled at once, and (about) as many waiting before polling waits (`update_queue`): questions
# queue for the worker threads, so this bounds memory, not CPU.
CONCURRENT_UPDATES = 128

Application_ = Application[Any, Any, Any, Any, Any, Any]


def build_application(settings: Settings, service: QAService, *, sole_process: bool = True) -> Application_:
    """The python-telegram-bot application, pointed at `TELEGRAM_API_BASE_URL`, with qabot's handlers.
    `sole_process`: no other process runs this bot (polling), so changes left unreported are its to
    tell; a webhook replica would take others' changes under way for cut off."""
    token = require_token(settings)
    root = settings.telegram_api_base_url.rstrip("/")

    chat = ChatContext(settings, service)
    background: list[asyncio.Task[None]] = []

    async def prepare(application: Application_) -> None:
        """Before the first update: seed an empty knowledge base, load the index, announce the commands;
        a sole process then tells the changes a killed one left unreported (`owed`)."""
        await chat.prepare()
        try:
            await application.bot.set_my_commands(list(COMMANDS))
        except TelegramError as error:  # the menu only: the commands work without it
            log.warning("Telegram did not take the command menu (%s); the one set before stays.", error)
        log.info("Telegram bot @%s is ready.", application.bot.username)
        left = tell_left_changes(chat, application.bot) if sole_process else chat.reports.drop_stale()
        background.append(asyncio.get_running_loop().create_task(left))

    async def close(_application: Application_) -> None:
        for task in background:
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)
        await chat.reports.drain()  # crossings off of changes cut off at the stop
        chat.close()

    updates = HandlingQueue(CONCURRENT_UPDATES)
    application = (
        Application.builder()
        .application_class(GracefulApplication)
        .token(token)
        .base_url(f"{root}/bot{{token}}")
        .base_file_url(f"{root}/file/bot{{token}}")
        # A question deleted before its answer (by its asker, an admin, an anti-spam bot): the answer
        # is sent anyway, where a reply to it would fail, and its apology too.
        .defaults(
            Defaults(
                link_preview_options=LinkPreviewOptions(is_disabled=True), allow_sending_without_reply=True
            )
        )
        .request(BoundedDownloads(lambda: chat.settings.max_upload_bytes))
        .rate_limiter(PatientRateLimiter())
        .concurrent_updates(CONCURRENT_UPDATES)
        .update_queue(updates)
        .get_updates_request(PatientPolling(updates))
        .post_init(prepare)
        .post_shutdown(close)
        .build()
    )
    _register(application, QuestionHandlers(chat), ButtonPresses(chat), ModerationHandlers(chat))
    return application


def _register(
    application: Application_,
    questions: QuestionHandlers,
    buttons: ButtonPresses,
    moderation: ModerationHandlers,
) -> None:
    new_messages = filters.UpdateType.MESSAGE  # edits never re-ask a question or repeat a change
    text = new_messages & filters.TEXT & ~filters.COMMAND
    application.add_handlers(
        [
            CommandHandler(["start", "help"], questions.on_help, filters=new_messages),
            CommandHandler("sources", questions.on_sources, filters=new_messages),
            CommandHandler("ask", questions.on_ask, filters=new_messages),
            CommandHandler("add", moderation.on_add_command, filters=new_messages),
            CommandHandler("remove", moderation.on_remove, filters=new_messages),
            MessageHandler(
                new_messages & filters.Document.ALL & filters.CaptionRegex(ADD_CAPTION),
                moderation.on_add_document,
            ),
            MessageHandler(  # a stranger's album in a private chat gets the hint (`on_private_other`)
                new_messages
                & filters.Document.ALL
                & ~filters.CAPTION
                & IN_ALBUM
                & (
                    filters.ChatType.GROUPS
                    | filters.User(user_id=moderation.chat.settings.telegram_moderators)
                ),
                moderation.on_album_file,
            ),
            MessageHandler(text & filters.ChatType.PRIVATE, questions.on_private_text),
            MessageHandler(text & filters.ChatType.GROUPS, questions.on_group_text),
            MessageHandler(
                new_messages & filters.CAPTION & filters.ChatType.GROUPS, questions.on_group_caption
            ),
            MessageHandler(  # not a pin, a timer set or a write allowed: nothing the person sent
                new_messages & filters.ChatType.PRIVATE & ~filters.COMMAND & ~filters.StatusUpdate.ALL,
                questions.on_private_other,
            ),
            MessageHandler(
                new_messages & filters.ChatType.PRIVATE & filters.COMMAND,
                questions.on_private_unknown_command,
            ),
            MessageHandler(
                new_messages & filters.ChatType.GROUPS & filters.COMMAND, questions.on_group_unknown_command
            ),
            MessageHandler(  # Telegram upgrades groups only: a forged one in a private chat is nothing
                new_messages & filters.StatusUpdate.MIGRATE & filters.ChatType.GROUPS, moderation.on_migrated
            ),
            CallbackQueryHandler(buttons.on_button),
        ]
    )
    application.add_handler(TypeHandler(Update, skip_malformed), group=-1)
    application.add_error_handler(_on_error)


async def _on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    error = context.error
    if error is None:
        return
    if update is None and isinstance(error, TelegramError):  # fetching updates, retried by the library
        log.warning("%s", describe_polling_error(error))
        return
    if quiet_failure(error):  # no bug, and telling the chat would not reach it, or help
        return
    pressed = isinstance(update, Update) and update.callback_query is not None
    if pressed or needs_a_message(error):
        await tell(update, user_message(error, "a Telegram update"))


async def verify_token(application: Application_) -> User:
    """Who the token belongs to; a clear `QabotError` (never showing the token) when Telegram says no."""
    bot = application.bot
    try:
        async with bot:
            return bot.bot
    except InvalidToken:
        message = "Telegram rejected TELEGRAM_BOT_TOKEN: check the token @BotFather gave you."
        root = bot.base_url.rsplit("/bot", 1)[0]  # the token follows
        if urlsplit(root).netloc != "api.telegram.org":  # a wrong path answers as a wrong token does
            message += f" Or TELEGRAM_API_BASE_URL ({root}) is not the address of a Bot API server."
        raise QabotError(message) from None
    except TelegramError as error:
        raise QabotError(
            f"Could not reach the Telegram Bot API at {urlsplit(bot.base_url).netloc}: {error}"
        ) from None


def run(
    application: Application_, webhook: WebhookOptions | None = None, *, handle_signals: bool = True
) -> None:
    """Runs the bot until Ctrl-C / SIGTERM: long polling, or a webhook server when `webhook` is given.

    The token is checked first, on its own: python-telegram-bot's start-up logs a rejected token's
    exception, and that message contains the token.
    """
    quiet_invalid_responses()
    quiet_final_poll()
    quiet_bootstrap_failures()
    quiet_unreadable_webhook_updates()
    me = asyncio.run(verify_token(application))
    log.info("Connected to Telegram as @%s.", me.username)
    signals: dict[str, Any] = {} if handle_signals else {"stop_signals": None}
    if webhook is None:
        stopped: list[BaseException] = []
        watchers: list[asyncio.Task[None]] = []
        prepare, shutdown = application.post_init, application.post_shutdown

        async def prepare_and_watch(app: Application_) -> None:
            if prepare is not None:
                await prepare(app)
            watchers.append(asyncio.get_running_loop().create_task(watch_polling(app, stopped)))

        async def stop_watching(app: Application_) -> None:
            for watcher in watchers:
                watcher.cancel()
            await asyncio.gather(*watchers, return_exceptions=True)
            if shutdown is not None:
                await shutdown(app)

        application.post_init, application.post_shutdown = prepare_and_watch, stop_watching
        try:
            application.run_polling(allowed_updates=list(ALLOWED_UPDATES), **signals)
        except TelegramError as error:
            if not stopped:
                raise startup_refused(error) from None
        if stopped:  # the polling task's own error is re-raised by the shutdown: ours says what to do
            raise QabotError(POLLING_STOPPED)
        return
    if isinstance(application.update_queue, HandlingQueue):
        application.update_queue.refuse_past = WEBHOOK_MAX_WAITING
    ensure_port_free(webhook)
    bound_webhook_requests()
    try:
        application.run_webhook(
            listen=webhook.listen,
            port=webhook.port,
            url_path=urlsplit(webhook.url).path.lstrip("/"),
            webhook_url=webhook.url,
            secret_token=webhook.secret or secrets.token_urlsafe(32),
            allowed_updates=list(ALLOWED_UPDATES),
            max_connections=TELEGRAM_CONNECTIONS,
            **signals,
        )
    except TelegramError as error:
        raise startup_refused(error) from None


def require_token(settings: Settings) -> str:
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value().strip():
        raise QabotError("TELEGRAM_BOT_TOKEN is not set: put the token @BotFather gave you in it.")
    return settings.telegram_bot_token.get_secret_value().strip()
