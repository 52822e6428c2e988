"""`KeywordView`: one immutable state of the keyword index, and BM25 over it with corpus-wide statistics.

The index's segments each hold some passages; a view adds which rows are dead (removed or replaced)
and the statistics of the live passages as a whole: how many hold each stem, how many there are and
their mean length. Scores are computed per question from term counts with those statistics, so they
are the scores one bm25s index over the live passages would give (its "lucene" variant, k1 1.5,
b 0.75, bm25s's defaults), however the passages are split into segments. A question keeps the view it
was matched against, so a change or a merge never alters an answer being ranked.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from index.search.keyword_segments import Segment

__all__ = ["K1", "B", "DocumentFrequencies", "KeywordView", "bm25_idf", "make_view"]

K1, B = 1.5, 0.75
# Numbers a view keeps for later questions (two per posting, 4 bytes each; plus ids for small segments).
MAX_CACHED_NUMBERS = 16_000_000


def bm25_idf(document_frequency: int, documents: int) -> float:
    # The BM25 (Lucene) IDF, so coverage weighs words the way the keyword scores do.
    return math.log(1 + (documents - document_frequency + 0.5) / (document_frequency + 0.5))


@dataclass(frozen=True, eq=False)
class KeywordView:
    segments: tuple[Segment, ...]
    dead: tuple[np.ndarray, ...]  # one boolean per row of each segment
    document_frequency: np.ndarray  # int32 per stem id: live passages holding the stem
    live: int
    total_length: int  # stems in the live passages
    # Global row = offsets[segment] + row in segment; offsets[-1] is the number of rows.
    offsets: np.ndarray = field(repr=False)
    # k1·(1 − b + b·length/mean length) per global row; infinite for dead rows, which so score 0.
    norms: np.ndarray = field(repr=False)
    _cache: dict[tuple[int, int], tuple[np.ndarray, np.ndarray, np.ndarray]] = field(
        default_factory=dict, repr=False
    )
    _cached: list[int] = field(default_factory=lambda: [0], repr=False)  # postings in `_cache`

    @property
    def rows(self) -> int:
        return int(self.offsets[-1])

    def locate(self, passage_id: int) -> int | None:
        """The global row of the live passage with this id."""
        row = int(self.locate_all([passage_id])[0])
        return row if row >= 0 else None

    def locate_all(self, passage_ids: Sequence[int]) -> np.ndarray:
        """The global rows of the live passages with these ids (-1 for an id no live passage has)."""
        wanted = np.asarray(passage_ids, dtype=np.int64)
        found = np.full(len(wanted), -1, dtype=np.int64)
        # Newest segment first: an id replaced in a later segment is dead in the earlier one.
        for index in range(len(self.segments) - 1, -1, -1):
            ids = self.segments[index].ids
            pending = np.flatnonzero(found < 0)
            if not len(pending) or not len(ids):
                continue
            rows = np.minimum(np.searchsorted(ids, wanted[pending]), len(ids) - 1)
            live = (ids[rows] == wanted[pending]) & ~self.dead[index][rows]
            found[pending[live]] = int(self.offsets[index]) + rows[live]
        return found

    def passage_ids(self, rows: np.ndarray) -> np.ndarray:
        segment_of = np.searchsorted(self.offsets, rows, side="right") - 1
        found = np.empty(len(rows), dtype=np.int64)
        for index, segment in enumerate(self.segments):
            mine = segment_of == index
            if mine.any():
                found[mine] = segment.ids[rows[mine] - self.offsets[index]]
        return found

    def live_ids(self) -> np.ndarray:
        return np.concatenate(
            [np.zeros(0, dtype=np.int64)]
            + [np.asarray(s.ids)[~dead] for s, dead in zip(self.segments, self.dead, strict=True)]
        )

    def scores(
        self, weighted_stems: Sequence[tuple[int, float]], mean_length: float | None = None
    ) -> np.ndarray:
        """BM25 of every row for stems (id, IDF): IDF · tf / (tf + norm), summed over the stems. The
        IDF is the caller's, and so may be the mean passage length: a place weighs words by the
        passages it may see (`keyword_scopes`)."""
        scores = np.zeros(self.rows, dtype=np.float32)
        # norm = k1·(1 − b) + k1·b·length / mean: for another mean, the length part scales.
        scale = None if mean_length is None else np.float32(self.mean_length / mean_length)
        for stem, idf in weighted_stems:
            for index in range(len(self.segments)):
                rows, tf, denominator = self._stem_scores(index, stem)
                if not len(rows):
                    continue
                if scale is not None:
                    fixed = np.float32(K1 * (1 - B))
                    denominator = tf + fixed + (denominator - tf - fixed) * scale
                # rows are distinct within one stem's postings
                np.add.at(scores, rows, np.float32(idf) * tf / denominator)
        return scores

    @property
    def mean_length(self) -> float:
        """The mean length (in stems) of the live passages, as the norms use it."""
        return self.total_length / self.live if self.live and self.total_length else 1.0

    def _stem_scores(self, index: int, stem: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One stem's rows, tf and tf + norm in one segment, kept for the next question that has the
        stem.

        They hold for this view only (its lengths), as the scores an eager index (bm25s) keeps for
        every posting: common stems are then computed once, not for every question.
        """
        cached = self._cache.get((index, stem))
        if cached is not None:
            return cached
        rows, counts = self.segments[index].postings(stem)
        rows = rows + int(self.offsets[index]) if index and len(rows) else rows
        tf = counts.astype(np.float32)
        found = rows, tf, tf + self.norms[rows]
        if self._cached[0] + 2 * len(rows) <= MAX_CACHED_NUMBERS:
            self._cached[0] += 2 * len(rows)
            self._cache[(index, stem)] = found
        return found

    def terms(self, row: int) -> frozenset[int]:
        """The stem ids of a passage (its title's and heading's included)."""
        segment, local = self._segment_row(row)
        return frozenset(segment.terms(local).tolist())

    def layout(self, row: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A passage's stem ids (sentences first, then title and heading), its sentences' spans, and
        where each sentence's stems end."""
        segment, local = self._segment_row(row)
        first, last = int(segment.sentence_ptr[local]), int(segment.sentence_ptr[local + 1])
        return segment.terms(local), segment.spans[first:last], segment.sentence_ends[first:last]

    def marked_dead(
        self, passage_ids: Sequence[int]
    ) -> tuple[list[np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """The dead masks with the live rows of `passage_ids` marked (copied where they change: a view
        is never changed), and the passages found: their ids, segments and rows there (arrays: a bulk
        removal is large)."""
        ids = np.asarray(passage_ids, dtype=np.int64)
        rows = self.locate_all(passage_ids)  # one search per segment for all of them
        found = rows >= 0
        ids, rows = ids[found], rows[found].astype(np.int64)
        segments = np.searchsorted(self.offsets, rows, side="right") - 1
        local = rows - self.offsets[segments]
        dead = list(self.dead)
        for index in np.unique(segments).tolist():
            dead[index] = dead[index].copy()
            dead[index][local[segments == index]] = True
        return dead, (ids, segments, local)

    def _segment_row(self, row: int) -> tuple[Segment, int]:
        index = bisect.bisect_right(self._starts, row) - 1
        return self.segments[index], row - self._starts[index]

    @cached_property
    def _starts(self) -> list[int]:
        """`offsets` as Python ints: looked up for each candidate of each question."""
        return self.offsets.tolist()


def make_view(
    segments: tuple[Segment, ...],
    dead: tuple[np.ndarray, ...],
    document_frequency: np.ndarray,
    live: int,
    total_length: int,
) -> KeywordView:
    offsets = np.zeros(len(segments) + 1, dtype=np.int64)
    np.cumsum([len(s) for s in segments], out=offsets[1:])
    norms = np.empty(int(offsets[-1]), dtype=np.float32)
    # Passages of numbers alone have no stems: a mean length of 0 made every norm 0/0 (NaN).
    mean_length = total_length / live if live and total_length else 1.0
    for index, (segment, gone) in enumerate(zip(segments, dead, strict=True)):
        part = norms[offsets[index] : offsets[index + 1]]
        part[:] = K1 * ((1 - B) + B * segment.lengths / mean_length)
        part[gone] = np.inf
    return KeywordView(segments, dead, document_frequency, live, total_length, offsets, norms)


class DocumentFrequencies(Mapping[str, int]):
    """Stem → live passages holding it, read from a view's counts: no copy per call."""

    def __init__(self, stem_ids: Mapping[str, int], stems: Sequence[str], counts: np.ndarray) -> None:
        self._stem_ids = stem_ids
        self._stems = stems
        self._counts = counts

    @cached_property
    def _present(self) -> np.ndarray:
        return np.flatnonzero(self._counts)

    def __getitem__(self, stem: str) -> int:
        index = self._stem_ids[stem]
        if index >= len(self._counts) or not self._counts[index]:
            raise KeyError(stem)
        return int(self._counts[index])

    def __iter__(self) -> Iterator[str]:
        return (self._stems[index] for index in self._present.tolist())

    def __len__(self) -> int:
        return len(self._present)
