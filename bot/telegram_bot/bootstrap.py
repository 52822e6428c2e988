"""Telegram failing the start's own requests (deleting or setting the webhook) past the transport's
retries (`bot.telegram_bot.transport`): an outage, or a proxy's error page. python-telegram-bot logs
its failed bootstrap as an ERROR with its traceback, and raises; the bot then ended in a second
traceback and "something went wrong inside qabot". Here the library's line is one WARNING, and the
start ends with one line saying what failed (`startup_refused`)."""

from __future__ import annotations

import logging

from telegram.error import BadRequest, TelegramError

from bot.chat.errors import as_one_warning
from index.errors import QabotError

__all__ = ["BootstrapWithoutTraceback", "quiet_bootstrap_failures", "startup_refused"]

_BOOTSTRAP_LOOP = "Network Retry Loop (Bootstrap"


class BootstrapWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        where = record.args[0] if isinstance(record.args, tuple) and record.args else ""
        if str(where).startswith(_BOOTSTRAP_LOOP) and record.levelno >= logging.ERROR:
            error = record.exc_info[1] if record.exc_info else None
            as_one_warning(record, "%s failed: %s", str(where).rstrip(":"), error or "no answer")
        return True


def quiet_bootstrap_failures() -> None:
    library_log = logging.getLogger("telegram.ext")
    if not any(isinstance(f, BootstrapWithoutTraceback) for f in library_log.filters):
        library_log.addFilter(BootstrapWithoutTraceback())


def startup_refused(error: TelegramError) -> QabotError:
    """The start's end, in one line: Telegram's own words (a webhook address it will not take, say)."""
    if isinstance(error, BadRequest):  # no outage: trying again gets the same answer
        return QabotError(f"Telegram refused the bot's start-up request: {error}.")
    return QabotError(f"Telegram did not take the bot's start-up requests ({error}); try again later.")
