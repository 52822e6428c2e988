"""Text evidence worked out for some candidates while the question is embedded, and for the rest after,
is the evidence of all of them worked out at once, candidate for candidate."""

from __future__ import annotations

import numpy as np

from index.search.answer_types import AnswerType
from index.search.keyword import KeywordIndex, KeywordMatch
from index.search.phrases import question_phrases
from index.search.ranking import Candidate
from index.search.text_evidence import TextEvidence, text_evidence

TEXTS = {
    4: "Belarus hosts Russian troops. Lukashenko has not sent his own army because he fears unrest.",
    7: "The summit was held in Yerevan. Armenia refused to sign the declaration.",
    9: "Iran admitted sending drones. It said they were sent before the war began in 2022.",
    12: "Nothing here is about it.",
    15: "Russian troops trained in Belarus in October. Lukashenko kept his army at home.",
}
QUESTION = "Why won't Lukashenko send his army to fight in Ukraine?"


def _candidate(passage_id: int) -> Candidate:
    text = TEXTS[passage_id]
    middle = text.find(". ") + 2
    spans = ((0, middle - 1), (middle, len(text))) if middle > 1 else ()
    return Candidate(
        passage_id=passage_id, source_id=f"s{passage_id % 2}", text=text, heading=None,
        vector=np.ones(4, dtype=np.float32) / 2, sentence_spans=spans,
        sentence_vectors=np.ones((len(spans), 4), dtype=np.float32) / 2,
    )  # fmt: skip


def _keyword_match(question: str) -> KeywordMatch:
    index = KeywordIndex()
    index.update(added=[(i, _candidate(i).text, None, _candidate(i).sentence_spans) for i in TEXTS])
    return index.match(question)


def _columns(evidence: TextEvidence) -> list[list[object]]:
    return [
        evidence.passage_ids.tolist(), evidence.counts.tolist(), list(evidence.spans),
        evidence.sentence_coverage.tolist(), evidence.cues.tolist(), evidence.sentence_phrases.tolist(),
        evidence.passage_phrases.tolist(), evidence.coverage.tolist(), evidence.own_words.tolist(),
    ]  # fmt: skip


def test_evidence_known_for_some_candidates_joins_that_of_the_rest_in_the_candidates_order() -> None:
    keywords = _keyword_match(QUESTION)
    phrases = question_phrases(QUESTION)
    candidates = [_candidate(i) for i in sorted(TEXTS)]
    at_once = text_evidence(candidates, keywords, AnswerType.CAUSE, phrases)
    # The keyword half's candidates, in its own order, worked out first.
    first = [_candidate(15), _candidate(4), _candidate(12)]
    known = text_evidence(first, keywords, AnswerType.CAUSE, phrases)
    joined = text_evidence(candidates, keywords, AnswerType.CAUSE, phrases, known)

    assert _columns(joined) == _columns(at_once)
    # Every candidate known already (the dense search added none), in another order.
    every = text_evidence(candidates[::-1], keywords, AnswerType.CAUSE, phrases)
    assert _columns(text_evidence(candidates, keywords, AnswerType.CAUSE, phrases, every)) == _columns(
        at_once
    )
    # What is compared holds evidence: the cause in 4's second sentence, coverage, a word pair.
    assert at_once.cues[1] > 0 and at_once.coverage[0] > 0 and at_once.passage_phrases.max() > 0


def test_evidence_for_another_question_or_keyword_match_is_worked_out_again() -> None:
    keywords = _keyword_match(QUESTION)
    candidates = [_candidate(i) for i in sorted(TEXTS)]
    stale = text_evidence(candidates, keywords, AnswerType.CAUSE, ())
    other_question = _keyword_match("Where was the summit held?")

    for other_keywords, kind in ((other_question, AnswerType.CAUSE), (keywords, AnswerType.NONE)):
        fresh = text_evidence(candidates, other_keywords, kind, ())
        assert _columns(text_evidence(candidates, other_keywords, kind, (), stale)) == _columns(fresh)
        assert _columns(fresh) != _columns(stale)


def test_no_candidates_have_no_evidence() -> None:
    nothing = text_evidence([], _keyword_match(QUESTION), AnswerType.CAUSE, question_phrases(QUESTION))

    assert all(len(column) == 0 for column in _columns(nothing))
