"""Chat's shorthand ("y", "r", "ppl", "govt") is read as the words it stands for; the same letters
as a name, a code or the knowledge base's own word are left as typed."""

from __future__ import annotations

import pytest

from index.service import QAService
from tests.index.search.spelling_support import corrector_over

PASSAGES = (
    "The government of Kazakhstan sent no troops.",
    "People protested because the vote was rigged.",
)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("y did ppl protest", "why did people protest"),
        ("wat r the govt plans", "what are the government plans"),
        ("did u know abt the vote", "did you know about the vote"),
        ("did ppl protest cuz the vote was rigged", "did people protest because the vote was rigged"),
    ],
)
def test_shorthand_is_read_as_the_words_it_stands_for(typed: str, read: str) -> None:
    assert corrector_over(*PASSAGES).correct(typed).text == read


@pytest.mark.parametrize(
    "question",
    [
        "what did the u.s. say about r&d",  # letters of an abbreviation
        "did the u-boat sink",
        "what is y in the vote",  # "y" asks "why" only where the question starts
        "R did not vote, did PPL",  # capitals: names
        "was there a bout of fighting in 44 bc",  # words, not shorthand
    ],
)
def test_letters_that_are_not_shorthand_are_left_as_typed(question: str) -> None:
    assert corrector_over(*PASSAGES).correct(question).text == question


def test_shorthand_the_knowledge_base_uses_as_a_word_is_meant_as_typed() -> None:
    corrector = corrector_over("The ruins of Ur lie in Iraq.")

    assert corrector.correct("where is ur").text == "where is ur"


def test_a_why_question_typed_as_y_gets_the_sentence_that_says_why(seeded: QAService) -> None:
    answer = seeded.ask("y wont lukashenko send troops to ukraine")

    assert answer.answered and answer.highlight is not None
    assert "losing control over his army" in answer.highlight


TITLED = (
    "The chief operating officer, Pietro Sala, plays goalkeeper for the staff team.",
    "The chief executive said the prime minister met them at 3 pm.",
)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Who is the COO?", "Who is the chief operating officer?"),
        ("what did the ceo say", "what did the chief executive say"),
        ("who plays goalie", "who plays goalkeeper"),
    ],
)
def test_a_title_the_knowledge_base_writes_out_is_read_written_out(typed: str, read: str) -> None:
    assert corrector_over(*TITLED).correct(typed).text == read


@pytest.mark.parametrize(
    ("passage", "question"),
    [
        (TITLED[1], "what happened at 3 pm"),  # a time, not a prime minister
        ("The CEO, Marco Bellini, spoke.", "what did the ceo say"),  # the knowledge base's own word
        ("Finance chief Laura Conti spoke.", "who is the CFO"),  # nothing writes it out
    ],
)
def test_a_title_abbreviation_is_left_as_typed_unless_only_its_words_are_held(
    passage: str, question: str
) -> None:
    assert corrector_over(passage).correct(question).text == question


def test_who_holds_an_abbreviated_title_is_answered_from_the_passage_naming_it(seeded: QAService) -> None:
    page = b"# Tessaro managers\n\nTessaro's chief operating officer, Pietro Sala, runs the Turin plant.\n"
    seeded.add_bytes(page, "tessaro.md", "cli")

    answer = seeded.ask("who is the coo")

    assert answer.answered and answer.highlight is not None
    assert "Pietro Sala" in answer.highlight


@pytest.mark.parametrize(
    "question",
    [
        "is the store open until five pm",  # a time
        "what is pm 2.5 pollution",  # particulate matter
        "how many mp is the camera",  # megapixels
        "eu acho que sim",  # Portuguese "I"
        "what time is the pm shift",  # the afternoon
        "can i send the author a pm",  # a message
    ],
)
def test_letters_of_a_title_meant_otherwise_are_left_as_typed(question: str) -> None:
    corrector = corrector_over(
        "The prime minister met a member of parliament from the European Union on Tuesday.",
        "The chief executive said the camera was ready.",
    )

    assert corrector.correct(question).text == question


def test_a_title_before_of_is_read_written_out() -> None:
    assert (
        corrector_over(*TITLED).correct("who is coo of the firm").text
        == "who is chief operating officer of the firm"
    )
