"""Stopping cleanly: no new questions once a stop is asked for, and the ones in flight finished or, past
a grace period, apologised for. `docker stop` sends SIGTERM and waits 10 s before killing."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from index.errors import QabotError

__all__ = ["RESTARTING", "SHUTDOWN_GRACE_SECONDS", "InFlight", "ShuttingDown"]

log = logging.getLogger(__name__)

RESTARTING = "I'm restarting; please ask again in a minute."
# In-flight answers get this long to finish; with closing the connection, a stop stays under 10 s.
SHUTDOWN_GRACE_SECONDS = 6.0


class ShuttingDown(QabotError):
    def __init__(self) -> None:
        super().__init__(RESTARTING)


class InFlight:
    """The answers being worked on, so a stop can wait for them (and only for them)."""

    def __init__(self) -> None:
        self.closing = False
        self._tasks: set[asyncio.Task[object]] = set()

    @contextlib.asynccontextmanager
    async def answering(self) -> AsyncIterator[None]:
        """Around the work for one request: refused with `ShuttingDown` once a stop began."""
        if self.closing:
            raise ShuttingDown()
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            yield
        finally:
            if task is not None:
                self._tasks.discard(task)

    def __len__(self) -> int:
        return len(self._tasks)

    async def drain(self, grace: float = SHUTDOWN_GRACE_SECONDS) -> None:
        """Takes no more work, waits up to `grace` seconds for what is running, cancels the rest (their
        handlers apologise as they unwind)."""
        self.closing = True
        pending = {t for t in self._tasks if not t.done()}
        if pending:
            log.info("Stopping: finishing %d answers in flight.", len(pending))
            _done, late = await asyncio.wait(pending, timeout=grace)
            for task in late:
                task.cancel()
            if late:
                log.warning("Stopping: %d answers took too long and were cancelled.", len(late))
                await asyncio.wait(late, timeout=1.0)
