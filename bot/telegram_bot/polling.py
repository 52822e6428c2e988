"""Long polling left unattended: a revoked token ends the process, and fetch errors are one log line.

python-telegram-bot's polling loop stops for good on an `InvalidToken` (Telegram's 401 once the token
is revoked in @BotFather) but leaves the application running: a process that looks alive and answers
nothing, which no supervisor restarts. `watch_polling` ends the application instead, and `run` exits
with a message. Errors fetching updates (a 502, a 409 from a second process polling the same token)
reach the error handler with no update; they are retried, so they are logged as one warning each,
not as a traceback of "an error handling an update".
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from telegram.error import Conflict, InvalidToken, NetworkError, TelegramError

__all__ = ["POLLING_STOPPED", "describe_polling_error", "polling_task", "watch_polling"]

log = logging.getLogger(__name__)

# The name python-telegram-bot (v22) gives its polling task.
_POLLING_TASK = "Updater:start_polling:polling_task"
_LOOK_EVERY_SECONDS = 0.2
POLLING_STOPPED = (
    "Telegram stopped accepting TELEGRAM_BOT_TOKEN while the bot was running (was it revoked in "
    "@BotFather?), so no more messages can arrive: the bot stopped."
)


async def watch_polling(application: Any, stopped: list[BaseException]) -> None:
    """Waits for the polling task; if it ends with an error, records it in `stopped` and stops the
    application (a normal shutdown cancels the task, and nothing happens)."""
    task = None
    while task is None:
        task = polling_task(application.updater)
        if task is None:
            await asyncio.sleep(_LOOK_EVERY_SECONDS)
    await asyncio.wait({task})
    if task.cancelled() or task.exception() is None:
        return
    error = task.exception()
    assert error is not None
    log.error("Polling for Telegram updates ended: %s", error)
    stopped.append(error)
    # Stopping the updater here takes the error out of the library's shutdown, which would otherwise
    # re-raise it half-way and leave the application's own tasks running on a closed loop.
    with contextlib.suppress(TelegramError):
        await application.updater.stop()
    application.stop_running()


def polling_task(updater: Any = None) -> asyncio.Task[Any] | None:
    """The library's polling task, if it has started: the updater's own (kept once it has ended: a 401
    at the first poll ended it before it could be found among the loop's tasks, and the process lived
    on, deaf), else the running loop's task of that name."""
    held = getattr(updater, "_Updater__polling_task", None)  # python-telegram-bot v22 keeps it there
    if isinstance(held, asyncio.Task):
        return held
    return next((t for t in asyncio.all_tasks() if t.get_name() == _POLLING_TASK), None)


def describe_polling_error(error: TelegramError) -> str:
    """One line for the log about an error fetching updates (python-telegram-bot retries them)."""
    if isinstance(error, Conflict):
        return (
            "Telegram says another process is polling this bot's token (409 Conflict): run one bot per "
            "token, or use webhooks for replicas."
        )
    if isinstance(error, InvalidToken):
        return POLLING_STOPPED
    kind = "network error" if isinstance(error, NetworkError) else type(error).__name__
    return f"Could not fetch Telegram updates ({kind}: {error}); retrying."
