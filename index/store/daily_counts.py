"""`DailyCounts`: how many rows each person had written today, so that one account cannot fill the disk.

Counted in each process and forgotten at midnight (UTC): a bound on what a tireless account stores, not
an exact quota (replicas count apart).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

__all__ = ["DailyCounts"]


class DailyCounts:
    """How many each person took today, against `most()` a day (read at each take, so it can change)."""

    def __init__(self, most: Callable[[], int], clock: Callable[[], float] = time.time) -> None:
        self._most = most
        self._clock = clock
        self._lock = threading.Lock()
        self._day = -1
        self._counts: dict[str, int] = {}

    def take(self, person: str) -> bool:
        """Counts one for `person`, or False when they are at the day's most."""
        day = int(self._clock() // 86_400)
        with self._lock:
            if day != self._day:
                self._day, self._counts = day, {}
            count = self._counts.get(person, 0)
            if count >= self._most():
                return False
            self._counts[person] = count + 1
            return True
