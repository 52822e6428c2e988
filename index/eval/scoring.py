"""Scoring answers against gold strings: hits at 1 and 3, highlights, refusals, latency."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from index.eval.loading import EvalQuestion
from index.ingest.documents import Document

if TYPE_CHECKING:
    from index.answer import Answer

TOP_K = 3
_TYPOGRAPHIC_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"'})


def fold(text: str) -> str:
    """Text as compared for hits: typographic quotes made plain, runs of whitespace made one space."""
    return " ".join(text.translate(_TYPOGRAPHIC_QUOTES).split())


@dataclass
class SystemScore:
    """One system's results; hit@k, MRR and highlight accuracy are over answerable questions."""

    name: str
    answerable: int = 0
    unanswerable: int = 0
    hits_at_1: int = 0
    hits_at_k: int = 0
    reciprocal_ranks: float = 0.0
    highlight_hits: int = 0
    refused_answerable: int = 0
    refused_unanswerable: int = 0
    quote_chars: list[int] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    # By question kind: [answerable, hits@1, highlight hits, refused]; by null type: [questions, refused].
    kinds: dict[str, list[int]] = field(default_factory=dict)
    null_types: dict[str, list[int]] = field(default_factory=dict)

    def _share(self, count: float, total: int) -> float | None:
        return count / total if total else None

    def to_json(self) -> dict[str, Any]:
        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 4)

        return {
            "system": self.name,
            "answerable": self.answerable,
            "unanswerable": self.unanswerable,
            "hit@1": rounded(self._share(self.hits_at_1, self.answerable)),
            f"hit@{TOP_K}": rounded(self._share(self.hits_at_k, self.answerable)),
            "mrr": rounded(self._share(self.reciprocal_ranks, self.answerable)),
            "refusal_rate": rounded(self._share(self.refused_answerable, self.answerable)),
            "unanswerable_refused": rounded(self._share(self.refused_unanswerable, self.unanswerable)),
            "highlight_accuracy": rounded(self._share(self.highlight_hits, self.answerable)),
            "quote_chars_mean": rounded(float(np.mean(self.quote_chars)) if self.quote_chars else None),
            "quote_chars_max": max(self.quote_chars, default=None),
            "latency_ms_p50": rounded(_percentile(self.latencies_ms, 50)),
            "latency_ms_p95": rounded(_percentile(self.latencies_ms, 95)),
            "by_kind": {
                kind: {
                    "answerable": n,
                    "hit@1": rounded(hits / n),
                    "highlight": rounded(highlighted / n),
                    "refused": refused,
                }
                for kind, (n, hits, highlighted, refused) in sorted(self.kinds.items())
            },
            "refused_by_null_type": {
                null_type: {"questions": n, "refused": rounded(refused / n)}
                for null_type, (n, refused) in sorted(self.null_types.items())
            },
        }


class GoldCheck:
    """Whether an answer's text holds a gold string (for SQuAD: inside the question's paragraph)."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self._bodies = {document.id: document.body for document in documents}

    def holds(self, question: EvalQuestion, text: str, source_id: str | None) -> bool:
        gold = [fold(g) for g in question.gold or ()]
        if question.region is None:
            folded = fold(text)
            return any(g in folded for g in gold)
        body = self._bodies.get(source_id or "")
        if body is None or source_id != question.source_id or not text:
            return False
        region_start, region_end = question.region
        # The answer carries text, not offsets: every place the verbatim text occurs is a candidate.
        position = body.find(text)
        while position >= 0:
            start, end = max(position, region_start), min(position + len(text), region_end)
            if end > start:
                inside = fold(body[start:end])
                if any(g in inside for g in gold):
                    return True
            position = body.find(text, position + 1)
        return False


def score_answer(score: SystemScore, question: EvalQuestion, answer: Answer | None, check: GoldCheck) -> None:
    answered = answer is not None and answer.answered and answer.quote is not None
    if not question.answerable:
        score.unanswerable += 1
        score.refused_unanswerable += not answered
        if question.null_type:
            tally = score.null_types.setdefault(question.null_type, [0, 0])
            tally[0] += 1
            tally[1] += not answered
        return
    score.answerable += 1
    kind = score.kinds.setdefault(question.kind, [0, 0, 0, 0]) if question.kind else [0, 0, 0, 0]
    kind[0] += 1
    if not answered or answer is None or answer.quote is None:
        score.refused_answerable += 1
        kind[3] += 1
        return
    source_id = answer.source.id if answer.source else None
    quotes = [(answer.quote, source_id)] + [(a.quote, a.source.id) for a in answer.alternatives]
    score.quote_chars.extend(len(quote) for quote, _ in quotes)
    for position, (quote, quote_source) in enumerate(quotes[:TOP_K], start=1):
        if check.holds(question, quote, quote_source):
            score.hits_at_k += 1
            score.reciprocal_ranks += 1 / position
            if position == 1:
                score.hits_at_1 += 1
                highlighted = check.holds(question, answer.highlight or "", source_id)
                score.highlight_hits += highlighted
                kind[1] += 1
                kind[2] += highlighted
            break


def _percentile(values: Sequence[float], percent: float) -> float | None:
    return float(np.percentile(values, percent)) if values else None
