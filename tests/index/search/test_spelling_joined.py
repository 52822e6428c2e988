"""Two words typed as one ("russianled", "an124") are read apart, as the knowledge base writes them."""

from __future__ import annotations

import pytest

from index.service import QAService
from tests.index.search.spelling_support import corrector_over


@pytest.mark.parametrize(
    ("typed", "corrected"),
    [
        # Chat drops the hyphen: the words are looked for apart again, as the article writes them.
        ("who leads the russianled alliance", "who leads the russian-led alliance"),
        ("what happened in nagornokarabakh", "what happened in nagorno-karabakh"),
        # A name no article holds is not cut into English words, nor a word into a two-letter part.
        ("what did xi jinping say", "what did xi jinping say"),
        ("what did the exussr states do", "what did the exussr states do"),
        # A slip inside one of them: that one is corrected, the other must be the article's as typed.
        ("who leads the rusisanled alliance", "who leads the russian-led alliance"),
        ("who leads the russian alliasce", "who leads the russian alliance"),
    ],
)
def test_two_words_typed_as_one_are_read_apart(typed: str, corrected: str) -> None:
    corrector = corrector_over(
        "The Russian-led alliance did not help the USSR.", "Fighting broke out in Nagorno-Karabakh."
    )

    assert corrector.correct(typed).text == corrected


def test_a_name_and_its_number_typed_as_one_are_read_apart() -> None:
    corrector = corrector_over("Iran sent Shahed-136 drones.", "Two An-124 planes landed in 2022.")

    assert (
        corrector.correct("where are the shahed136 drones from").text
        == "where are the shahed-136 drones from"
    )
    assert corrector.correct("when did the an124 planes land").text == "when did the an-124 planes land"
    # Only where the knowledge base holds both apart: it never says "19".
    assert corrector.correct("what about covid19").text == "what about covid19"


def test_a_model_name_typed_as_one_is_read_apart_with_its_letters() -> None:
    corrector = corrector_over("Belarus sent 98 T-72A tanks.", "Su-25SM jets flew in.")

    assert corrector.correct("how many t72a tanks").text == "how many t-72a tanks"
    assert corrector.correct("where did su25sm jets fly").text == "where did su-25sm jets fly"
    # Letters the knowledge base never writes after the number are no model name of its own.
    assert corrector.correct("how many t72b tanks").text == "how many t72b tanks"


def test_a_question_typed_without_its_hyphens_finds_its_passage(seeded: QAService) -> None:
    # "russianrun" was a word no passage holds: the quote came from one on Putin's weakness, which
    # states no date, so the when-question was refused.
    answer = seeded.ask("when did the weakness of the russianrun alliance become obvious")

    assert answer.answered and answer.quote is not None
    assert "became explicit in September" in answer.quote
