"""The one map from an exception to what the person in the chat reads.

A `QabotError` carries its own message (a bad question, a refused change, a rate limit). Anything
else is a bug: it is logged here with its traceback, and the person gets a short apology rather than
silence. Both front ends show whatever `user_message` returns.
"""

from __future__ import annotations

import logging

from index.errors import QabotError

__all__ = ["APOLOGY", "user_message"]

log = logging.getLogger(__name__)

APOLOGY = "Sorry, something went wrong on my side. It has been logged; please try again later."


def user_message(error: BaseException, where: str = "a chat request") -> str:
    """What to tell the person about `error`; unexpected errors are logged with their traceback."""
    if isinstance(error, QabotError):
        return str(error)
    log.error("Unexpected error while handling %s", where, exc_info=error)
    return APOLOGY
