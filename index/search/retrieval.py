"""`Retrieval`: the passages a question is ranked over, found by its words and by its vector.

The keyword half needs only the question's text, so `Answerer` runs it, and reads its candidates,
while the question is embedded (onnxruntime lets go of the GIL while it runs): at 100k passages that
read took as long as the embedding. Passages are never changed in place (a replaced source's
passages get new ids), so the two reads can only disagree when this process's index changed between
them: a source replaced in between gave candidates of both versions, one quoted under the other's
title. Then the question is searched again, reading every candidate in one query, as `find` does.
(A connection held across both reads, for one snapshot, waited on the index lock while a refresh held
that lock and waited for a connection: with more askers than pooled connections, questions hung for
the pool's 30 s.)
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
    """The question's keyword match and the best keyword matches a place may see, read, from the
    index as it was at `version`."""

    version: object
    keywords: KeywordMatch
    best: frozenset[int]
    read: bool  # whether `candidates` and `sources` hold `best` (those it may see)
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
        self, search_text: str, config: RetrievalConfig, visibility: Visibility, read: bool = True
    ) -> KeywordCandidates | None:
        """The keyword half, its candidates `read` from the database or not yet (None: the index is
        empty). The searches leave out other communities' passages, so a large collection elsewhere
        cannot crowd out what this place may see; the candidate query checks again."""
        version = self._index.version
        keywords = self._index.match_keywords(search_text, visibility)
        if keywords is None:
            return None
        best = {pid for pid, _ in keywords.top(config.keyword_k)} if config.mode != "dense" else set()
        candidates, sources = fetch_candidates(self._engine, best, visibility) if read else ([], {})
        return KeywordCandidates(version, keywords, frozenset(best), read, tuple(candidates), sources)

    def with_nearest(
        self,
        found: KeywordCandidates,
        vector: np.ndarray,
        config: RetrievalConfig,
        visibility: Visibility,
        settled: bool = True,
    ) -> Found | None:
        """The keyword half joined by the passages nearest `vector`. With `settled`, None if the index
        changed since the keyword half (search again)."""
        nearest = self._nearest(vector, config, visibility)
        changed = self._index.version != found.version
        if changed and settled:
            return None
        if changed or not found.read:  # every candidate in one query: one version of each source
            candidates, sources = fetch_candidates(self._engine, nearest | found.best, visibility)
            return Found(candidates, sources, found.keywords)
        more, more_sources = fetch_candidates(self._engine, nearest - found.best, visibility)
        candidates = sorted([*found.candidates, *more], key=lambda candidate: candidate.passage_id)
        return Found(candidates, {**found.sources, **more_sources}, found.keywords)

    def find(
        self, search_text: str, vector: np.ndarray, config: RetrievalConfig, visibility: Visibility
    ) -> Found | None:
        """Both halves, then every candidate read in one query (None: the index is empty)."""
        by_keywords = self.by_keywords(search_text, config, visibility, read=False)
        if by_keywords is None:
            return None
        return self.with_nearest(by_keywords, vector, config, visibility, settled=False)

    def _nearest(self, vector: np.ndarray, config: RetrievalConfig, visibility: Visibility) -> set[int]:
        return self._index.nearest(vector, config.dense_k, visibility) if config.mode != "keyword" else set()
