"""`Hidden`: the passages a place may not be answered from, as searches leave them out.

Every community's passages less the place's own. Both are kept as sorted id arrays, one of every
community's passages per revision (shared by every place) and one of each place's own: with one array
per place of everything it may not see, forty places asking in turn rebuilt a 90,000-id array and a
FAISS selector for every question (6 ms a question, under the index lock).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["NOTHING_HIDDEN", "Hidden"]

_NO_IDS = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True, eq=False)
class Hidden:
    communities: np.ndarray = field(default_factory=lambda: _NO_IDS)  # every community's passages
    own: np.ndarray = field(default_factory=lambda: _NO_IDS)  # the asking place's own (shown)

    def __bool__(self) -> bool:
        return len(self.communities) > len(self.own)

    def covers(self, ids: np.ndarray) -> np.ndarray:
        """Which of `ids` are hidden."""
        return _among(ids, self.communities) & ~_among(ids, self.own)


NOTHING_HIDDEN = Hidden()


def _among(values: np.ndarray, sorted_ids: np.ndarray) -> np.ndarray:
    """Which of `values` are in `sorted_ids` (sorted): a binary search each, whatever the ids' range."""
    if not len(sorted_ids):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_ids, values), len(sorted_ids) - 1)
    return np.asarray(sorted_ids[at] == values)
