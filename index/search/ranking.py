"""Ranking candidate passages for a question: dense and keyword evidence, weighed by a learned ranker.

Pure functions over candidates the service has already fetched; no I/O and no model calls (sentence
vectors were computed at ingestion). `index.search.features` turns the candidates into two matrices,
one row per sentence and one per passage; the `Ranker` (`index.search.ranker`) scores the sentences
(the best one of a passage is its highlight) and then the passages. The quote is the window of whole
sentences around the highlight (see `index.search.highlight_spans`).

The refusal decision does not depend on the ranker: a passage is relevant when its relevance (dense
similarity blended with keyword coverage, below) reaches the threshold, and the best-ranked relevant
passage answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
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
from index.search.highlight_spans import highlighted, quote_window
from index.search.keyword import KeywordMatch
from index.search.non_answers import never_highlighted
from index.search.ranker import Ranker
from index.search.text_evidence import TextEvidence, text_evidence
from index.settings import DEFAULT_MODEL

# Answers whose relevance (see `rank`) is below this are refused. We lean towards answering: a wrong
# quote shows its source and can be checked, a wrong refusal cannot; what must be refused is a question
# about something the knowledge base does not cover at all (cooking, football, the weather).
# History: 0.38 / 0.36 (blend of similarity and coverage) were calibrated on SQuAD against near-domain
# questions; on hand-written paraphrases of the bundled article they refused 13% of answerable
# questions (no shared keyword: coverage 0 pulled relevance down). Since issue 15 coverage can only
# raise relevance above the similarity, and the threshold sits just above the off-topic questions'
# relevance: 0.32 for the default (CONTEXT_SUFFIX) vectors, where every off-topic question of
# eval/article_paraphrases*.jsonl scored at most 0.31 and answerable ones at least 0.33 (plain) —
# chosen by 5-fold cross-validation over those sets (docs/quality.md). Separately embedded sentences
# put similarity about 0.02 higher, hence 0.34. Another model needs its own value: QABOT_MIN_SCORE.
DEFAULT_MIN_SCORES = {DEFAULT_MODEL: 0.34, DEFAULT_MODEL + CONTEXT_SUFFIX: 0.32}
FALLBACK_MIN_SCORE = 0.34
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
    # Every candidate is read, weighed and scored, so fewer make every answer quicker. 16 + 16 answered
    # as 20 + 20 did (the ranker still learns from 20 + 20, `index.eval.training`): the same hit@1 on
    # every article set, 1,189 against 1,190 of 1,500 SQuAD questions at 100k passages, and 0.3 ms
    # sooner there (6.10 → 5.83 ms p50, interleaved). 12 + 12 took 0.5 ms off but lost a little.
    dense_k: int = 16
    keyword_k: int = 16
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
    """A ranked candidate; its quote (see `quote_window`) is worked out when asked for: an answer
    shows three candidates of the forty or so ranked."""

    candidate: Candidate
    rank_score: float
    relevance: float
    highlight: tuple[int, int]
    spans: tuple[tuple[int, int], ...] = field(repr=False, compare=False)
    sentence_scores: np.ndarray = field(repr=False, compare=False)
    best_sentence: int = field(repr=False, compare=False)
    # None: the quote is the whole passage (the single-signal baselines).
    quote_chars: int | None = field(repr=False, compare=False)
    coverage: float = field(default=0.0, compare=False)  # of the question's own words, weighed

    @cached_property
    def quote(self) -> tuple[int, int]:
        if self.quote_chars is None:
            return 0, len(self.candidate.text)
        through = next((i for i, (_, end) in enumerate(self.spans) if end >= self.highlight[1]), -1)
        since = next((i for i, (start, _) in enumerate(self.spans) if start >= self.highlight[0]), -1)
        return quote_window(
            self.spans, self.sentence_scores, self.best_sentence, self.quote_chars, through, since
        )

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
    known: TextEvidence | None = None,
) -> Evidence:
    """`known`: text evidence already worked out for some of the candidates (see `text_evidence`)."""
    passage_similarity = (np.stack([c.vector for c in candidates]) @ question_vector).astype(np.float32)
    text = text_evidence(candidates, keywords, kind, phrases, known)
    table = sentence_table(question_vector, candidates, text)
    return Evidence(table, passage_base(candidates, text, passage_similarity, table), passage_similarity)


def rank(
    question_vector: np.ndarray,
    candidates: Sequence[Candidate],
    keywords: KeywordMatch,
    config: RetrievalConfig,
    ranker: Ranker,
    kind: AnswerType = AnswerType.NONE,
    phrases: Sequence[str] = (),
    known: TextEvidence | None = None,
) -> list[Ranked]:
    """Candidates best first, each with its relevance (for refusals), quote and highlight spans.

    Relevance is the best of passage and sentence similarity, raised to (1 - c) × that + c ×
    coverage (c = `relevance_coverage`) when that is higher: similarity alone is low for rare names
    the sentence model barely knows, and a paraphrase sharing no word with its answer must not be
    pulled down by coverage 0.
    """
    if not candidates:
        return []
    evidence = gather_evidence(question_vector, candidates, keywords, kind, phrases, known)
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
        # The passage is chosen on the sentence model's own scores; the highlight leans to the kind
        # of answer asked for.
        sentence_scores = ranker.highlight_scores(sentence_scores, table.cues, kind)
        sentence_scores = never_highlighted(sentence_scores, table, candidates)
    best = table.best_rows(sentence_scores)
    similarity = np.maximum(evidence.passage_similarity, table.segment_max(table.similarity))
    coverage = evidence.base[:, PASSAGE_FEATURES.index("passage_coverage_own_words")]
    blended = (1 - config.relevance_coverage) * similarity + config.relevance_coverage * coverage
    relevance = np.maximum(similarity, blended)
    ranked = []
    quote_chars = config.quote_chars if config.mode == "hybrid" else None
    pair_margin = ranker.pair_margin if quote_chars is not None else 0.0
    for row in np.argsort(-passage_scores, kind="stable").tolist():
        rows = table.rows_of(row)
        first, last = rows.start, rows.stop
        spans, scores = table.spans[first:last], sentence_scores[first:last]
        top = int(best[row]) - first
        holds_cue = bool(table.cues[first + top])
        start, end = highlighted(
            candidates[row].text, spans, scores, top, holds_cue, pair_margin, quote_chars
        )
        ranked.append(
            Ranked(
                candidates[row], float(passage_scores[row]), float(relevance[row]),
                (spans[start][0], spans[end][1]), spans, scores, top, quote_chars, float(coverage[row]),
            )
        )  # fmt: skip
    return ranked
