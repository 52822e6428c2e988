"""`AnswerQueue`: where questions are answered, apart from other blocking work, and how many may wait.

discord.py starts a task for every event, and Telegram's updates are handled up to 128 at a time, each
person within their own rate limit: many accounts asking at once queued unbounded work on the event
loop's default executor, which listings, votes and buttons share. Questions now run on threads of
their own; at most `MAX_ANSWERS_IN_FLIGHT` are being answered or wait at once, at most
`MAX_ANSWERS_PER_PLACE` of them from one group or server (so one crowded server cannot take every
place), and a question past either is refused at once with a message. A question the person was
told about (past the answer time limit) still counts until its thread is done with it, so work held
by a hung database cannot pile up.

The storage work around answers has queues of its own with the same kind of bounds: reads (a
`/sources` page, a whole paragraph) on `READ_THREADS`, and writes (a vote, a refusal recorded) on
`WRITE_THREADS`, so votes waiting for a moderator's add to let go of SQLite hold up no listing. On the
event loop's default executor this work had no bound, a hung database held a `/sources` reply for
good, and a stop waited for its thread.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal, TypeVar

from bot.chat.counted_work import run_counted
from index.errors import QabotError

__all__ = [
    "ANSWERS_BUSY", "ANSWER_THREAD_NAME", "MAX_ANSWERS_IN_FLIGHT", "MAX_ANSWERS_PER_PLACE",
    "MAX_STORAGE_IN_FLIGHT", "MAX_STORAGE_PER_PLACE", "READ_THREADS", "STORAGE_BUSY", "STORAGE_THREAD_NAME",
    "WRITE_THREADS", "AnswerQueue", "AnswersBusy", "HeldPlace", "storage_queue",
]  # fmt: skip

# An answer takes about 10 ms of one core: 64 waiting is well under a second's work on two cores, and
# more than Telegram's 128 updates in handling ever hold questions on a normal day.
MAX_ANSWERS_IN_FLIGHT = 64
# A quarter of them for one group or server: 300 accounts in one server filled every place, and every
# other community heard "busy". Private chats have no share of their own (each person's rate limit).
MAX_ANSWERS_PER_PLACE = 16
# Two cores; a thread waiting on PostgreSQL's network round trip leaves its core to another.
ANSWER_THREADS = 4
ANSWER_THREAD_NAME = "qabot-answer"  # how `bot.chat.shutdown` finds answers still running at exit
# Storage work beside answers takes a few milliseconds, each request behind a person's rate limit.
MAX_STORAGE_IN_FLIGHT = 32  # in each of the two queues
MAX_STORAGE_PER_PLACE = 8
READ_THREADS = 2
WRITE_THREADS = 1  # SQLite takes one writer at a time anyway
STORAGE_THREAD_NAME = "qabot-storage"
ANSWERS_BUSY = "I'm answering a lot of questions right now; please ask again in a minute."
# A vote, a listing or a paragraph refused: it asks nothing, so the answers' text was wrong for it.
STORAGE_BUSY = "I'm handling a lot of requests right now; please try again in a minute."
_Result = TypeVar("_Result")


class AnswersBusy(QabotError):
    def __init__(self, message: str = ANSWERS_BUSY) -> None:
        super().__init__(message)


class HeldPlace:
    """A place for one question in `AnswerQueue`, taken by `holding`; `release` is None once used."""

    def __init__(self, release: Callable[[], None]) -> None:
        self.release: Callable[[], None] | None = release


class AnswerQueue:
    def __init__(
        self,
        max_in_flight: int = MAX_ANSWERS_IN_FLIGHT,
        threads: int = ANSWER_THREADS,
        max_per_place: int = MAX_ANSWERS_PER_PLACE,
        thread_name: str = ANSWER_THREAD_NAME,
        busy: str = ANSWERS_BUSY,
    ) -> None:
        self._busy = busy
        self._max_in_flight = max_in_flight
        self._max_per_place = max_per_place
        self._threads = ThreadPoolExecutor(threads, thread_name_prefix=thread_name)
        self._in_flight = 0
        self._by_place: dict[str, int] = {}  # places with questions in flight only

    def __len__(self) -> int:
        """Questions being answered or waiting for a thread."""
        return self._in_flight

    def check_room(self, place: str | None = None) -> None:
        """`AnswersBusy` if a question from `place` would be refused now."""
        if self._in_flight >= self._max_in_flight:
            raise AnswersBusy(self._busy)
        if place is not None and self._by_place.get(place, 0) >= self._max_per_place:
            raise AnswersBusy(self._busy)

    @contextlib.contextmanager
    def holding(self, place: str | None = None) -> Iterator[HeldPlace]:
        """A place for one question, taken now or `AnswersBusy`: a front end that shows the asker's
        question publicly first ("thinking…") takes it before, so a refusal stays the asker's alone and
        no other question can take the place meanwhile. Given back when the question passed to `run`
        is done, or on leaving the block if none was."""
        held = HeldPlace(self._take(place))
        try:
            yield held
        finally:
            if held.release is not None:  # never ran
                held.release()

    def _take(self, place: str | None) -> Callable[[], None]:
        self.check_room(place)
        self._in_flight += 1
        if place is not None:
            self._by_place[place] = self._by_place.get(place, 0) + 1

        def release() -> None:
            self._in_flight -= 1
            if place is not None:
                left = self._by_place.pop(place) - 1
                if left:
                    self._by_place[place] = left

        return release

    async def run(
        self,
        function: Callable[..., _Result],
        *args: Any,
        place: str | None = None,
        held: HeldPlace | None = None,
    ) -> _Result:
        """`function(*args)` on an answering thread, or `AnswersBusy`; `place`: the group or server
        asking (None: a private chat), or `held`, a place taken before. Called on the event loop only,
        so the counts need no lock."""
        if held is not None and held.release is not None:
            release, held.release = held.release, None
        else:
            release = self._take(place)
        return await run_counted(self._threads, release, function, *args)

    def close(self) -> None:
        """At a stop: idle threads end, questions not started are dropped; running ones go on."""
        self._threads.shutdown(wait=False, cancel_futures=True)


def storage_queue(kind: Literal["read", "write"]) -> AnswerQueue:
    """The queue for storage work beside answers (see the module)."""
    threads = READ_THREADS if kind == "read" else WRITE_THREADS
    name = f"{STORAGE_THREAD_NAME}-{kind}"
    return AnswerQueue(MAX_STORAGE_IN_FLIGHT, threads, MAX_STORAGE_PER_PLACE, name, STORAGE_BUSY)
