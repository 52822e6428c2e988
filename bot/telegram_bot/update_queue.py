"""Updates handled a bounded number at a time, and polling that waits while too many are waiting.

python-telegram-bot's `Application` takes each update off its queue and starts a task for it at once;
the bound given to `concurrent_updates` is a semaphore inside that task. So while handling is slow (a
stalled database, a flood of questions), every update fetched became a waiting task, with no bound.

- `HandlingQueue` gives out an update only while fewer than its bound are being handled (`task_done`
  is called as each finishes), so at most that many tasks exist.
- `PatientPolling`, the request that polls for updates, asks Telegram for more only while fewer than
  the bound are waiting in the queue; Telegram keeps the rest meanwhile. Putting into the queue never
  waits: the library confirms a batch to Telegram only once all of it is queued, so a batch stopped
  halfway (by a restart) would be sent again, and updates already handled handled twice.
- The last poll at a stop (timeout 0, which only confirms what was fetched) never waits.
- An update the library cannot read is passed on as its id alone (`unreadable_updates`).

A webhook's updates are queued as they arrive: holding Telegram's request would make it send the
update again. Past `refuse_past` waiting (`WEBHOOK_MAX_WAITING`), a delivery is answered 503 instead,
and Telegram sends the update again later; it gives up after some attempts, so a flood that outlasts
them loses updates (the warning says when it began). Before, a flood faster than answering grew the
queue, and the bot's memory, for as long as it lasted. Telegram also sends an update again when its
delivery's answer was lost: an update id queued lately is not queued twice (in this process).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from http import HTTPStatus
from typing import Any

from telegram import Update
from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, HTTPXRequest, RequestData

from bot.chat.recent_keys import RecentKeys
from bot.telegram_bot.unreadable_updates import without_unreadable_updates
from index.throttled_log import ThrottledLog

__all__ = ["WEBHOOK_MAX_WAITING", "HandlingQueue", "PatientPolling"]

log = logging.getLogger(__name__)

# Updates waiting in webhook mode before Telegram is asked to send again later: a few MB of updates.
WEBHOOK_MAX_WAITING = 1024
REMEMBERED_UPDATE_IDS = 4096


class HandlingQueue(asyncio.Queue[Any]):
    def __init__(self, handled_at_once: int) -> None:
        super().__init__()
        self.bound = handled_at_once
        self.refuse_past: int | None = None  # set for a webhook: see the module's docstring
        self._room = asyncio.Semaphore(handled_at_once)
        self._taken = asyncio.Condition()
        self._refusing = ThrottledLog(
            log, "%d updates wait to be handled; Telegram is asked to send more later."
        )
        self._queued_ids: RecentKeys[int] = RecentKeys(REMEMBERED_UPDATE_IDS)

    async def put(self, item: Any) -> None:
        if isinstance(item, Update):
            if item.update_id in self._queued_ids:  # delivered again: its answer was lost on the way
                log.info("Update %d was delivered again; it is handled once.", item.update_id)
                return
            await self._put_update(item)  # remembered once queued: one refused (503) comes again
            self._queued_ids.remember(item.update_id)
            return
        await super().put(item)

    async def _put_update(self, item: Update) -> None:
        if self.refuse_past is not None and self.qsize() >= self.refuse_past:
            from tornado.web import HTTPError  # the webhook server's: only a webhook sets `refuse_past`

            self._refusing.warn(self.qsize())
            raise HTTPError(503)
        await super().put(item)

    async def get(self) -> Any:
        await self._room.acquire()
        update = await super().get()
        async with self._taken:
            self._taken.notify_all()
        return update

    def task_done(self) -> None:
        super().task_done()
        self._room.release()

    async def wait_for_room(self) -> None:
        """Returns once fewer than `bound` updates wait to be handled."""
        async with self._taken:
            await self._taken.wait_for(lambda: self.qsize() < self.bound)


class PatientPolling(HTTPXRequest):
    """The request python-telegram-bot polls with (one connection, as its own default)."""

    def __init__(self, queue: HandlingQueue) -> None:
        super().__init__(connection_pool_size=1)
        self._queue = queue

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if request_data is None or not _confirms_only(request_data.parameters.get("timeout")):
            await self._queue.wait_for_room()
        status, payload = await super().do_request(
            url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
        )
        return status, without_unreadable_updates(payload) if status == HTTPStatus.OK else payload


def _confirms_only(timeout: object) -> bool:
    """Whether a poll asks for no waiting: the last one at a stop, which confirms what was fetched."""
    if isinstance(timeout, dt.timedelta):
        return timeout.total_seconds() == 0
    return timeout == 0
