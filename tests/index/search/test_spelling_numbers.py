"""A number typed with a slip ("20200", "020", "2041", "s020") is read as the one the knowledge base holds;
a number someone may write on purpose is left as typed."""

from __future__ import annotations

import pytest

from index.service import QAService
from tests.index.search.spelling_support import corrector_over

PASSAGES = (
    "Azerbaijan seized the territory in 2020.",
    "Crimea was annexed in 2014, and Iran sent Shahed-136 drones.",
)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("what did azerbaijan seize in 20200", "what did azerbaijan seize in 2020"),  # a digit doubled
        ("what did azerbaijan seize in 020", "what did azerbaijan seize in 2020"),  # a digit dropped
        ("what happened after 2041", "what happened after 2014"),  # swapped into a year to come
        ("what did azerbaijan seize in 2002", "what did azerbaijan seize in 2020"),  # typed in haste
        ("what did azerbaijan seize in s020", "what did azerbaijan seize in 2020"),  # a letter for a digit
        ("where are the shahed-1336 drones from", "where are the shahed-1336 drones from"),  # a code
    ],
)
def test_a_mistyped_number_is_read_as_the_one_the_knowledge_base_holds(typed: str, read: str) -> None:
    assert corrector_over(*PASSAGES).correct(typed).text == read


@pytest.mark.parametrize(
    "question",
    [
        # A year asked with care is meant: the person may well ask about 2002.
        "What did Azerbaijan seize in 2002?",
        # A digit replaced by another is as likely another year, or another number.
        "what happened in 2018",
        "why did russia invade georgia in 2008",
        "were 1336 drones sent",
        # Amounts and numbers in links are not years.
        "did it cost $2,014 or 1.2014",
        "see example.org/2041/",
    ],
)
def test_a_number_someone_may_mean_is_left_as_typed(question: str) -> None:
    assert corrector_over(*PASSAGES).correct(question).text == question


def test_a_slip_that_could_be_either_of_two_held_numbers_is_left_as_typed() -> None:
    corrector = corrector_over("Fighting broke out in 2020.", "Drones arrived in 2022.")

    # "202" is "2020" or "2022" with a digit dropped; "20x2" is "2022", the only one it can be.
    assert corrector.correct("what happened in 202").text == "what happened in 202"
    assert corrector.correct("what happened in 20x2").text == "what happened in 2022"
    # "20220" is either with a digit added, but a doubled digit is the likelier slip: "2020".
    assert corrector.correct("what happened in 20220").text == "what happened in 2020"


def test_a_question_with_its_year_mistyped_is_answered_not_refused(seeded: QAService) -> None:
    # Typed so, these were refused as asking about years the article never names.
    for question, said in (
        ("in which 2002 conflict did russia act as the main dealmaker", "2020 Nagorno-Karabakh War"),
        ("how did lukashenkos stance change between 2041 and 2020", "trying to stay neutral"),
        ("what did the falsified 2002 vote in belarus set off", "largest protests"),
    ):
        answer = seeded.ask(question)
        assert answer.answered and answer.quote is not None, question
        assert said in answer.quote, question
    # Asked with care, the year is the person's.
    assert not seeded.ask("In which 2002 conflict did Russia act as the main dealmaker?").answered
