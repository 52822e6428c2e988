"""`Retrieval`: the passages a question is ranked over, found by its words and by its vector.

The two halves are apart because the keyword half needs only the question's text: `Answerer` runs it
while the question is embedded (onnxruntime lets go of the GIL while it runs). At 100k passages the
keyword match and its half of the candidate query took about as long as the embedding.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import Engine

from index.answer import SourceInfo
from index.search.candidates import fetch_candidates
from index.search.keyword import KeywordMatch
from index.search.live_index import LiveIndex
from index.search.ranking import Candidate, RetrievalConfig
from index.visibility import Visibility

__all__ = ["Found", "KeywordCandidates", "Retrieval"]


@dataclass(frozen=True)
class KeywordCandidates:
    """The question's keyword match and the best keyword matches a place may see, fetched."""

    keywords: KeywordMatch
    requested: frozenset[int]  # fetched, or left out by the candidate query as not visible
    candidates: tuple[Candidate, ...]
    sources: dict[str, SourceInfo]


@dataclass(frozen=True)
class Found:
    """What a question is ranked over: candidates in passage-id order (ranking breaks ties by
    candidate order), their sources, and the question's keyword match."""

    candidates: list[Candidate]
    sources: dict[str, SourceInfo]
    keywords: KeywordMatch


class Retrieval:
    def __init__(self, engine: Engine, index: LiveIndex) -> None:
        self._engine = engine
        self._index = index

    def by_keywords(
        self, search_text: str, config: RetrievalConfig, visibility: Visibility
    ) -> KeywordCandidates | None:
        """The keyword half (None: the index is empty). The searches leave out other communities'
        passages, so a large collection elsewhere cannot crowd out what this place may see; the
        candidate query checks again."""
        keywords = self._index.match_keywords(search_text, visibility)
        if keywords is None:
            return None
        wanted = {pid for pid, _ in keywords.top(config.keyword_k)} if config.mode != "dense" else set()
        candidates, sources = fetch_candidates(self._engine, wanted, visibility)
        return KeywordCandidates(keywords, frozenset(wanted), tuple(candidates), sources)

    def with_nearest(
        self, found: KeywordCandidates, vector: np.ndarray, config: RetrievalConfig, visibility: Visibility
    ) -> Found:
        """The keyword half joined by the passages nearest `vector`."""
        nearest = set()
        if config.mode != "keyword":
            nearest = self._index.nearest(vector, config.dense_k, visibility)
        more, more_sources = fetch_candidates(self._engine, nearest - found.requested, visibility)
        candidates = sorted([*found.candidates, *more], key=lambda candidate: candidate.passage_id)
        return Found(candidates, {**found.sources, **more_sources}, found.keywords)

    def find(
        self, search_text: str, vector: np.ndarray, config: RetrievalConfig, visibility: Visibility
    ) -> Found | None:
        """Both halves, one after the other (None: the index is empty)."""
        by_keywords = self.by_keywords(search_text, config, visibility)
        return None if by_keywords is None else self.with_nearest(by_keywords, vector, config, visibility)
