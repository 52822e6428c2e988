"""`ReportBook`: each change a chat front end runs is written down while it runs, so that a bot killed
mid-change (SIGKILL, the OOM killer) tells its sender after the restart.

Polling confirms a Telegram update before its handler ends: a moderator whose add was under way at a
hard kill heard nothing, ever. A front end opens `settling()` around the handling of a change and
calls `owe()` once the change is granted; the scope's end crosses it off, whatever happened (reported,
refused, cut off at a stop). At start, `tell_left` tells what a process that ended mid-change still
owed. Only one process of a platform may do that (Telegram polling, the Discord bot): a replica
taking another's changes under way would say they were cut off.

The bookkeeping never holds a change up: it has a thread of its own (not the writes strangers' votes
queue on), an owe that fails or is slow is logged and the change runs unrecorded, and a handler's end
waits at most `SETTLE_SECONDS` for the crossing off (a stop's cut-off notice comes after it).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from index.store.owed_reports import LeftReport, OwedReports

__all__ = ["LEFT_AFTER_SECONDS", "REPORTS_THREAD_NAME", "ReportBook", "restarted_during"]

log = logging.getLogger(__name__)

REPORTS_THREAD_NAME = "qabot-reports"  # how `bot.chat.shutdown` finds a write still running at exit
OWE_SECONDS = 5.0
SETTLE_SECONDS = 1.0
MAX_PENDING = 256  # writes waiting for the book's thread; past it a change runs unrecorded
# A start tells what was left only after this long: in an overlapping restart the old process is
# still finishing its changes (its grace is 6 s), and a second poller by mistake has stopped (409).
LEFT_AFTER_SECONDS = 15.0
_OWED: ContextVar[list[str] | None] = ContextVar("qabot_owed_reports", default=None)
_Result = TypeVar("_Result")


def restarted_during(whats: Sequence[str]) -> str:
    """What the sender of changes a hard kill cut short is told after the restart (`whats`: "adding
    budget.md", oldest first)."""
    if len(whats) == 1:
        return (
            f"Sorry: I was restarted while {whats[0]}, and could not tell you how it went. /sources shows "
            "what I have now; if it is not as you asked, please send it again."
        )
    if len(whats) == 2:
        named = f"{whats[0]} and {whats[1]}"
    elif len(whats) == 3:
        named = f"{whats[0]}, {whats[1]} and {whats[2]}"
    else:
        named = f"{whats[0]}, {whats[1]} and {len(whats) - 2} more"
    return (
        f"Sorry: I was restarted while {named}, and could not tell you how they went. /sources shows "
        "what I have now; if it is not as you asked, please send them again."
    )


class ReportBook:
    def __init__(self, reports: OwedReports) -> None:
        self._reports = reports
        # One thread, so a change's crossing off runs after its writing down.
        self._thread = ThreadPoolExecutor(1, thread_name_prefix=REPORTS_THREAD_NAME)
        self._pending = 0
        self._lock = threading.Lock()
        self._settling: set[asyncio.Task[None]] = set()

    @asynccontextmanager
    async def settling(self) -> AsyncIterator[None]:
        """Around the handling of a change: what `owe` writes down inside is crossed off at its end
        (waited for briefly; not at all when cut off at a stop, whose notice comes next)."""
        owed: list[str] = []
        token = _OWED.set(owed)
        try:
            yield
        finally:
            _OWED.reset(token)
            if owed:
                settle = asyncio.ensure_future(self._settle(owed))
                self._settling.add(settle)
                settle.add_done_callback(self._settling.discard)
                task = asyncio.current_task()
                if task is None or not task.cancelling():
                    await asyncio.wait({settle}, timeout=SETTLE_SECONDS)

    async def owe(self, platform: str, address: Mapping[str, int], what: str) -> None:
        """Writes down a granted change about to run (`what`: "adding budget.md"), to be told at
        `address` if this process ends before `settling` does."""
        owed = _OWED.get()
        if owed is None:
            raise RuntimeError("A change is owed a report only inside `settling()`.")
        key = uuid.uuid4().hex
        owed.append(key)  # first: written late or not at all, it is still crossed off
        try:
            async with asyncio.timeout(OWE_SECONDS):
                await self._run(self._reports.owe, key, platform, address, what, bounded=True)
        except Exception as error:
            log.warning("A change runs unrecorded (a hard kill now would go untold): %r", error)

    async def _settle(self, keys: list[str]) -> None:
        try:
            await self._run(self._reports.settle, keys)
        except RuntimeError as error:  # the book closed at a stop: told after the restart, hedged
            log.info("Could not cross off %d changes under way: %s", len(keys), error)
        except Exception:
            log.exception("Could not cross off %d changes under way", len(keys))

    async def tell_left(
        self,
        platform: str,
        tell: Callable[[LeftReport, str], Awaitable[bool]],
        place: Callable[[LeftReport], Hashable],
    ) -> None:
        """After `LEFT_AFTER_SECONDS`, tells what a process of `platform` owed when it ended: one
        `tell(report, text)` a `place` (a chat, a person), in reply to its oldest; True if told. Each
        place's reports are crossed off once it was tried: a stop meanwhile leaves the rest to tell."""
        await asyncio.sleep(LEFT_AFTER_SECONDS)
        try:
            left = await self._run(self._reports.left, platform)
        except Exception:
            log.exception("Could not read the changes a stopped bot left unreported")
            return
        by_place: dict[Hashable, list[LeftReport]] = {}
        for report in left:
            by_place.setdefault(place(report), []).append(report)
        told = 0
        for reports in by_place.values():
            try:
                told += await tell(reports[0], restarted_during([r.what for r in reports]))
            except Exception:
                log.exception("Could not tell %s that a change was cut off by a restart", reports[0].address)
            await self._settle([r.key for r in reports])
        if left:
            log.warning(
                "Of %d changes a restart cut off, told %d of %d places.", len(left), told, len(by_place)
            )

    async def drop_stale(self) -> None:
        """Where no process tells what was left (webhook replicas): drops what is too old to tell."""
        try:
            await self._run(self._reports.drop_stale)
        except Exception:
            log.exception("Could not drop the changes left unreported for days")

    async def drain(self, seconds: float = SETTLE_SECONDS) -> None:
        """At a stop, before `close`: waits up to `seconds` for the crossings off not waited for."""
        if self._settling:
            await asyncio.wait(set(self._settling), timeout=seconds)

    async def _run(self, function: Callable[..., _Result], *args: Any, bounded: bool = False) -> _Result:
        """`function(*args)` on the book's thread; shielded: a caller that stops waiting does not
        take the write back. `bounded`: refused past `MAX_PENDING` waiting (a crossing off never is)."""
        with self._lock:
            if bounded and self._pending >= MAX_PENDING:
                raise RuntimeError(f"{MAX_PENDING} writes of changes under way are waiting")
            self._pending += 1
        try:
            work: Future[_Result] = self._thread.submit(function, *args)
        except RuntimeError:
            self._done()
            raise
        work.add_done_callback(self._done)
        return await asyncio.shield(asyncio.wrap_future(work))

    def _done(self, _work: Future[Any] | None = None) -> None:
        with self._lock:
            self._pending -= 1

    def close(self) -> None:
        """At a stop: what was asked for still runs (`exit_past_stuck_answers` bounds how long)."""
        self._thread.shutdown(wait=False)
