"""Ranking candidate passages for a question: dense and keyword evidence, scored per sentence.

Pure functions over candidates the service has already fetched; no I/O and no model calls (sentence
vectors were computed at ingestion), so ranking costs well under a millisecond.

A passage's rank score adds up
- its cosine similarity to the question, and that of its best sentence (MiniLM);
- its BM25 score, as a share of the best candidate's (bm25s);
- keyword coverage: the IDF-weighted share of the question's words the passage holds, and the share
  its best sentence holds. Coverage rewards matching *all* of a question's rare words, which BM25's
  per-word saturation does not, and it is what rescues names the sentence model barely knows.
The best sentence (the highlight) is the one with the highest dense similarity plus coverage, and the
quote is the window of whole sentences around it (see `quote_window`).

Weights were tuned on half A of the SQuAD v1.1 dev set (questions subsampled, every third) with
`qabot eval`; results were flat within ±0.005 hit@1 for nearby weights, so they are not fitted closely.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from index.model.encoder import CONTEXT_SUFFIX
from index.search.keyword import KeywordMatch
from index.settings import DEFAULT_MODEL

# Answers whose relevance (see `rank`) is below this are refused. Calibrated for MiniLM with `qabot
# eval`-style runs: answerable questions (SQuAD half A over its own articles, the seed questions over
# the seed article) against unanswerable ones (the same SQuAD questions over the seed article, SQuAD
# questions over a knowledge base holding only the other half of the articles, the seed file's null
# questions). At 0.38 about 0.15% of answerable SQuAD questions and no seed question are refused, while
# 83% of the near-domain and 99.8% of the off-topic questions are (at 0.42: 0.6%, 91%, 100%). We lean
# towards answering: a wrong quote shows its source and can be checked, a wrong refusal cannot.
# Another model needs its own value: rerun that comparison and set QABOT_MIN_SCORE (or add it here).
# Sentence vectors pooled from the passage's forward pass (CONTEXT_SUFFIX, the default since 28 Nov
# 2026) put relevance about 0.02 lower for every kind of question; rerun on the same comparison (every
# third question; near-domain = SQuAD questions over a knowledge base of the other half of its
# articles), 0.36 refuses 0.42% of answerable SQuAD questions, 74% of near-domain and 99.5% of
# off-topic ones, and no seed question, where 0.38 with separately embedded sentences refused 0.37%,
# 73% and 99.5%: the same operating point.
DEFAULT_MIN_SCORES = {DEFAULT_MODEL: 0.38, DEFAULT_MODEL + CONTEXT_SUFFIX: 0.36}
FALLBACK_MIN_SCORE = 0.38
MAX_QUOTE_CHARS = 700

Mode = Literal["hybrid", "keyword", "dense"]


def min_score_for(model: str, override: float | None) -> float:
    if override is not None:
        return override
    return DEFAULT_MIN_SCORES.get(model, FALLBACK_MIN_SCORE)


@dataclass(frozen=True)
class RetrievalConfig:
    """How candidates are found and ranked.

    `mode` "keyword" (BM25 only) and "dense" (passage embeddings only) are the baselines `qabot eval`
    compares against: they rank whole passages by one signal and never refuse.
    """

    mode: Mode = "hybrid"
    dense_k: int = 20
    keyword_k: int = 20
    passage_dense: float = 0.3
    sentence_dense: float = 0.5
    passage_keyword: float = 0.1
    passage_coverage: float = 0.3
    sentence_coverage: float = 0.2
    # Relevance, what refusals compare with the threshold: dense similarity blended with coverage.
    relevance_coverage: float = 0.4
    quote_chars: int = MAX_QUOTE_CHARS

    @property
    def refuses(self) -> bool:
        return self.mode == "hybrid"


@dataclass(frozen=True)
class Candidate:
    passage_id: int
    source_id: str
    text: str
    heading: str | None
    vector: np.ndarray
    sentence_spans: tuple[tuple[int, int], ...]
    sentence_vectors: np.ndarray
    # Whether the passage's paragraph goes on before / after it (the quote shows "…" there).
    continues_before: bool = False
    continues_after: bool = False


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


def rank(
    question_vector: np.ndarray,
    candidates: Sequence[Candidate],
    keywords: KeywordMatch,
    config: RetrievalConfig,
) -> list[Ranked]:
    """Candidates best first, each with its relevance (for refusals), quote and highlight spans.

    Relevance is (1 - c) × the best of passage and sentence similarity + c × coverage, with c =
    `relevance_coverage`: similarity alone is low for rare names, coverage alone is high for a
    question that merely shares a word.
    """
    if not candidates:
        return []
    passage_similarity = np.stack([c.vector for c in candidates]) @ question_vector
    bm25 = np.asarray([keywords.passage_score(c.passage_id) for c in candidates], dtype=np.float32)
    top_bm25 = float(bm25.max())
    bm25_share = bm25 / top_bm25 if top_bm25 > 0 else np.zeros_like(bm25)
    ranked = []
    for row, candidate in enumerate(candidates):
        whole = ((0, len(candidate.text)),)
        spans = candidate.sentence_spans or whole
        passage_coverage = keywords.coverage(candidate.passage_id)
        if candidate.sentence_spans:
            sentence_similarity = candidate.sentence_vectors @ question_vector
            sentence_coverage = keywords.sentence_coverage(candidate.passage_id, spans)
        else:  # a passage without sentence spans is one sentence
            sentence_similarity = passage_similarity[row : row + 1]
            sentence_coverage = np.asarray([passage_coverage], dtype=np.float32)
        if config.mode == "keyword":
            best = int(np.argmax(sentence_coverage))
            rank_score = float(bm25[row])
            quote = whole[0]
        elif config.mode == "dense":
            best = int(np.argmax(sentence_similarity))
            rank_score = float(passage_similarity[row])
            quote = whole[0]
        else:
            sentence_scores = (
                config.sentence_dense * sentence_similarity + config.sentence_coverage * sentence_coverage
            )
            best = int(np.argmax(sentence_scores))
            rank_score = float(
                config.passage_dense * passage_similarity[row]
                + config.passage_keyword * bm25_share[row]
                + config.passage_coverage * passage_coverage
                + sentence_scores[best]
            )
            quote = quote_window(spans, sentence_scores, best, config.quote_chars)
        similarity = max(float(passage_similarity[row]), float(sentence_similarity.max()))
        coverage = keywords.coverage(candidate.passage_id, expanded=False)
        relevance = (1 - config.relevance_coverage) * similarity + config.relevance_coverage * coverage
        ranked.append(Ranked(candidate, rank_score, relevance, quote, spans[best]))
    ranked.sort(key=lambda r: r.rank_score, reverse=True)
    return ranked


def quote_window(
    spans: Sequence[tuple[int, int]], scores: np.ndarray, best: int, max_chars: int
) -> tuple[int, int]:
    """Whole sentences around the best one, at most `max_chars` long (the best sentence always).

    It grows one sentence at a time towards the neighbour that scores higher, so the quote keeps the
    sentences that answer and drops the ones that only share their paragraph.
    """
    first = last = best
    while True:
        can_extend_back = first > 0 and spans[last][1] - spans[first - 1][0] <= max_chars
        can_extend_on = last + 1 < len(spans) and spans[last + 1][1] - spans[first][0] <= max_chars
        if not (can_extend_back or can_extend_on):
            break
        if can_extend_on and (not can_extend_back or scores[last + 1] >= scores[first - 1]):
            last += 1
        else:
            first -= 1
    return spans[first][0], spans[last][1]
