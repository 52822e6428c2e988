"""Ranking candidate passages for a question: dense and keyword evidence, sentence-level scoring.

Pure functions over candidates the service has already fetched; no I/O, no model calls.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from index.settings import DEFAULT_MODEL

# Scores below this are refused. Set per model by running `qabot eval` on questions with and without
# answers in the knowledge base and taking a value between the two score distributions.
DEFAULT_MIN_SCORES = {DEFAULT_MODEL: 0.40}
FALLBACK_MIN_SCORE = 0.40


def min_score_for(model: str, override: float | None) -> float:
    if override is not None:
        return override
    return DEFAULT_MIN_SCORES.get(model, FALLBACK_MIN_SCORE)


@dataclass(frozen=True)
class RetrievalConfig:
    dense_k: int = 20
    keyword_k: int = 20
    passage_weight: float = 0.45
    sentence_weight: float = 0.35
    keyword_weight: float = 0.20


@dataclass(frozen=True)
class Candidate:
    passage_id: int
    source_id: str
    text: str
    heading: str | None
    vector: np.ndarray
    sentence_spans: tuple[tuple[int, int], ...]
    sentence_vectors: np.ndarray


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    rank_score: float
    relevance: float
    quote: tuple[int, int]
    highlight: tuple[int, int]

    @property
    def quote_text(self) -> str:
        return self.candidate.text[self.quote[0] : self.quote[1]]

    @property
    def highlight_text(self) -> str:
        return self.candidate.text[self.highlight[0] : self.highlight[1]]


def encode_spans(spans: Sequence[tuple[int, int]]) -> str:
    return json.dumps([list(span) for span in spans])


def decode_spans(raw: str) -> tuple[tuple[int, int], ...]:
    return tuple((int(start), int(end)) for start, end in json.loads(raw))


def rank(
    question_vector: np.ndarray,
    candidates: Sequence[Candidate],
    keyword_scores: Mapping[int, float],
    config: RetrievalConfig,
) -> list[Ranked]:
    """Candidates best first, each with its relevance (for refusals), quote and highlight spans."""
    if not candidates:
        return []
    top_keyword = max(keyword_scores.values(), default=0.0)
    ranked = []
    for candidate in candidates:
        passage_similarity = float(candidate.vector @ question_vector)
        if len(candidate.sentence_spans):
            sentence_similarities = candidate.sentence_vectors @ question_vector
            best = int(np.argmax(sentence_similarities))
            sentence_similarity = float(sentence_similarities[best])
            highlight = candidate.sentence_spans[best]
        else:
            sentence_similarity = passage_similarity
            highlight = (0, len(candidate.text))
        keyword = keyword_scores.get(candidate.passage_id, 0.0) / top_keyword if top_keyword > 0 else 0.0
        rank_score = (
            config.passage_weight * passage_similarity
            + config.sentence_weight * sentence_similarity
            + config.keyword_weight * keyword
        )
        relevance = max(passage_similarity, sentence_similarity)
        ranked.append(Ranked(candidate, rank_score, relevance, (0, len(candidate.text)), highlight))
    ranked.sort(key=lambda r: r.rank_score, reverse=True)
    return ranked
