"""`TextEvidence`: what a question's words find in its candidates, worked out before its vector is known.

Keyword coverage, answer-type cues and word pairs need only the question's text and the candidates'
texts. `Answerer.answer` reads the keyword half's candidates while the question is embedded on another
thread, and works out their text evidence in that wait (at 100k passages the asking thread waited
about 1 ms for the vector); after the dense search only the passages it added are left. Evidence
worked out apart is joined by passage id: passages never change in place (a replaced source's
passages get new ids), so a passage's evidence stays right for as long as the keyword match is the
same one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from index.search.answer_types import AnswerType, question_type, span_cues
from index.search.keyword import KeywordMatch
from index.search.phrases import joined_texts, phrase_matches, question_phrases

if TYPE_CHECKING:
    from index.search.ranking import Candidate

__all__ = ["TextEvidence", "asked_in", "text_evidence"]


def asked_in(search_text: str) -> tuple[AnswerType, tuple[str, ...]]:
    """What text evidence looks for in answer to a question: its kind of answer and its word pairs."""
    return question_type(search_text), question_phrases(search_text)


@dataclass(frozen=True)
class TextEvidence:
    """Some candidates' text evidence, candidate by candidate (`passage_ids`), their sentences stacked
    (`counts[i]` rows for candidate i; a passage without stored sentences is one sentence)."""

    keywords: KeywordMatch
    kind: AnswerType
    phrases: tuple[str, ...]
    passage_ids: np.ndarray
    counts: np.ndarray
    spans: tuple[tuple[int, int], ...]
    sentence_coverage: np.ndarray
    cues: np.ndarray
    sentence_phrases: np.ndarray
    passage_phrases: np.ndarray
    coverage: np.ndarray
    own_words: np.ndarray  # coverage without the words of spelt-out acronyms

    def answers(self, keywords: KeywordMatch, kind: AnswerType, phrases: Sequence[str]) -> bool:
        """Was this worked out for the same question, matched against the same keyword index?"""
        return self.keywords is keywords and self.kind == kind and self.phrases == tuple(phrases)


def text_evidence(
    candidates: Sequence[Candidate],
    keywords: KeywordMatch,
    kind: AnswerType,
    phrases: Sequence[str] = (),
    known: TextEvidence | None = None,
) -> TextEvidence:
    """The candidates' text evidence in their order, taking what `known` holds for the same question."""
    phrases = tuple(phrases)
    if known is None or not known.answers(keywords, kind, phrases) or not len(known.passage_ids):
        return _worked_out(candidates, keywords, kind, phrases)
    held = set(known.passage_ids.tolist())
    missing = [c for c in candidates if c.passage_id not in held]
    both = _joined(known, _worked_out(missing, keywords, kind, phrases)) if missing else known
    return _in_order(both, [c.passage_id for c in candidates])


def _worked_out(
    candidates: Sequence[Candidate], keywords: KeywordMatch, kind: AnswerType, phrases: tuple[str, ...]
) -> TextEvidence:
    coverages = keywords.coverages([c.passage_id for c in candidates])
    spans: list[tuple[int, int]] = []
    coverage: list[np.ndarray] = [np.zeros(0, dtype=np.float32)]
    counts = np.empty(len(candidates), dtype=np.int64)
    for row, candidate in enumerate(candidates):
        own = candidate.sentence_spans
        if own:
            coverage.append(coverages.of_sentences(row, own))
        else:
            own = ((0, len(candidate.text)),)
            coverage.append(coverages.passages[row : row + 1])
        spans.extend(own)
        counts[row] = len(own)
    # Cues and word pairs are searched in all candidates' texts at once (one regex pass, one search per
    # pair): per candidate, the Python around each search cost more than the search.
    owner = np.repeat(np.arange(len(candidates)), counts)
    joined, offsets = joined_texts([c.text for c in candidates])
    # Lower-casing that changes the text's length (a rare letter such as "İ") would move positions:
    # then the text is searched as it is (case-blind cues with re.IGNORECASE, word pairs as written).
    lowered = joined.lower()
    lowered = lowered if len(lowered) == len(joined) else joined
    bounds = np.asarray(spans, dtype=np.int64).reshape(-1, 2) + offsets[owner, None]
    sentence_phrases, passage_phrases = phrase_matches(lowered, bounds[:, 0], offsets, owner, phrases)
    return TextEvidence(
        keywords, kind, phrases,
        passage_ids=np.fromiter((c.passage_id for c in candidates), dtype=np.int64, count=len(candidates)),
        counts=counts,
        spans=tuple(spans),
        sentence_coverage=np.concatenate(coverage).astype(np.float32),
        cues=span_cues(joined, lowered, bounds[:, 0], bounds[:, 1], kind),
        sentence_phrases=sentence_phrases,
        passage_phrases=passage_phrases,
        coverage=coverages.passages,
        own_words=coverages.own_words,
    )  # fmt: skip


def _joined(first: TextEvidence, second: TextEvidence) -> TextEvidence:
    """Both sets of candidates, the first's then the second's."""
    return TextEvidence(
        first.keywords, first.kind, first.phrases,
        passage_ids=np.concatenate([first.passage_ids, second.passage_ids]),
        counts=np.concatenate([first.counts, second.counts]),
        spans=first.spans + second.spans,
        sentence_coverage=np.concatenate([first.sentence_coverage, second.sentence_coverage]),
        cues=np.concatenate([first.cues, second.cues]),
        sentence_phrases=np.concatenate([first.sentence_phrases, second.sentence_phrases]),
        passage_phrases=np.concatenate([first.passage_phrases, second.passage_phrases]),
        coverage=np.concatenate([first.coverage, second.coverage]),
        own_words=np.concatenate([first.own_words, second.own_words]),
    )  # fmt: skip


def _in_order(evidence: TextEvidence, passage_ids: Sequence[int]) -> TextEvidence:
    """The candidates `passage_ids`, in that order (each one `evidence` holds)."""
    position = {passage_id: row for row, passage_id in enumerate(evidence.passage_ids.tolist())}
    rows = np.fromiter((position[i] for i in passage_ids), dtype=np.int64, count=len(passage_ids))
    counts = evidence.counts[rows]
    firsts = (np.cumsum(evidence.counts) - evidence.counts)[rows]
    # Each candidate's sentence rows, one after another: its first row, then the next `count - 1`.
    sentences = np.repeat(firsts - (np.cumsum(counts) - counts), counts) + np.arange(int(counts.sum()))
    return TextEvidence(
        evidence.keywords, evidence.kind, evidence.phrases,
        passage_ids=evidence.passage_ids[rows],
        counts=counts,
        spans=tuple(evidence.spans[row] for row in sentences.tolist()),
        sentence_coverage=evidence.sentence_coverage[sentences],
        cues=evidence.cues[sentences],
        sentence_phrases=evidence.sentence_phrases[sentences],
        passage_phrases=evidence.passage_phrases[rows],
        coverage=evidence.coverage[rows],
        own_words=evidence.own_words[rows],
    )  # fmt: skip
