"""`InOrder`: one at a time per key, in the order asked, so a person's messages in a private chat are
answered in the order they were sent.

Eight questions fetched in one batch (after a restart or a reconnect) were answered in whatever order
their searches finished; in a private chat an answer does not quote its question, so nothing tied
each answer to its question, and a rate-limit notice arrived before the answers it followed.
`asyncio.Lock` lets its waiters in first come, first served, and each update's handler asks for its
turn before its first wait, in the order the updates came.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Hashable

__all__ = ["InOrder"]


class InOrder:
    def __init__(self) -> None:
        # A lock per key, with how many hold or wait for it: dropped when none do, so only the keys
        # with work under way take memory (at most the updates handled at once).
        self._locks: dict[Hashable, tuple[asyncio.Lock, int]] = {}

    @contextlib.asynccontextmanager
    async def turn(self, key: Hashable) -> AsyncIterator[None]:
        lock, count = self._locks.get(key, (None, 0))
        lock = lock or asyncio.Lock()
        self._locks[key] = (lock, count + 1)
        try:
            async with lock:
                yield
        finally:
            lock, count = self._locks[key]
            if count == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, count - 1)
