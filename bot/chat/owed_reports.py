"""`ReportBook`: each change a chat front end runs is written down while it runs, so that a bot killed
mid-change (SIGKILL, the OOM killer) tells its sender after the restart.

Polling confirms a Telegram update before its handler ends: a moderator whose add was under way at a
hard kill heard nothing, ever. A front end opens `settling()` around the handling of a change and
calls `owe()` once the change is granted; the scope's end crosses it off, whatever happened (reported,
refused, cut off at a stop). At start, `tell_left` tells what a process that ended mid-change still
owed. Only one process of a platform may do that (Telegram polling, the Discord bot): a replica
taking another's changes under way would say they were cut off.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextvars import ContextVar
from typing import Any

from index.store.owed_reports import LeftReport, OwedReports

__all__ = ["ReportBook", "restarted_during"]

log = logging.getLogger(__name__)

_OWED: ContextVar[list[int] | None] = ContextVar("qabot_owed_reports", default=None)


def restarted_during(what: str) -> str:
    """What the sender of a change cut off by a hard kill is told after the restart."""
    return (
        f"Sorry: I was restarted while {what}, and could not tell you how it went. /sources shows what "
        "I have now; if it is not as you asked, please send it again."
    )


class ReportBook:
    def __init__(self, reports: OwedReports, write: Callable[..., Awaitable[Any]]) -> None:
        """`write(function, *args)`: how a small write runs beside answering (`ChatContext.write`)."""
        self._reports = reports
        self._write = write

    @contextlib.asynccontextmanager
    async def settling(self) -> AsyncIterator[None]:
        """Around the handling of a change: what `owe` writes down inside is crossed off at its end."""
        owed: list[int] = []
        token = _OWED.set(owed)
        try:
            yield
        finally:
            _OWED.reset(token)
            if owed:  # shielded: a change cut off at a stop has been told so
                await asyncio.shield(self._settle(owed))

    async def owe(self, platform: str, address: Mapping[str, int], what: str) -> None:
        """Writes down a granted change about to run (`what`: "adding budget.md"), to be told at
        `address` if this process ends before `settling` does."""
        owed = _OWED.get()
        if owed is None:
            raise RuntimeError("A change is owed a report only inside `settling()`.")
        owed.append(await self._write(self._reports.owe, platform, address, what))

    async def _settle(self, owed: list[int]) -> None:
        try:
            await self._write(self._reports.settle, owed)
        except Exception:  # left: after a restart its sender hears it may have been cut off
            log.exception("Could not cross off %d reported changes", len(owed))

    async def tell_left(self, platform: str, tell: Callable[[LeftReport, str], Awaitable[None]]) -> None:
        """Tells each report a process of `platform` owed when it ended (`tell(report, text)`)."""
        try:
            left = await self._write(self._reports.take_left, platform)
        except Exception:
            log.exception("Could not read the changes a stopped bot left unreported")
            return
        for report in left:
            try:
                await tell(report, restarted_during(report.what))
            except Exception:
                log.exception("Could not tell %s that a change was cut off by a restart", report.address)
        if left:
            log.warning("Told %d senders of changes a restart cut off.", len(left))
