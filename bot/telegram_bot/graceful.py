"""`GracefulApplication`: a stop that stays within `docker stop`'s 10 s.

python-telegram-bot's `Application.stop` waits for every update being handled, however long: an
answer waiting out Telegram's 429 (`retry_after` 40 s) or a moderator's large add kept a stopping
process alive 35–40 s, until `docker stop` killed it mid-change with nobody told. Here the updates
being handled get `SHUTDOWN_GRACE_SECONDS`, as on Discord; then they are cancelled, and each chat is
told once, in reply to the first of them, with how many (`cut_off_in_chat`, within a second), and
updates still waiting are left unhandled (counted in the log).
A second Ctrl-C (or SIGTERM) cuts them off at once: the library's own handler raised `SystemExit`
inside the stop, which dropped the cut-off notices and left tasks pending.

While Telegram is unreachable the library waits between attempts to fetch updates, up to 30 s, and its
stop waited that wait out (30.8 s seen). Its polling task ends at once on a stop otherwise (it waits on
the stop beside each fetch); one still running `POLLING_BACKOFF_CUT_SECONDS` after the stop signal is
in that wait, and is cancelled. Nothing fetched is lost: what was not confirmed is fetched again.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import Update

from bot.chat.shutdown import SHUTDOWN_GRACE_SECONDS, cut_off_in_chat
from bot.telegram_bot.polling import polling_task
from bot.telegram_bot.stateless import StatelessApplication
from bot.telegram_bot.updates import tell, topic_of

__all__ = ["GracefulApplication"]

log = logging.getLogger(__name__)

TELL_SECONDS = 1.0  # for the cut-off notice: a chat under flood control would hold it much longer
POLLING_BACKOFF_CUT_SECONDS = 1.0


class GracefulApplication(StatelessApplication):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._handling: dict[asyncio.Task[Any], object] = {}
        self._cut_off_notices: dict[int, str] = {}  # by update id: the one told in each chat
        self._cut_off = False
        self._left_unhandled = 0
        self._stop_asked = False
        self._cut_off_now = asyncio.Event()

    def _raise_system_exit(self) -> None:  # type: ignore[override]
        """python-telegram-bot's handler of the stop signals: the first stops, a second cuts off."""
        if self._stop_asked:
            log.info("Stop asked again: cutting off the updates being handled now.")
            self._cut_off_now.set()
            return
        self._stop_asked = True
        asyncio.get_running_loop().call_later(POLLING_BACKOFF_CUT_SECONDS, _end_polling_backoff)
        raise SystemExit

    async def process_update(self, update: object) -> None:
        if self._cut_off:  # past the grace: what still waits in the queue is left
            self._left_unhandled += 1
            return
        task = asyncio.current_task()
        if task is not None:
            self._handling[task] = update
        try:
            await super().process_update(update)
        except asyncio.CancelledError:
            if isinstance(update, Update) and (notice := self._cut_off_notices.get(update.update_id)):
                await asyncio.shield(self._tell_cut_off(update, notice))
            raise
        finally:
            if task is not None:
                self._handling.pop(task, None)

    def _plan_cut_off_notices(self, updates: list[object]) -> None:
        """One notice a chat (a forum topic), in reply to its earliest update cut off, counting them all."""
        by_chat: dict[tuple[int, int | None], list[Update]] = {}
        for update in updates:  # a button's alert is its own; an update without a chat has no one to tell
            if isinstance(update, Update) and update.callback_query is None and update.effective_message:
                message = update.effective_message
                by_chat.setdefault((message.chat_id, topic_of(message)), []).append(update)
        for cut_off in by_chat.values():
            first = min(cut_off, key=lambda u: u.update_id)
            self._cut_off_notices[first.update_id] = cut_off_in_chat(len(cut_off))

    async def _tell_cut_off(self, update: Update, notice: str) -> None:
        try:
            await asyncio.wait_for(tell(update, notice), TELL_SECONDS)
        except TimeoutError:
            log.info("Could not tell an asker the answer was cut off in time.")

    async def stop(self) -> None:
        stopping = asyncio.ensure_future(super().stop())
        asked_again = asyncio.ensure_future(self._cut_off_now.wait())
        done, _pending = await asyncio.wait(
            {stopping, asked_again}, timeout=SHUTDOWN_GRACE_SECONDS, return_when=asyncio.FIRST_COMPLETED
        )
        asked_again.cancel()
        if stopping not in done:
            self._cut_off = True
            late = [task for task in self._handling if not task.done()]
            self._plan_cut_off_notices([self._handling[task] for task in late])
            for task in late:
                task.cancel()
            log.warning("Stopping: %d updates took too long and were cancelled.", len(late))
        await stopping
        if self._left_unhandled:
            log.warning("Stopping: %d waiting updates were left unhandled.", self._left_unhandled)


def _end_polling_backoff() -> None:
    task = polling_task()
    if task is not None and not task.done():
        log.info("Stopping: no longer waiting to fetch Telegram updates again.")
        task.cancel()
