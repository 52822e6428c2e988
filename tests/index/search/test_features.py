"""Ranking evidence computed for all candidates at once lands on the right sentence of the right one."""

from __future__ import annotations

import numpy as np

from index.search.answer_types import AnswerType
from index.search.features import sentence_table
from index.search.keyword import KeywordIndex
from index.search.phrases import question_phrases
from index.search.ranking import Candidate
from index.search.text_evidence import text_evidence

FIRST = "The treaty was signed in Tashkent. Nothing else happened then."
SECOND = "Leaders met twice. The peace treaty was signed in 1994 because the war had ended."


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
    keywords = KeywordIndex([9], ["Nothing the question asks about."]).match(question)
    text = text_evidence(candidates, keywords, AnswerType.CAUSE, question_phrases(question))
    table = sentence_table(np.ones(4, dtype=np.float32) / 2, candidates, text)

    # "treaty signed" is no pair of the text; "peace treaty" is in the second candidate's second sentence.
    assert table.phrases[:3].tolist() == [0, 0, 0] and table.phrases[3] > 0
    assert table.passage_phrases[0] == 0 and table.passage_phrases[1] > 0
    assert table.cues.tolist() == [0, 0, 0, 1]  # "because", in the fourth sentence of the four
