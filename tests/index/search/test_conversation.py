"""Which earlier questions a reply is read with (what the reply then gets is in test_followup.py)."""

from __future__ import annotations

import pytest

from index.search.conversation import context_questions, refers_back
from index.store.questions import RecordedQuestion

# What the seed article's keyword index would say: a question names something when it has a word of
# its own that passages hold.
KNOWN = ("sazonov", "china", "belarus", "oreshkin")


def _names_something(question: str) -> bool:
    return any(word in question.lower() for word in KNOWN)


def _recorded(question: str, number: int) -> RecordedQuestion:
    return RecordedQuestion(number, question, "article", passage_id=number)


@pytest.mark.parametrize(
    "question", ["What does he say about China?", "Why did they do it?", "And Belarus?", "what about china"]
)
def test_a_question_with_a_pronoun_or_an_opening_and_refers_back(question: str) -> None:
    assert refers_back(question)


@pytest.mark.parametrize(
    "question", ["Who is Sergei Sazonov?", "What did Iran admit about the drones?", "Anderson?"]
)
def test_a_question_naming_its_subject_does_not(question: str) -> None:
    assert not refers_back(question)


def test_the_reading_reaches_back_to_the_question_that_names_whom_he_is() -> None:
    first, china, why = (_recorded(q, n) for n, q in enumerate(
        ["Who is Sergei Sazonov?", "What does he say about China?", "Why?"], start=1
    ))  # fmt: skip
    replied_to = RecordedQuestion(4, "What else does he say?", "article", earlier=(why, china, first))

    assert context_questions(replied_to, _names_something) == [first, china, why]


def test_the_reading_stops_at_the_nearest_question_that_stands_on_its_own() -> None:
    first, oreshkin = _recorded("Who is Sergei Sazonov?", 1), _recorded("What does Oreshkin say?", 2)
    replied_to = RecordedQuestion(3, "What does he say about Belarus?", "article", earlier=(oreshkin, first))

    assert context_questions(replied_to, _names_something) == [oreshkin]


def test_a_question_asked_first_has_no_context() -> None:
    assert context_questions(_recorded("Who is Sergei Sazonov?", 1), _names_something) == []
