"""`ChangeQueue`: where changes to the knowledge base run, apart from questions, and how many may wait.

An add parses, embeds and writes for up to minutes. Run on the event loop's default executor (six
threads on two cores), six adds from one person's six groups took every thread, and questions from
anyone else waited four minutes for one. Changes now run on threads of their own, one at a time per
lane: the shared knowledge base's moderators have one lane, community admins share the other, so
strangers' adds never hold up a moderator's (each lane has its parse worker too, `index.ingest.worker`).
At most one change per community admin and per community waits or runs at a time, and at most
`MAX_WAITING` in all in the communities' lane (`MODERATORS_MAX_WAITING` in the moderators'); anything
more is refused at once with a message, so memory stays bounded by that many downloaded files per
lane (the upload cap each). A front end that must download a file first `claim`s the change's place
before the download: a refused change costs no download, and a person's changes still run in the order
claimed (an upload, then a /remove of it, sent together). A change the core refuses after it was
granted (a community naming a shared source) is recorded, as refused grants are.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from types import TracebackType
from typing import Any, TypeVar

from bot.chat.authority import Grant
from bot.chat.counted_work import run_counted
from index.errors import CollectionFull, NotAllowed, QabotError

__all__ = [
    "CHANGE_THREAD_NAME",
    "MAX_WAITING",
    "MODERATORS_MAX_WAITING",
    "NOTICE_SECONDS",
    "STILL_WORKING_SECONDS",
    "ChangeQueue",
    "ChangeSlot",
    "ChangesBusy",
    "still_adding",
    "tell_meanwhile",
]

MAX_WAITING = 8  # in the communities' lane, the one under way included
# The deployment's moderators sending a folder's files at once: past 8, the rest were refused while
# the queue emptied in seconds. Named people, so 32 files of the upload cap (160 MB at 5 MB) at most.
MODERATORS_MAX_WAITING = 32
# A word on a change before its report ("queued", "still adding") waits at most this long to be sent:
# in a flooded group a post may be held a minute for the group's budget, and the report behind it.
NOTICE_SECONDS = 5.0
# An add still running after this long is said to be: a 4.5 MB add took 515 s with "typing…" alone
# to show for it. Refusals of what was sent (binary, no text) come within a second or two, so none of
# them is first said to be under way, as a notice sent on the file's size alone was.
STILL_WORKING_SECONDS = 10.0
CHANGE_THREAD_NAME = "qabot-change"  # how `bot.chat.shutdown` finds changes still running at exit
_Result = TypeVar("_Result")
log = logging.getLogger(__name__)


class ChangesBusy(QabotError):
    """A change refused because too many are waiting, or this person's or community's last one is."""


def still_adding(name: str) -> str:
    return f"Still adding {name}: a large document takes minutes to add. I'll report when it is done."


class ChangeSlot:
    """A claimed place for one change in its lane; given back when the change is over, or on leaving
    the `with` block if the change never ran (a download failed)."""

    def __init__(
        self,
        lane: Executor,
        release: Callable[[], None],
        refused: Callable[[], Awaitable[None]] | None = None,
        after: asyncio.Future[None] | None = None,
    ) -> None:
        """`refused`: what to do when the core refuses the change (`NotAllowed`): record it. `after`:
        done once the same person's change claimed before this one is over (or never ran)."""
        self._lane = lane
        self._release: Callable[[], None] | None = release
        self._refused = refused
        self._after = after

    def __enter__(self) -> ChangeSlot:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._release is not None:  # never ran
            release, self._release = self._release, None
            release()

    async def run(self, function: Callable[..., _Result], *args: Any, **kwargs: Any) -> _Result:
        """`function(*args, **kwargs)` on the lane (once; a cancelled caller's change still runs, and
        still counts until it is over: `run_counted`)."""
        if self._release is None:
            raise RuntimeError("A change slot runs one change.")
        if self._after is not None:  # an upload sent before a /remove is still downloading
            await asyncio.shield(self._after)
        release, self._release = self._release, None
        try:
            return await run_counted(self._lane, release, functools.partial(function, *args, **kwargs))
        except CollectionFull:  # a community's own limit, no attempt on what it may not change
            raise
        except NotAllowed:
            if self._refused is not None:
                await self._refused()
            raise

    async def run_telling(
        self, tell: Callable[[], Awaitable[None]], function: Callable[..., _Result], *args: Any, **kwargs: Any
    ) -> _Result:
        """`run`, awaiting `tell()` (a word to whoever asked) once the change has run for
        `STILL_WORKING_SECONDS`: counted from its start, not from its place in line (a small file
        queued behind others was said to be large, then refused)."""
        loop, started = asyncio.get_running_loop(), asyncio.Event()

        def starting(*call_args: Any, **call_kwargs: Any) -> _Result:
            with contextlib.suppress(RuntimeError):  # the loop closed (a stop): no one is left to tell
                loop.call_soon_threadsafe(started.set)
            return function(*call_args, **call_kwargs)

        change = asyncio.ensure_future(self.run(starting, *args, **kwargs))
        try:
            start = asyncio.ensure_future(started.wait())
            try:
                await asyncio.wait({change, start}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                start.cancel()
            done, _ = await asyncio.wait({change}, timeout=STILL_WORKING_SECONDS)
            if not done:
                await tell_meanwhile(tell)
            return await change
        except BaseException:
            change.cancel()  # as when its caller is cancelled: a change under way runs on, counted
            raise


async def tell_meanwhile(tell: Callable[[], Awaitable[None]]) -> None:
    """A word on a change before its report ("queued", "still adding"), which the change goes on
    without: it waits at most `NOTICE_SECONDS` to be sent, and whatever stops it is logged."""
    try:
        async with asyncio.timeout(NOTICE_SECONDS):
            await tell()
    except TimeoutError:
        log.info("A word on a change was not sent within %s s", NOTICE_SECONDS)
    except Exception:
        log.exception("Could not say a word on a change under way")


class ChangeQueue:
    def __init__(
        self,
        max_waiting: int = MAX_WAITING,
        on_refused: Callable[[Grant], Awaitable[None]] | None = None,
        moderators_max_waiting: int = MODERATORS_MAX_WAITING,
    ) -> None:
        """`on_refused`: records a granted change the core then refuses (`Authority.record_refused`)."""
        self._max_waiting = {"shared": moderators_max_waiting, "community": max_waiting}
        self._on_refused = on_refused
        self._lanes = {
            "shared": ThreadPoolExecutor(1, thread_name_prefix=f"{CHANGE_THREAD_NAME}-shared"),
            "community": ThreadPoolExecutor(1, thread_name_prefix=f"{CHANGE_THREAD_NAME}-community"),
        }
        self._waiting = dict.fromkeys(self._lanes, 0)
        self._busy: set[str] = set()  # people and communities with a change waiting or under way
        # Each person's latest claimed change, done once it is over: their next one runs after it.
        self._latest: dict[tuple[str, str], asyncio.Future[None]] = {}
        # Each community's change waiting or under way (one at most), done once it is over.
        self._latest_of_collection: dict[str, asyncio.Future[None]] = {}

    async def run(
        self, grant: Grant | None, function: Callable[..., _Result], *args: Any, **kwargs: Any
    ) -> _Result:
        """`function(*args, **kwargs)` on the lane `grant` belongs to (None: the platform's own doing,
        touching no one collection), or `ChangesBusy`."""
        with self.claim(grant) as slot:
            return await slot.run(function, *args, **kwargs)

    def close(self) -> None:
        """At a stop: idle lanes end, changes not started are dropped (their callers were told); one
        under way goes on, `shutdown.exit_past_stuck_answers` bounding the wait."""
        for lane in self._lanes.values():
            lane.shutdown(wait=False, cancel_futures=True)

    def in_lane(self, grant: Grant) -> int:
        """How many changes wait or run in `grant`'s lane (a claimed one among them runs after the
        others)."""
        return self._waiting[_lane_of(grant)]

    def claim(self, grant: Grant | None, collection: str | None = None) -> ChangeSlot:
        """A place for `grant`'s next change, or `ChangesBusy`. Called on the event loop only, so the
        counts need no lock. The platform's own change (no grant) names the `collection` it changes,
        and runs once the change claimed for it is over: an upload still downloading as its group was
        upgraded was added under the old id after the move, where no message comes from again."""
        if grant is not None and collection is not None:
            raise ValueError("A granted change's collection is its grant's.")
        # A group's upgrade moves a community's collection: its lane, so anyone upgrading group after
        # group holds up no moderator's change.
        lane = _lane_of(grant)
        # The shared lane's moderators are named by the deployment: they may queue several changes.
        keys = (
            {grant.actor, grant.collection} if grant is not None and grant.collection is not None else set()
        )
        if keys & self._busy:
            raise ChangesBusy(
                "Another change to these sources is still being made; send this one when it is done."
            )
        # The platform's own changes (a group's upgrade moving its collection) are not refused: no one
        # could send them again, and they download nothing.
        if grant is not None and self._waiting[lane] >= self._max_waiting[lane]:
            raise ChangesBusy(  # "in a few minutes" was wrong as often as not: small adds take a second
                f"I'm busy with other changes to my sources ({self._waiting[lane]} in line); send this "
                "one again once they are done."
            )
        self._busy |= keys
        self._waiting[lane] += 1
        # A person's changes apply in the order sent: an upload claims its place before its download,
        # and a /remove sent right after it ran first, so the file removed was added after all.
        # Per lane: a moderator's change to the shared sources waits for no community's queue.
        person = (grant.actor, lane) if grant is not None else None
        if grant is not None:
            collection = grant.collection
        if person is not None:
            after = self._latest.get(person)
        else:
            after = self._latest_of_collection.get(collection) if collection is not None else None
        over: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if person is not None:
            self._latest[person] = over
        if collection is not None:
            self._latest_of_collection[collection] = over

        def finish(_: object = None) -> None:
            if not over.done():
                over.set_result(None)
            if person is not None and self._latest.get(person) is over:
                del self._latest[person]
            if collection is not None and self._latest_of_collection.get(collection) is over:
                del self._latest_of_collection[collection]

        def release() -> None:
            self._busy -= keys
            self._waiting[lane] -= 1
            # Over only once the change before it is: a failed download's slot, given back at once,
            # let the next change run before the one claimed ahead of both.
            if after is None or after.done():
                finish()
            else:
                after.add_done_callback(finish)

        refused = None
        if self._on_refused is not None and grant is not None:
            refused = functools.partial(self._on_refused, grant)
        return ChangeSlot(self._lanes[lane], release, refused, after)


def _lane_of(grant: Grant | None) -> str:
    return "shared" if grant is not None and grant.collection is None else "community"
