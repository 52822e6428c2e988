"""The evidence the ranker weighs, as matrices: one row per candidate sentence, one per candidate passage.

Every candidate's sentences are stacked into one table, so the question is compared with all of them
in one matrix product and per-passage figures (best, neighbours, maxima) are segment operations. What
the question's words find in the texts (coverage, cues, word pairs) comes in as `TextEvidence`, which
may have been worked out while the question was embedded. Feature names are part of the model file: a
model trained on other features is refused when loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from index.search.answer_types import AnswerType
from index.search.keyword import KeywordMatch
from index.search.text_evidence import TextEvidence

if TYPE_CHECKING:
    from index.search.ranking import Candidate

SENTENCE_FEATURES = (
    "sentence_similarity",
    "sentence_similarity_below_passage_best",
    "sentence_coverage",
    "sentence_coverage_below_passage_best",
    "sentence_has_answer_cue",
    "previous_sentence_similarity",
    "next_sentence_similarity",
    "first_sentence",
    "sentence_log_chars",
    "sentence_phrase_share",
    # The generic cue above, split by the kind asked for: a cause answers a why far more surely than
    # a capitalised name answers a who, and SQuAD teaches each its own weight.
    "sentence_cue_person",
    "sentence_cue_date",
    "sentence_cue_number",
    "sentence_cue_place",
    "sentence_cue_cause",
)
# Passage evidence that does not depend on which sentence is chosen (`passage_base`) comes first.
PASSAGE_BASE_FEATURES = (
    "passage_similarity",
    "passage_similarity_below_best",
    "dense_rank_log",
    "bm25_share",
    "bm25_rank_log",
    "passage_coverage",
    "passage_coverage_own_words",
    "top_sentence_similarity_below_best",
    "top_sentence_coverage",
    "passage_has_answer_cue",
    "answer_type",
    "sentences",
    "passage_log_chars",
    "passage_position_log",
    "source_share_of_candidates",
    "source_similarity_below_best",
    "best_sentence_pair_similarity",
    "question_terms",
    "passage_phrase_share",
    "top_sentence_phrase_share",
    "question_unknown_share",
)
PASSAGE_FEATURES = (
    *PASSAGE_BASE_FEATURES,
    "best_sentence_score",
    "best_sentence_score_below_best",
    "best_sentence_similarity",
    "best_sentence_coverage",
    "best_sentence_has_answer_cue",
    "best_sentence_phrase_share",
)


@dataclass(frozen=True)
class SentenceTable:
    """All candidates' sentences, passage by passage; `starts[i]` is candidate i's first row."""

    starts: np.ndarray
    owner: np.ndarray
    spans: tuple[tuple[int, int], ...]
    similarity: np.ndarray
    coverage: np.ndarray
    cues: np.ndarray
    phrases: np.ndarray
    passage_phrases: np.ndarray
    features: np.ndarray

    def best_rows(self, scores: np.ndarray) -> np.ndarray:
        """The row of each candidate's highest-scoring sentence (the first one on a tie)."""
        order = np.lexsort((np.arange(len(scores)), -scores, self.owner))
        return order[np.searchsorted(self.owner[order], np.arange(len(self.starts)))]

    def rows_of(self, candidate: int) -> range:
        """The rows of one candidate's sentences."""
        end = int(self.starts[candidate + 1]) if candidate + 1 < len(self.starts) else len(self.owner)
        return range(int(self.starts[candidate]), end)

    def segment_max(self, values: np.ndarray) -> np.ndarray:
        return np.maximum.reduceat(values, self.starts)


def sentence_table(
    question_vector: np.ndarray, candidates: Sequence[Candidate], text: TextEvidence
) -> SentenceTable:
    """Sentence features of every candidate, with their text evidence (`text`, in the same order)."""
    counts = text.counts
    vectors = [c.sentence_vectors if c.sentence_spans else c.vector[None, :] for c in candidates]
    owner = np.repeat(np.arange(len(candidates)), counts)
    spans, covered, cue_counts = text.spans, text.sentence_coverage, text.cues
    phrase_share = text.sentence_phrases
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    similarity = (np.concatenate(vectors) @ question_vector).astype(np.float32)
    first = np.zeros(len(owner), dtype=bool)
    first[starts] = True
    last = np.zeros(len(owner), dtype=bool)
    last[starts + counts - 1] = True
    previous = np.where(first, 0.0, np.roll(similarity, 1))
    following = np.where(last, 0.0, np.roll(similarity, -1))
    lengths = np.fromiter((end - start for start, end in spans), dtype=np.float32, count=len(spans))
    features = np.column_stack(
        [
            similarity,
            similarity - np.maximum.reduceat(similarity, starts)[owner],
            covered,
            covered - np.maximum.reduceat(covered, starts)[owner],
            cue_counts > 0,
            previous,
            following,
            first,
            np.log1p(lengths),
            phrase_share,
            *_cue_by_kind(cue_counts, text.kind),
        ]
    ).astype(np.float32)
    return SentenceTable(
        starts, owner, spans, similarity, covered, cue_counts, phrase_share, text.passage_phrases, features
    )


def _cue_by_kind(cues: np.ndarray, kind: AnswerType) -> list[np.ndarray]:
    """One column per kind of answer; only the asked-for kind's column holds the cues."""
    empty = np.zeros(len(cues), dtype=np.float32)
    return [(cues > 0).astype(np.float32) if kind == each else empty for each in list(AnswerType)[1:]]


def passage_base(
    candidates: Sequence[Candidate], text: TextEvidence, passage_similarity: np.ndarray, table: SentenceTable
) -> np.ndarray:
    """One row of `PASSAGE_BASE_FEATURES` per candidate."""
    count, keywords = len(candidates), text.keywords
    ids = [c.passage_id for c in candidates]
    bm25 = np.fromiter((keywords.passage_score(i) for i in ids), dtype=np.float32, count=count)
    top_bm25 = float(bm25.max())
    bm25_share = bm25 / top_bm25 if top_bm25 > 0 else np.zeros_like(bm25)
    top_similarity = table.segment_max(table.similarity)
    _, source_of = np.unique([c.source_id for c in candidates], return_inverse=True)
    source_count = np.bincount(source_of)
    source_best = np.full(len(source_count), -np.inf, dtype=np.float32)
    np.maximum.at(source_best, source_of, passage_similarity)
    sentences = np.diff(np.append(table.starts, len(table.owner)))
    following = np.roll(table.similarity, -1)
    pair = np.where(np.roll(table.owner, -1) == table.owner, (table.similarity + following) / 2, -1.0)
    chars = np.fromiter((len(c.text) for c in candidates), dtype=np.float32, count=count)
    positions = np.fromiter((c.position for c in candidates), dtype=np.float32, count=count)
    return np.column_stack(
        [
            passage_similarity,
            passage_similarity - passage_similarity.max(),
            np.log1p(_ranks(passage_similarity)),
            bm25_share,
            np.log1p(np.where(bm25 > 0, _ranks(bm25), count)),
            text.coverage,
            text.own_words,
            top_similarity - top_similarity.max(),
            table.segment_max(table.coverage),
            table.segment_max(table.cues) > 0,
            np.full(count, int(text.kind)),
            sentences,
            np.log1p(chars),
            np.log1p(positions),
            source_count[source_of] / count,
            source_best[source_of] - passage_similarity.max(),
            np.maximum(table.segment_max(pair), top_similarity / 2),
            np.full(count, keywords.own_stems),
            table.passage_phrases,
            table.segment_max(table.phrases),
            np.full(count, _unknown_share(keywords)),
        ]
    ).astype(np.float32)


def _unknown_share(keywords: KeywordMatch) -> float:
    """The IDF-weighted share of the question's own words that no passage holds: high for a paraphrase
    in other words (or a misspelling), when the ranker should trust the sentence model more."""
    own = keywords.own_stems
    total = sum(keywords.idf[:own])
    if total <= 0:
        return 0.0
    unknown = sum(
        idf for idf, stem in zip(keywords.idf[:own], keywords.stem_ids[:own], strict=True) if stem < 0
    )
    return unknown / total


def passage_features(base: np.ndarray, table: SentenceTable, sentence_scores: np.ndarray) -> np.ndarray:
    """`PASSAGE_FEATURES`: the base, then the evidence of each candidate's best sentence by the scores."""
    best = table.best_rows(sentence_scores)
    best_scores = sentence_scores[best]
    return np.column_stack(
        [
            base,
            best_scores,
            best_scores - best_scores.max(),
            table.similarity[best],
            table.coverage[best],
            table.cues[best] > 0,
            table.phrases[best],
        ]
    ).astype(np.float32)


def _ranks(values: np.ndarray) -> np.ndarray:
    """0 for the highest value, 1 for the next (ties broken by order)."""
    ranks = np.empty(len(values), dtype=np.float32)
    ranks[np.argsort(-values, kind="stable")] = np.arange(len(values))
    return ranks
