""" "typing…" while the bot works on a reply, on either platform, never at the reply's expense.

The indicator only decorates the answer. Its first one is sent before the work starts, so it shows
at once, but waited for at most `FIRST_WAIT_SECONDS`: discord.py retries a failing endpoint for about
25 s, and waiting on that lost the answer behind an apology. Later ones go from a task of their own,
cancelled with the block. Each platform's `send` handles its own errors (no permission, an outage).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

__all__ = ["FIRST_WAIT_SECONDS", "indicating"]

log = logging.getLogger(__name__)

FIRST_WAIT_SECONDS = 2.0
CANCEL_WAIT_SECONDS = 1.0


@contextlib.asynccontextmanager
async def indicating(send: Callable[[], Awaitable[None]], every: float) -> AsyncIterator[None]:
    """Runs `send` now and every `every` seconds while the block runs (both platforms show an
    indicator for five to ten seconds)."""
    shown = asyncio.Event()

    async def indicate() -> None:
        try:
            try:
                await asyncio.wait_for(send(), FIRST_WAIT_SECONDS)
            except TimeoutError:
                log.info("The typing indicator took over %.0f s; answering without it.", FIRST_WAIT_SECONDS)
            shown.set()
            while True:
                await asyncio.sleep(every)
                await send()
        except Exception:  # `send` handles its platform's errors: a bug, but the answer goes on
            log.exception("The typing indicator failed; answering without it.")
        finally:
            shown.set()

    refresher = asyncio.create_task(indicate())
    try:
        await shown.wait()  # the first one before the work: at most FIRST_WAIT_SECONDS
        yield
    finally:
        # Waited for, briefly: a stop that closed the loop right after left it pending, and asyncio
        # logged "Task was destroyed but it is pending!" as an ERROR.
        refresher.cancel()
        await asyncio.wait({refresher}, timeout=CANCEL_WAIT_SECONDS)
