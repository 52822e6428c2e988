"""Work handed from the event loop to a thread pool, counted until it is over in its thread.

A caller that stops waiting (a timeout, a stop) does not end the work: the thread goes on until the
call returns. So a bound on work in flight frees a slot only when the work ends in its thread, or is
cancelled before it starts; freeing it when the caller gave up would let hung work pile up unbounded.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any, TypeVar

__all__ = ["run_counted"]

_Result = TypeVar("_Result")


def run_counted(
    executor: Executor, release: Callable[[], None], function: Callable[..., _Result], *args: Any
) -> asyncio.Future[_Result]:
    """`function(*args)` on `executor`; `release` runs on the event loop once the work is over.

    Called on the event loop. Cancelling the returned future cancels work that has not started.
    """
    loop = asyncio.get_running_loop()

    def released_on_the_loop(_: object) -> None:
        with contextlib.suppress(RuntimeError):  # the loop closed first (a stop): nothing to free
            loop.call_soon_threadsafe(release)

    try:
        work = executor.submit(functools.partial(function, *args))
    except BaseException:  # a pool shut down: nothing will run, so nothing stays counted
        release()
        raise
    work.add_done_callback(released_on_the_loop)
    return asyncio.wrap_future(work)
