"""Which earlier questions a reply is read with (what the reply then gets is in test_followup.py)."""

from __future__ import annotations

import pytest

from index.search.conversation import context_questions, stands_alone
from index.store.questions import RecordedQuestion

# What the seed article's keyword index would say: the words passages hold, and which are places.
KNOWN = frozenset({"sergei", "sazonov", "china", "belarus", "oreshkin", "iran", "admit", "drones", "true"})
PLACES = frozenset({"china", "belarus", "iran"})


def _known_words(question: str) -> frozenset[str]:
    return frozenset(word.strip("?,.").lower() for word in question.split()) & KNOWN


def _is_place(word: str) -> bool:
    return word.lower() in PLACES


def _recorded(question: str, number: int, *earlier: RecordedQuestion) -> RecordedQuestion:
    return RecordedQuestion(number, question, "article", passage_id=number, earlier=earlier)


def _stands_alone(question: str) -> bool:
    return stands_alone(question, _known_words(question), _is_place)


@pytest.mark.parametrize(
    "question",
    [
        "Who is Sergei Sazonov?",
        "What did Iran admit about its drones?",  # "its" is Iran's
        "And Oreshkin?",  # names someone else: whom "he" is from now on
        "and what does oreshkin say",  # typed in lower case: a word English does not have
        "Is it true that Belarus admit it?",
        "who is sergei sazonov",
    ],
)
def test_a_question_naming_what_it_is_about_stands_alone(question: str) -> None:
    assert _stands_alone(question)


@pytest.mark.parametrize(
    "question",
    ["What does he say about China?", "And Belarus?", "what about china", "Why?", "What does she admit?"],
)
def test_a_question_leaning_on_the_one_before_does_not(question: str) -> None:
    assert not _stands_alone(question)


def test_the_reading_reaches_back_to_the_question_that_names_whom_he_is() -> None:
    first = _recorded("Who is Sergei Sazonov?", 1)
    china = _recorded("What does he say about China?", 2, first)
    why = _recorded("Why?", 3, china, first)
    replied_to = _recorded("What else does he say?", 4, why, china, first)

    # In the order asked; "Why?" names nothing and adds nothing to the reading.
    assert context_questions(replied_to, _known_words, _is_place) == [first, china]


def test_the_reading_stops_at_the_nearest_question_that_stands_on_its_own() -> None:
    first = _recorded("Who is Sergei Sazonov?", 1)
    oreshkin = _recorded("What does Oreshkin say?", 2, first)
    replied_to = _recorded("What does he say about Belarus?", 3, oreshkin, first)

    assert context_questions(replied_to, _known_words, _is_place) == [oreshkin]


def test_a_reply_to_a_question_naming_someone_new_reads_no_earlier_question() -> None:
    first = _recorded("Who is Sergei Sazonov?", 1)
    switch = _recorded("And Oreshkin?", 2, first)

    assert context_questions(switch, _known_words, _is_place) == []


def test_a_reply_to_a_question_about_another_place_keeps_whom_it_was_about() -> None:
    first = _recorded("What does Oreshkin say about China?", 1)
    place = _recorded("And Belarus?", 2, first)

    assert context_questions(place, _known_words, _is_place) == [first]


def test_a_question_asked_first_has_no_context() -> None:
    assert context_questions(_recorded("Who is Sergei Sazonov?", 1), _known_words, _is_place) == []
