"""At a stop, python-telegram-bot polls once more to confirm the updates it fetched. When Telegram
does not answer that poll (an outage, a stalled proxy), the library logs an ERROR with the whole
chain of tracebacks, although nothing failed here: the bot still stops, and Telegram sends the
unconfirmed updates again after the restart. Here that is one WARNING line naming the error."""

from __future__ import annotations

import logging

from bot.chat.errors import as_one_warning

__all__ = ["FinalPollWithoutTraceback", "quiet_final_poll"]

_FINAL_POLL = "Error while calling `get_updates` one more time"


class FinalPollWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith(_FINAL_POLL):
            error = record.exc_info[1] if record.exc_info else None
            as_one_warning(
                record,
                "Telegram did not confirm the last updates fetched before the stop (%s); it will send "
                "them again after the restart.",
                error or "no answer",
            )
        return True


def quiet_final_poll() -> None:
    updater_log = logging.getLogger("telegram.ext.Updater")
    if not any(isinstance(f, FinalPollWithoutTraceback) for f in updater_log.filters):
        updater_log.addFilter(FinalPollWithoutTraceback())
