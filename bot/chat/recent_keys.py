"""`RecentKeys`: what was seen lately, the latest few thousand, so a repeat is told apart in bounded
memory (an update or a message delivered twice, an album already answered, a channel already warned
about)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

__all__ = ["RecentKeys"]

_Key = TypeVar("_Key", bound=Hashable)


class RecentKeys(Generic[_Key]):
    """The latest `size` keys remembered, in this process only."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._keys: OrderedDict[_Key, None] = OrderedDict()

    def __contains__(self, key: _Key) -> bool:
        return key in self._keys

    def remember(self, key: _Key) -> None:
        self._keys[key] = None
        if len(self._keys) > self._size:
            self._keys.popitem(last=False)

    def first_time(self, key: _Key) -> bool:
        """Whether `key` is new, remembering it."""
        if key in self._keys:
            return False
        self.remember(key)
        return True
