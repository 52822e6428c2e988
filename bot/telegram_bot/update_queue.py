"""`HandlingQueue`: python-telegram-bot's update queue, given out only while few enough are handled.

The `Application` takes each update off its queue and starts a task for it at once; the bound given
to `concurrent_updates` is a semaphore inside that task. So while handling is slow (a stalled
database, a flood of questions), every update fetched became a waiting task, with no bound. Here the
queue gives out an update only while fewer than its size are being handled (`task_done` is called as
each finishes), and holds at most as many waiting: once full, polling waits before fetching more
(Telegram keeps them meanwhile), and a webhook request waits for room.
"""

from __future__ import annotations

import asyncio
from typing import Any

__all__ = ["HandlingQueue"]


class HandlingQueue(asyncio.Queue[Any]):
    def __init__(self, handled_at_once: int) -> None:
        super().__init__(maxsize=handled_at_once)
        self._room = asyncio.Semaphore(handled_at_once)

    async def get(self) -> Any:
        await self._room.acquire()
        return await super().get()

    def task_done(self) -> None:
        super().task_done()
        self._room.release()
