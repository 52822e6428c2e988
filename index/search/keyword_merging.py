"""`SegmentMerging`: how the keyword index keeps its segments few (a part of `KeywordIndex`).

Every change adds a small segment and marks rows dead. Up to `INLINE_MERGE_ROWS` passages everything
is merged at once; above, small segments are merged with each other once there are more than
`MAX_SMALL_SEGMENTS`, and into the large one in the background once they (or its dead rows) reach
`MERGE_SHARE` of it. Changes made while a background merge runs are kept: rows removed meanwhile are
marked dead in the merged segment, and segments added meanwhile stay beside it.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from index.search.background import BackgroundJob
from index.search.keyword_files import write_segment
from index.search.keyword_segments import Segment, merge_segments
from index.search.keyword_view import KeywordView, make_view
from index.search.keyword_vocabulary import Vocabulary

__all__ = ["INLINE_MERGE_ROWS", "MAX_SMALL_SEGMENTS", "MERGE_SHARE", "SegmentMerging"]

# Up to this many passages in all, every change leaves one segment (a merge this size takes well
# under a tenth of a second); above it, changes add small segments beside the large one.
INLINE_MERGE_ROWS = 20_000
# Small segments beside the large one before they are merged into one.
MAX_SMALL_SEGMENTS = 4
# The large segment is merged with the rest in the background once they (or its dead rows) reach
# this share of it: merging is linear in the whole index, so this keeps its cost per change small.
MERGE_SHARE = 0.1


class SegmentMerging:
    """Merging for `KeywordIndex`, which sets these attributes up."""

    _lock: threading.RLock
    _view: KeywordView
    _vocabulary: Vocabulary
    _folder: Path | None  # where a merged segment is written, once the index is saved
    _names: dict[Segment, str]
    _merging: int  # segments (from the first) being merged in the background
    _removed_while_merging: list[int]
    _merges: BackgroundJob

    def compact(self) -> None:
        """Merges every segment into one without the dead rows (in the background for large indexes)."""
        with self._lock:
            view = self._view
            if self._merging or (len(view.segments) <= 1 and view.live == view.rows):
                return
            self._merging, self._removed_while_merging = len(view.segments), []
            parts = [(s, ~dead) for s, dead in zip(view.segments, view.dead, strict=True)]
            vocabulary_size, folder = len(self._vocabulary), self._folder
        try:
            merged = merge_segments(parts, vocabulary_size)
            name = write_segment(folder, merged) if folder is not None else None
        except BaseException:
            with self._lock:
                self._merging = 0
            raise
        with self._lock:
            current, merged_count = self._view, self._merging
            dead = np.zeros(len(merged), dtype=bool)
            for passage_id in self._removed_while_merging:  # removed from the merged rows meanwhile
                row = int(np.searchsorted(merged.ids, passage_id))
                if row < len(merged) and int(merged.ids[row]) == passage_id:
                    dead[row] = True
            self._view = make_view(
                (merged, *current.segments[merged_count:]),
                (dead, *current.dead[merged_count:]),
                current.document_frequency,
                current.live,
                current.total_length,
            )
            self._merging, self._removed_while_merging = 0, []
            if name is not None:
                self._names[merged] = name

    def wait_for_merges(self, timeout: float | None = None) -> bool:
        return self._merges.wait(timeout)

    def _tidy(self) -> None:
        view = self._view
        if self._merging:
            return
        if view.rows <= INLINE_MERGE_ROWS:
            self.compact()
            return
        small = view.segments[1:]
        if len(small) > MAX_SMALL_SEGMENTS and sum(map(len, small)) <= max(
            INLINE_MERGE_ROWS, MERGE_SHARE * len(view.segments[0])
        ):
            self._merge_small()
        elif _needs_merge(view):
            self._merges.request(self._merge_if_needed)

    def _merge_if_needed(self) -> None:
        # Asked for again while a merge was starting, the merge that follows may have nothing to do.
        with self._lock:
            needed = not self._merging and _needs_merge(self._view)
        if needed:
            self.compact()

    def _merge_small(self) -> None:
        view = self._view
        small = [(s, ~dead) for s, dead in zip(view.segments[1:], view.dead[1:], strict=True)]
        merged = merge_segments(small, len(self._vocabulary))
        dead = (view.dead[0], np.zeros(len(merged), dtype=bool))
        self._view = make_view(
            (view.segments[0], merged), dead, view.document_frequency, view.live, view.total_length
        )


def _needs_merge(view: KeywordView) -> bool:
    """Whether the small segments (or the dead rows) have grown to a share of the large one."""
    large = len(view.segments[0]) if view.segments else 0
    small = sum(len(segment) for segment in view.segments[1:])
    return small > MERGE_SHARE * large or view.rows - view.live > MERGE_SHARE * large
