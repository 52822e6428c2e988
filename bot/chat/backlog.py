"""`Backlog`: how many messages wait to be sent to each place, bounded.

A platform lets a bot post only so fast in one channel (Discord: 5 messages every 5 s), and its library
waits for that inside the task that sends, holding the question's answer meanwhile. Accounts each within
their own question budget flooding one channel had every reply wait, without end, for as long as the
flood lasted. Past `most` waiting in a place, a reply is dropped, as a flood's replies are. Telegram's
transport keeps one for each group's posts and one for its edits.
"""

from __future__ import annotations

import contextlib
from collections.abc import Hashable, Iterator
from typing import Generic, TypeVar

__all__ = ["Backlog"]

_Place = TypeVar("_Place", bound=Hashable)


class Backlog(Generic[_Place]):
    """Places to wait in, at most `most` a key (a channel). Used on one event loop only."""

    def __init__(self, most: int) -> None:
        self.most = most
        self._waiting: dict[_Place, int] = {}

    @contextlib.contextmanager
    def place(self, key: _Place, most: int | None = None) -> Iterator[bool]:
        """True, with a place held until the block ends; False (no place held) when `most` wait. A
        smaller `most` keeps a kind of message to a share of the places, leaving the rest to others."""
        waiting = self._waiting.get(key, 0)
        if waiting >= min(self.most, self.most if most is None else most):
            yield False
            return
        self._waiting[key] = waiting + 1
        try:
            yield True
        finally:
            left = self._waiting.pop(key) - 1
            if left:
                self._waiting[key] = left

    def waiting(self, key: _Place) -> int:
        return self._waiting.get(key, 0)
