"""`KeywordMatch`: one question's keyword evidence, which the ranking looks up per passage."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from index.search.hidden import NOTHING_HIDDEN, Hidden
from index.search.keyword_view import KeywordView

__all__ = ["TOP_BLOCK", "Coverages", "KeywordMatch", "top_rows"]


@dataclass(frozen=True)
class KeywordMatch:
    """One question's keyword evidence, looked up per passage by the ranking."""

    # The state of the index the question was matched against: later changes do not move it.
    index: KeywordView
    # The question's own stems first, then those of the acronyms it uses, spelt out.
    stems: tuple[str, ...]
    idf: tuple[float, ...]
    own_stems: int
    passage_scores: np.ndarray
    # `stems` as the index's stem ids (-1: a stem no passage has).
    stem_ids: tuple[int, ...] = ()
    # The passages this question may not be answered from: other communities'.
    hidden: Hidden = NOTHING_HIDDEN
    _rows: dict[int, int | None] = field(default_factory=dict, repr=False, compare=False)

    def top(self, k: int) -> list[tuple[int, float]]:
        """(passage id, BM25 score) of the best k passages with a keyword in common, best first,
        leaving out `hidden` ones: the search widens eightfold until k are left or none more match,
        so passages kept elsewhere cannot crowd out the ones this question may be answered from."""
        count = len(self.passage_scores)
        wanted = min(k, count)
        while wanted > 0:
            rows = top_rows(self.passage_scores, wanted)
            rows = rows[np.argsort(-self.passage_scores[rows], kind="stable")]
            rows = rows[self.passage_scores[rows] > 0]
            ids = self.index.passage_ids(rows)
            if self.hidden:
                shown = ~self.hidden.covers(ids)
                exhausted = len(rows) < wanted or wanted == count
                if shown.sum() < k and not exhausted:
                    wanted = min(wanted * 8, count)
                    continue
                rows, ids = rows[shown][:k], ids[shown][:k]
            return [(int(i), float(s)) for i, s in zip(ids, self.passage_scores[rows], strict=True)]
        return []

    def passage_score(self, passage_id: int) -> float:
        row = self._row(passage_id)
        return float(self.passage_scores[row]) if row is not None else 0.0

    def coverage(self, passage_id: int, expanded: bool = True) -> float:
        """The IDF-weighted share of the question's distinct stems that the passage holds (0–1).

        Stems the knowledge base has never seen weigh the most and are never covered, so a question
        about something absent scores low even when it shares a common word or two. `expanded` counts
        the words of spelt-out acronyms too: for ranking, a passage that spells out what the question
        abbreviates says more about it; for refusals, using the acronym alone is enough.
        """
        found = self.coverages([passage_id])
        return float((found.passages if expanded else found.own_words)[0])

    def coverages(self, passage_ids: Sequence[int]) -> Coverages:
        """`coverage` of each passage and of each of its sentences, computed for all at once.

        Ranking needs them for some forty candidates and their sentences: stem by stem and sentence by
        sentence in Python, that took about a sixth of an answer's time at 100k passages.
        """
        rows = self.index.locate_all(passage_ids).tolist()
        self._rows.update(zip(passage_ids, (row if row >= 0 else None for row in rows), strict=True))
        layouts = [self.index.layout(row) if row >= 0 else _NO_LAYOUT for row in rows]
        firsts = np.cumsum([0] + [len(terms) for terms, _, _ in layouts])
        terms = np.concatenate([_NO_LAYOUT[0]] + [terms for terms, _, _ in layouts])
        # seen[i, j]: how often question stem j occurs in terms[:i]. A stretch of terms holds the stem
        # when the counts at its two ends differ.
        question = np.asarray(self.stem_ids, dtype=np.int64)
        seen = np.zeros((len(terms) + 1, len(question)), dtype=np.int32)
        np.cumsum(terms[:, None] == question[None, :], axis=0, out=seen[1:])
        # Sentence ends in `terms`; a sentence starts where the one before it ends, or its passage does.
        counts = np.fromiter((len(ends) for _, _, ends in layouts), dtype=np.int64, count=len(layouts))
        ends = np.concatenate([_NO_LAYOUT[2]] + [ends for _, _, ends in layouts]) + np.repeat(
            firsts[:-1], counts
        )
        starts = np.empty_like(ends)
        starts[1:] = ends[:-1]
        opening = counts > 0
        starts[(np.cumsum(counts) - counts)[opening]] = firsts[:-1][opening]
        in_passage = seen[firsts[1:]] > seen[firsts[:-1]]
        sentences = np.split(self._shares(seen[ends] > seen[starts]), np.cumsum(counts)[:-1])
        return Coverages(
            self._shares(in_passage),
            self._shares(in_passage, expanded=False),
            tuple(spans for _, spans, _ in layouts),
            tuple(sentences),
        )

    def _shares(self, held: np.ndarray, expanded: bool = True) -> np.ndarray:
        """The IDF-weighted share of the question's stems each row holds (`held`: a column per stem)."""
        weights = np.asarray(self.idf if expanded else self.idf[: self.own_stems], dtype=np.float64)
        total = weights.sum()
        if total <= 0:
            return np.zeros(len(held), dtype=np.float32)
        return (held[:, : len(weights)].astype(np.float64) @ weights / total).astype(np.float32)

    def passage_terms(self, passage_id: int) -> frozenset[int]:
        """The stem ids the passage holds (none when it is not indexed)."""
        row = self._row(passage_id)
        return self.index.terms(row) if row is not None else frozenset()

    def _row(self, passage_id: int) -> int | None:
        if passage_id not in self._rows:  # ranking asks about each candidate a few times
            self._rows[passage_id] = self.index.locate(passage_id)
        return self._rows[passage_id]


_NO_LAYOUT = (np.zeros(0, dtype=np.int32), np.zeros((0, 2), dtype=np.int32), np.zeros(0, dtype=np.int32))


@dataclass(frozen=True)
class Coverages:
    """`KeywordMatch.coverage` of some passages, and of their sentences as the keyword index split them."""

    passages: np.ndarray
    own_words: np.ndarray  # without the words of spelt-out acronyms (`coverage(expanded=False)`)
    index_spans: tuple[np.ndarray, ...]
    sentences: tuple[np.ndarray, ...]

    def of_sentences(self, row: int, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """Passage `row`'s sentences' coverage, for its spans as stored with it (0 where the index split
        the text otherwise)."""
        index_spans, values = self.index_spans[row], self.sentences[row]
        if len(index_spans) == len(spans) and np.array_equal(index_spans, np.asarray(spans).reshape(-1, 2)):
            return values
        by_span = {
            (int(start), int(end)): value
            for (start, end), value in zip(index_spans.tolist(), values, strict=True)
        }
        return np.asarray([by_span.get(span, 0.0) for span in spans], dtype=np.float32)


# `top_rows` looks for the best scores among blocks of this many, by each block's maximum.
TOP_BLOCK = 256


def top_rows(scores: np.ndarray, k: int) -> np.ndarray:
    """Rows of the k highest positive scores (in no order; fewer when fewer are positive), for k > 0.

    The k best scores lie in at most k blocks, and those blocks have the k highest block maxima, so
    only k blocks are searched: at 1M passages this took 0.6 ms where one argpartition over every score
    took 1.3-2.0 ms (and allocated 8 MB of row numbers). Blocks of 256 rather than 1,000 (k = 20): 0.13
    against 0.42 ms at 100k scores, 0.10 against 0.38 ms at 20k, 0.46 against 0.52 ms at 1M. Zeros
    are dropped before selecting: among mostly equal values numpy's selection slows down many times
    (0.60 against 0.09 ms at 100k scores with a tenth of them positive).
    """
    whole = len(scores) // TOP_BLOCK * TOP_BLOCK
    if whole < 2 * k * TOP_BLOCK:
        rows = np.flatnonzero(scores > 0)
    else:
        maxima = scores[:whole].reshape(-1, TOP_BLOCK).max(axis=1)
        blocks = np.argpartition(maxima, len(maxima) - k)[-k:]
        rows = np.concatenate(
            [(blocks[:, None] * TOP_BLOCK + np.arange(TOP_BLOCK)).ravel(), np.arange(whole, len(scores))]
        )
        rows = rows[scores[rows] > 0]
    if len(rows) <= k:
        return rows
    return rows[np.argpartition(scores[rows], len(rows) - k)[-k:]]
