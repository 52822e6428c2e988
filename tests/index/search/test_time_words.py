"""Time put another way: a question about "late summer" finds the passage that says "August"."""

from __future__ import annotations

import pytest

from index.search.time_words import is_time_word, with_months
from index.service import QAService


@pytest.mark.parametrize(
    ("question", "searched"),
    [
        ("Was it in late summer 2022?", "Was it in late summer (August) 2022?"),
        ("Who came in midsummer?", "Who came in midsummer (July)?"),
        (
            "What happened in the middle of the winter?",
            "What happened in the middle of the winter (January)?",
        ),
        ("What was said in the spring?", "What was said in the spring (March April May)?"),
        ("What did he refuse in late November?", "What did he refuse in late November (Nov)?"),
        ("What happened in March 1930?", "What happened in March (Mar) 1930?"),
        ("what happened on 12 march", "what happened on 12 march (Mar)"),
        ("Did prices rise in February or March?", "Did prices rise in February (Feb) or March (Mar)?"),
        ("What happens each March?", "What happens each March (Mar)?"),
        ("What happened on Nov. 24?", "What happened on Nov. (November) 24?"),
        (
            "What changed in the fall of 2019?",
            "What changed in the fall (September October November) of 2019?",
        ),
    ],
)
def test_seasons_and_month_abbreviations_are_spelt_out_as_months(question: str, searched: str) -> None:
    assert with_months(question) == searched


@pytest.mark.parametrize(
    "question",
    [
        "Did the government fall?",
        "What started the Arab Spring?",
        "Where is the spring water from?",
        "Where did the march end?",
        "why do historians consider the salt march important",
    ],
)
def test_fall_spring_and_march_that_are_no_times_are_left_alone(question: str) -> None:
    assert with_months(question) == question


@pytest.mark.parametrize(
    ("word", "dates"), [("Nov", True), ("September", True), ("Monday", True), ("CNN", False)]
)
def test_months_and_weekdays_are_time_words_and_names_are_not(word: str, dates: bool) -> None:
    """A "who said it" answer's "CNN reported on Nov. 1" names CNN, not November."""
    assert is_time_word(word) is dates


def test_a_question_about_late_summer_finds_the_august_passage(seeded: QAService) -> None:
    answer = seeded.ask("Was it in late summer 2022 that Azerbaijan took over the route to Karabakh?")

    assert answer.answered and answer.quote is not None
    assert "August 2022" in answer.quote
    assert answer.question == "Was it in late summer 2022 that Azerbaijan took over the route to Karabakh?"
