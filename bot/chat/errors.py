"""The one map from an exception to what the person in the chat reads.

A `QabotError` carries its own message (a bad question, a refused change, a rate limit). The database
being down or too slow is no bug: the person is told so, and one warning a minute is logged. Anything
else is a bug: it is logged here with its traceback, and the person gets a short apology rather than
silence. Both front ends show whatever `user_message` returns.
"""

from __future__ import annotations

import logging

from bot.chat.rate_limit import RateLimited
from index.errors import SOURCES_UNREACHABLE, QabotError, UnknownSource, is_storage_outage
from index.store.engine import OutageLog

__all__ = ["APOLOGY", "as_one_warning", "needs_a_message", "user_message"]

log = logging.getLogger(__name__)

APOLOGY = "Sorry, something went wrong on my side. It has been logged; please try again later."
_OUTAGES = OutageLog(log, "A chat request could not be served: the database is unreachable or slow (%s).")


def user_message(error: BaseException, where: str = "a chat request") -> str:
    """What to tell the person about `error`; unexpected errors are logged with their traceback."""
    if isinstance(error, UnknownSource):
        return f"{error} /sources lists each source's id."
    if isinstance(error, QabotError):
        return str(error)
    if isinstance(error, Exception) and is_storage_outage(error):
        _OUTAGES.warn(error)
        return SOURCES_UNREACHABLE
    log.error("Unexpected error while handling %s", where, exc_info=error)
    return APOLOGY


def needs_a_message(error: BaseException) -> bool:
    """Whether a chat message should say what went wrong: not for a rate-limit refusal the person was
    told about within the minute (a flood's every message answered would spend the chat's send budget
    on refusals). A button press is always answered: its answer is private and costs no message."""
    if isinstance(error, RateLimited) and error.repeated:
        log.info("Refused a request over the rate limit without a message: %s", error)
        return False
    return True


def as_one_warning(record: logging.LogRecord, message: str, *args: object) -> None:
    """Rewrites a library's ERROR with a traceback, for a failure that is no bug here (the network, a
    proxy), as one WARNING line: a long outage otherwise fills the log with tracebacks."""
    record.msg, record.args = message, args
    record.exc_info = record.exc_text = None
    record.levelno, record.levelname = logging.WARNING, "WARNING"
