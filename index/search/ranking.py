"""Ranking candidate passages for a question: dense and keyword evidence, weighed by a learned ranker.

Pure functions over candidates the service has already fetched; no I/O and no model calls (sentence
vectors were computed at ingestion). `index.search.features` turns the candidates into two matrices,
one row per sentence and one per passage; the `Ranker` (`index.search.ranker`) scores the sentences
(the best one of a passage is its highlight) and then the passages. The quote is the window of whole
sentences around the highlight (see `quote_window`).

The refusal decision does not depend on the ranker: a passage is relevant when its relevance (dense
similarity blended with keyword coverage, below) reaches the threshold, and the best-ranked relevant
passage answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from index.model.encoder import CONTEXT_SUFFIX
from index.search.answer_types import AnswerType
from index.search.features import (
    PASSAGE_FEATURES,
    SentenceTable,
    passage_base,
    passage_features,
    sentence_table,
)
from index.search.keyword import KeywordMatch
from index.search.ranker import Ranker
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
    compares against: they rank whole passages by one signal and never refuse. `ranker` None means
    the service's (from `QABOT_RANKER`); evaluation sets one to compare rankers or cross-validate.
    """

    mode: Mode = "hybrid"
    dense_k: int = 20
    keyword_k: int = 20
    # Relevance, what refusals compare with the threshold: dense similarity blended with coverage.
    relevance_coverage: float = 0.4
    quote_chars: int = MAX_QUOTE_CHARS
    ranker: Ranker | None = field(default=None, compare=False)

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
    position: int = 0  # the passage's place in its source, from 0


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


@dataclass(frozen=True)
class Evidence:
    """What the ranker weighs, before it weighs it (training keeps this per question)."""

    table: SentenceTable
    base: np.ndarray
    passage_similarity: np.ndarray


@dataclass(frozen=True)
class RankingEvidence:
    """A question's candidates and the evidence about them, row for row."""

    candidates: tuple[Candidate, ...]
    evidence: Evidence


def gather_evidence(
    question_vector: np.ndarray,
    candidates: Sequence[Candidate],
    keywords: KeywordMatch,
    kind: AnswerType,
    phrases: Sequence[str] = (),
) -> Evidence:
    passage_similarity = (np.stack([c.vector for c in candidates]) @ question_vector).astype(np.float32)
    table = sentence_table(question_vector, candidates, keywords, kind, phrases)
    return Evidence(table, passage_base(candidates, keywords, kind, passage_similarity, table), passage_similarity)


def rank(
    question_vector: np.ndarray,
    candidates: Sequence[Candidate],
    keywords: KeywordMatch,
    config: RetrievalConfig,
    ranker: Ranker,
    kind: AnswerType = AnswerType.NONE,
    phrases: Sequence[str] = (),
) -> list[Ranked]:
    """Candidates best first, each with its relevance (for refusals), quote and highlight spans.

    Relevance is (1 - c) × the best of passage and sentence similarity + c × coverage, with c =
    `relevance_coverage`: similarity alone is low for rare names, coverage alone is high for a
    question that merely shares a word.
    """
    if not candidates:
        return []
    evidence = gather_evidence(question_vector, candidates, keywords, kind, phrases)
    table = evidence.table
    if config.mode == "keyword":
        sentence_scores = table.coverage
        passage_scores = evidence.base[:, PASSAGE_FEATURES.index("bm25_share")]
    elif config.mode == "dense":
        sentence_scores = table.similarity
        passage_scores = evidence.passage_similarity
    else:
        sentence_scores = ranker.sentence_scores(table.features)
        passage_scores = ranker.passage_scores(passage_features(evidence.base, table, sentence_scores))
    best = table.best_rows(sentence_scores)
    similarity = np.maximum(evidence.passage_similarity, table.segment_max(table.similarity))
    coverage = evidence.base[:, PASSAGE_FEATURES.index("passage_coverage_own_words")]
    relevance = (1 - config.relevance_coverage) * similarity + config.relevance_coverage * coverage
    ranked = []
    for row in np.argsort(-passage_scores, kind="stable").tolist():
        candidate = candidates[row]
        first, last = int(table.starts[row]), int(table.starts[row]) + _sentences(table, row)
        spans = table.spans[first:last]
        if config.mode == "hybrid":
            quote = quote_window(spans, sentence_scores[first:last], int(best[row]) - first, config.quote_chars)
        else:
            quote = (0, len(candidate.text))
        highlight = table.spans[int(best[row])]
        ranked.append(Ranked(candidate, float(passage_scores[row]), float(relevance[row]), quote, highlight))
    return ranked


def _sentences(table: SentenceTable, row: int) -> int:
    end = int(table.starts[row + 1]) if row + 1 < len(table.starts) else len(table.owner)
    return end - int(table.starts[row])


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
