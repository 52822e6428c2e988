"""Ranking evidence computed for all candidates at once lands on the right sentence of the right one."""

from __future__ import annotations

import numpy as np

from index.search.answer_types import AnswerType
from index.search.features import sentence_table
from index.search.keyword_match import Coverages
from index.search.phrases import question_phrases
from index.search.ranking import Candidate

FIRST = "The treaty was signed in Tashkent. Nothing else happened then."
SECOND = "Leaders met twice. The peace treaty was signed in 1994 because the war had ended."


def _uncovered(*candidates: Candidate) -> Coverages:
    """No question word in any candidate."""
    nothing = np.zeros(len(candidates), dtype=np.float32)
    spans = tuple(np.asarray(c.sentence_spans) for c in candidates)
    return Coverages(nothing, nothing, spans, tuple(np.zeros(len(s), dtype=np.float32) for s in spans))


def _candidate(passage_id: int, text: str) -> Candidate:
    middle = text.index(". ") + 2
    vectors = np.ones((2, 4), dtype=np.float32) / 2
    return Candidate(
        passage_id=passage_id, source_id="s", text=text, heading=None, vector=vectors[0],
        sentence_spans=((0, middle - 1), (middle, len(text))), sentence_vectors=vectors,
    )  # fmt: skip


def test_word_pairs_and_cues_count_in_their_own_sentence_and_passage() -> None:
    question = "Why was the peace treaty signed?"
    candidates = [_candidate(1, FIRST), _candidate(2, SECOND)]
    table = sentence_table(
        np.ones(4, dtype=np.float32) / 2,
        candidates,
        _uncovered(*candidates),
        AnswerType.CAUSE,
        question_phrases(question),
    )

    # "treaty signed" is no pair of the text; "peace treaty" is in the second candidate's second sentence.
    assert table.phrases[:3].tolist() == [0, 0, 0] and table.phrases[3] > 0
    assert table.passage_phrases[0] == 0 and table.passage_phrases[1] > 0
    assert table.cues.tolist() == [0, 0, 0, 1]  # "because", in the fourth sentence of the four
