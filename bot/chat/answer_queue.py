"""`AnswerQueue`: where questions are answered, apart from other blocking work, and how many may wait.

discord.py starts a task for every event, and Telegram's updates are handled up to 128 at a time, each
person within their own rate limit: many accounts asking at once queued unbounded work on the event
loop's default executor, which listings, votes and buttons share. Questions now run on threads of
their own; at most `MAX_ANSWERS_IN_FLIGHT` are being answered or wait at once, and a question past
that is refused at once with a message. A question the person was told about (past the answer time
limit) still counts until its thread is done with it, so work held by a hung database cannot pile up.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from bot.chat.counted_work import run_counted
from index.errors import QabotError

__all__ = ["ANSWERS_BUSY", "MAX_ANSWERS_IN_FLIGHT", "AnswerQueue", "AnswersBusy"]

# An answer takes about 10 ms of one core: 64 waiting is well under a second's work on two cores, and
# more than Telegram's 128 updates in handling ever hold questions on a normal day.
MAX_ANSWERS_IN_FLIGHT = 64
# Two cores; a thread waiting on PostgreSQL's network round trip leaves its core to another.
ANSWER_THREADS = 4
ANSWERS_BUSY = "I'm answering a lot of questions right now; please ask again in a minute."
_Result = TypeVar("_Result")


class AnswersBusy(QabotError):
    def __init__(self) -> None:
        super().__init__(ANSWERS_BUSY)


class AnswerQueue:
    def __init__(self, max_in_flight: int = MAX_ANSWERS_IN_FLIGHT, threads: int = ANSWER_THREADS) -> None:
        self._max_in_flight = max_in_flight
        self._threads = ThreadPoolExecutor(threads, thread_name_prefix="qabot-answer")
        self._in_flight = 0

    def __len__(self) -> int:
        """Questions being answered or waiting for a thread."""
        return self._in_flight

    async def run(self, function: Callable[..., _Result], *args: Any) -> _Result:
        """`function(*args)` on an answering thread, or `AnswersBusy`. Called on the event loop only,
        so the count needs no lock."""
        if self._in_flight >= self._max_in_flight:
            raise AnswersBusy()
        self._in_flight += 1
        return await run_counted(self._threads, self._release, function, *args)

    def _release(self) -> None:
        self._in_flight -= 1
