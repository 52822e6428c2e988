"""discord.py logs every reconnect attempt at ERROR with the network error's whole traceback: an
outage of Discord or of the network (no bug, and nothing to fix here) filled the log with them. Here
each attempt is one WARNING line naming the error."""

from __future__ import annotations

import logging

from bot.chat.errors import as_one_warning

__all__ = ["ReconnectWithoutTraceback", "quiet_reconnects"]

_RECONNECT = "Attempting a reconnect"


class ReconnectWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and str(record.msg).startswith(_RECONNECT):
            error = record.exc_info[1]
            reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
            as_one_warning(record, "%s (%s)", record.getMessage(), reason)
        return True


def quiet_reconnects() -> None:
    client_log = logging.getLogger("discord.client")
    if not any(isinstance(f, ReconnectWithoutTraceback) for f in client_log.filters):
        client_log.addFilter(ReconnectWithoutTraceback())
