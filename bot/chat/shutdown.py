"""Stopping cleanly: no new questions once a stop is asked for, and the ones in flight finished or, past
a grace period, apologised for. `docker stop` sends SIGTERM and waits 10 s before killing."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import AsyncIterator

from bot.chat.answer_queue import ANSWER_THREAD_NAME, STORAGE_THREAD_NAME
from bot.chat.changes import CHANGE_THREAD_NAME
from bot.chat.owed_reports import REPORTS_THREAD_NAME
from index.errors import QabotError

__all__ = [
    "CUT_OFF", "RESTARTING", "SHUTDOWN_GRACE_SECONDS", "InFlight", "ShuttingDown", "cut_off_in_chat",
    "exit_past_stuck_answers",
]  # fmt: skip

log = logging.getLogger(__name__)

RESTARTING = "I'm restarting; please ask again in a minute."
CUT_OFF = "Sorry, I'm restarting and could not finish this; please try again in a minute."

# In-flight answers get this long to finish; with closing the connection, a stop stays under 10 s.
SHUTDOWN_GRACE_SECONDS = 6.0


def cut_off_in_chat(messages: int) -> str:
    """`CUT_OFF` for one or more `messages` of a chat: one notice for them all. Telegram takes 20
    messages a minute in a group: of 32 notices given a second each, most would be dropped."""
    if messages == 1:
        return CUT_OFF
    return (
        f"Sorry, I'm restarting and could not finish {messages} of the messages sent here; "
        "please send them again in a minute."
    )


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


def exit_past_stuck_answers(seconds: float = 1.0) -> None:
    """Ends the process now if an answer or change thread is still running `seconds` after the stop (one
    waiting on a database that stopped answering, a large add): Python joins every worker thread at
    exit, so a stopped bot stayed up until `docker stop` killed it. A change cut off here is one
    transaction that never committed, as under `docker stop`'s kill. Call after everything else is
    closed and logged."""
    deadline = time.monotonic() + seconds
    workers = (ANSWER_THREAD_NAME, STORAGE_THREAD_NAME, CHANGE_THREAD_NAME, REPORTS_THREAD_NAME)
    running = [thread for thread in threading.enumerate() if thread.name.startswith(workers)]
    for thread in running:
        thread.join(max(0.0, deadline - time.monotonic()))
    stuck = [thread for thread in running if thread.is_alive()]
    if not stuck:
        return
    log.warning("Exiting with %d answers or changes still running; not waiting for them.", len(stuck))
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
