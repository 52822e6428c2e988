"""Keyword index segments: immutable arrays of tokenised passages and the postings BM25 scores from.

A segment holds passages in ascending id order. Each passage is its stem ids in text order (its
sentences, then its title and heading), with the span of each sentence and where its stems end; the
postings list, per stem id, the rows holding it and how often. A segment never changes once built:
a removal marks a row dead in the index's view (`keyword_view`), and segments are merged into new
ones from their stored stems, so no change tokenises a passage twice. Saved as .npy files that later
starts memory-map: a start reads only the pages that questions touch.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

import numpy as np

__all__ = ["Segment", "SegmentBuilder", "merge_segments"]

MAX_TERM_COUNT = np.iinfo(np.uint16).max  # BM25 saturates long before; passages are 700 characters
# Rows copied per step when merging: bounds the temporary index arrays (8 bytes per stem) at 1M passages.
GATHER_ROWS = 100_000


@dataclass(frozen=True, eq=False)
class Segment:
    ids: np.ndarray  # int64 [rows], ascending
    token_ptr: np.ndarray  # int64 [rows + 1]: passage r's stems are tokens[token_ptr[r]:token_ptr[r + 1]]
    tokens: np.ndarray  # int32 stem ids
    sentence_ptr: np.ndarray  # int64 [rows + 1]: passage r's sentences, into spans and sentence_ends
    spans: np.ndarray  # int32 [sentences, 2]: character offsets into the passage's text
    sentence_ends: np.ndarray  # int32 [sentences]: where a sentence's stems end, from its passage's first
    term_ptr: np.ndarray  # int64 [stems + 1]: stem t's postings are posting_rows[term_ptr[t]:term_ptr[t + 1]]
    posting_rows: np.ndarray  # int32
    posting_counts: np.ndarray  # uint16: how often the stem occurs in that row's passage

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def lengths(self) -> np.ndarray:
        """Stems per passage: its BM25 document length."""
        return np.diff(self.token_ptr)

    def terms(self, row: int) -> np.ndarray:
        return self.tokens[self.token_ptr[row] : self.token_ptr[row + 1]]

    def postings(self, stem: int) -> tuple[np.ndarray, np.ndarray]:
        if stem >= len(self.term_ptr) - 1:
            return _NO_ROWS, _NO_COUNTS
        start, end = self.term_ptr[stem], self.term_ptr[stem + 1]
        return self.posting_rows[start:end], self.posting_counts[start:end]

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for field in fields(self):
            np.save(folder / f"{field.name}.npy", getattr(self, field.name), allow_pickle=False)

    @classmethod
    def load(cls, folder: Path) -> Segment:
        """Memory-mapped; raises ValueError (or OSError) on a file that is missing or inconsistent."""
        # Plain arrays over the mapped memory: np.memmap's subclass machinery costs on every slice.
        arrays = {
            field.name: np.asarray(np.load(folder / f"{field.name}.npy", mmap_mode="r", allow_pickle=False))
            for field in fields(cls)
        }
        segment = cls(**arrays)
        segment.check()
        return segment

    def check(self) -> None:
        """Consistency checks, a pass over each array: every offset and index a search follows lies
        inside what it points into, so a damaged file fails here and is rebuilt, not in every answer
        (flipped bytes in `sentence_ends` had raised IndexError on each question)."""
        rows, ok = len(self.ids), True
        ok &= self.token_ptr.shape == (rows + 1,) and self.sentence_ptr.shape == (rows + 1,)
        ok &= self.spans.ndim == 2 and self.spans.shape[1:] == (2,) and self.term_ptr.ndim == 1
        ok &= len(self.term_ptr) > 0 and int(self.token_ptr[0]) == int(self.sentence_ptr[0]) == 0
        ok &= int(self.term_ptr[0]) == 0 if len(self.term_ptr) else False
        if not ok:
            raise ValueError("inconsistent keyword index segment")
        ok &= len(self.spans) == len(self.sentence_ends) == int(self.sentence_ptr[-1])
        ok &= len(self.tokens) == int(self.token_ptr[-1])
        ok &= len(self.posting_rows) == len(self.posting_counts) == int(self.term_ptr[-1])
        ok &= bool(np.all(np.diff(self.token_ptr) >= 0) and np.all(np.diff(self.term_ptr) >= 0))
        ok &= bool(np.all(np.diff(self.sentence_ptr) >= 0))
        ok &= bool(np.all(np.diff(self.ids) > 0)) if rows > 1 else True
        if not ok:
            raise ValueError("inconsistent keyword index segment")
        ok &= _within(self.tokens, len(self.term_ptr) - 1) and _within(self.posting_rows, rows)
        ok &= _within(self.spans, np.iinfo(np.int32).max)
        tokens_of_sentence = np.repeat(np.diff(self.token_ptr), np.diff(self.sentence_ptr))
        ok &= bool(np.all((self.sentence_ends >= 0) & (self.sentence_ends <= tokens_of_sentence)))
        if not ok:
            raise ValueError("keyword index segment points outside itself")


def _within(values: np.ndarray, end: int) -> bool:
    """Whether every value is in [0, end)."""
    return not values.size or (int(values.min()) >= 0 and int(values.max()) < end)


_NO_ROWS = np.zeros(0, dtype=np.int32)
_NO_COUNTS = np.zeros(0, dtype=np.uint16)


class SegmentBuilder:
    """Collects tokenised passages in flat arrays (a million passages of stem lists took gigabytes)."""

    def __init__(self) -> None:
        self._ids = array("q")
        self._tokens = array("i")
        self._token_ends = array("q")
        self._spans = array("i")
        self._sentence_ends = array("i")
        self._sentence_counts = array("q")

    def __len__(self) -> int:
        return len(self._ids)

    def add(
        self,
        passage_id: int,
        sentences: Sequence[tuple[tuple[int, int], Sequence[int]]],
        context: Sequence[int],
    ) -> None:
        """A passage: each sentence's span and stem ids, then the stems of its title and heading."""
        first = len(self._tokens)
        for span, stems in sentences:
            self._tokens.extend(stems)
            self._spans.extend(span)
            self._sentence_ends.append(len(self._tokens) - first)
        self._tokens.extend(context)
        self._ids.append(passage_id)
        self._token_ends.append(len(self._tokens))
        self._sentence_counts.append(len(sentences))

    def build(self, vocabulary_size: int) -> Segment:
        collected = Segment(
            np.frombuffer(self._ids, dtype=np.int64),
            _ptr(np.frombuffer(self._token_ends, dtype=np.int64), ends=True),
            np.frombuffer(self._tokens, dtype=np.int32),
            _ptr(np.frombuffer(self._sentence_counts, dtype=np.int64)),
            np.frombuffer(self._spans, dtype=np.int32).reshape(-1, 2),
            np.frombuffer(self._sentence_ends, dtype=np.int32),
            *_empty_postings(),
        )
        if len(collected) < 2 or bool(np.all(np.diff(collected.ids) > 0)):
            return _with_postings(collected, vocabulary_size)
        return merge_segments([(collected, np.ones(len(collected), dtype=bool))], vocabulary_size)


def merge_segments(parts: Sequence[tuple[Segment, np.ndarray]], vocabulary_size: int) -> Segment:
    """One segment of the rows each part keeps (a boolean mask per segment), in id order."""
    kept = [(segment, np.flatnonzero(keep)) for segment, keep in parts]
    ids = _concatenate([np.asarray(segment.ids[rows]) for segment, rows in kept], np.int64)
    order = np.argsort(ids, kind="stable")
    if len(ids) > 1 and bool(np.any(np.diff(ids[order]) == 0)):
        raise ValueError("a passage id occurs twice in the keyword index")
    position = np.empty(len(ids), dtype=np.int64)  # each kept row's row in the merged segment
    position[order] = np.arange(len(ids))
    token_ptr = _ptr(_concatenate([np.diff(s.token_ptr)[rows] for s, rows in kept], np.int64)[order])
    sentence_ptr = _ptr(_concatenate([np.diff(s.sentence_ptr)[rows] for s, rows in kept], np.int64)[order])
    tokens = np.empty(int(token_ptr[-1]), dtype=np.int32)
    spans = np.empty((int(sentence_ptr[-1]), 2), dtype=np.int32)
    sentence_ends = np.empty(int(sentence_ptr[-1]), dtype=np.int32)
    first = 0
    for segment, rows in kept:
        for start in range(0, len(rows), GATHER_ROWS):
            chunk = rows[start : start + GATHER_ROWS]
            targets = position[first + start : first + start + len(chunk)]
            _gather(segment.token_ptr, chunk, token_ptr[targets], [(segment.tokens, tokens)])
            _gather(
                segment.sentence_ptr,
                chunk,
                sentence_ptr[targets],
                [(segment.spans, spans), (segment.sentence_ends, sentence_ends)],
            )
        first += len(rows)
    merged = Segment(ids[order], token_ptr, tokens, sentence_ptr, spans, sentence_ends, *_empty_postings())
    return _with_postings(merged, vocabulary_size)


def _gather(
    ptr: np.ndarray, rows: np.ndarray, out_starts: np.ndarray, pairs: Sequence[tuple[np.ndarray, np.ndarray]]
) -> None:
    """Copies the slices `ptr` marks for `rows` into each output, row i's at `out_starts[i]`."""
    starts = np.asarray(ptr[rows], dtype=np.int64)
    lengths = np.asarray(ptr[rows + 1], dtype=np.int64) - starts
    total = int(lengths.sum())
    if not total:
        return
    within = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    source = np.repeat(starts, lengths) + within
    target = np.repeat(out_starts, lengths) + within
    for values, out in pairs:
        out[target] = values[source]


def _with_postings(segment: Segment, vocabulary_size: int) -> Segment:
    """The segment with its postings: the passages × stems count matrix, transposed by SciPy."""
    from scipy.sparse import csr_matrix

    counts = csr_matrix(
        (np.ones(len(segment.tokens), dtype=np.int32), segment.tokens, segment.token_ptr),
        shape=(len(segment), vocabulary_size),
    ).tocsc()
    counts.sum_duplicates()  # a stem said twice in a passage: one posting with count 2
    return replace(
        segment,
        term_ptr=counts.indptr.astype(np.int64),
        posting_rows=counts.indices.astype(np.int32, copy=True),
        posting_counts=np.minimum(counts.data, MAX_TERM_COUNT, out=counts.data).astype(np.uint16),
    )


def _empty_postings() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return np.zeros(1, dtype=np.int64), _NO_ROWS, _NO_COUNTS


def _concatenate(arrays: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate([np.zeros(0, dtype=dtype), *arrays]).astype(dtype, copy=False)


def _ptr(values: np.ndarray, ends: bool = False) -> np.ndarray:
    """Offsets [0, ...] from per-row counts, or from cumulative ends when `ends`."""
    ptr = np.zeros(len(values) + 1, dtype=np.int64)
    if ends:
        ptr[1:] = values
    else:
        np.cumsum(values, out=ptr[1:])
    return ptr
