"""A question as the sentence model is given it: chat's questions without a mark read as asked."""

from __future__ import annotations

import pytest

from index.errors import BadQuestion
from index.search.question_text import as_embedded, clean_question
from index.service import QAService


@pytest.mark.parametrize(
    ("typed", "embedded"),
    [
        ("has beijing taken sides in the war", "has beijing taken sides in the war?"),
        ("drones iran ", "drones iran?"),
        ("Who leads Armenia?", "Who leads Armenia?"),
        ("Tell me about the drones.", "Tell me about the drones."),
        ("what now!", "what now!"),
        ("誰が来た？", "誰が来た？"),
    ],
)
def test_only_a_question_ending_in_no_mark_gets_one(typed: str, embedded: str) -> None:
    assert as_embedded(typed) == embedded


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("when did the csto failures become obvius", "became explicit in September 2022"),
        ("which weapons was russia about to recieve from iran", "Iran was also preparing to send"),
    ],
)
def test_a_chat_question_without_its_mark_is_answered_as_it_is_with_it(
    seeded: QAService, typed: str, answer: str
) -> None:
    # As typed, without the mark, the sentence model preferred other passages (on Fesenko's view of
    # the CSTO; on what Iran's weapons do).
    without_mark = seeded.ask(typed)
    with_mark = seeded.ask(f"{typed}?")

    assert without_mark.answered
    assert without_mark.quote is not None and answer in without_mark.quote
    assert without_mark.quote == with_mark.quote


def test_a_question_typed_in_full_width_letters_is_answered_as_in_plain_ones(seeded: QAService) -> None:
    """As East Asian keyboards type Latin letters: no word matched, and it was refused."""
    full_width = seeded.ask("Ｗｈｏ ｉｓ Ｓｅｒｇｅｉ Ｓａｚｏｎｏｖ？")
    plain = seeded.ask("Who is Sergei Sazonov?")

    assert full_width.answered and full_width.quote == plain.quote
    assert full_width.question == "Who is Sergei Sazonov?"


def test_a_question_in_look_alike_letters_is_answered_as_in_latin_ones(seeded: QAService) -> None:
    """Cyrillic о, е and а inside English words: an unrelated passage was quoted with full credit."""
    look_alikes = seeded.ask("Whо is Sеrgеi Sаzоnоv?")
    plain = seeded.ask("Who is Sergei Sazonov?")

    assert look_alikes.question == "Who is Sergei Sazonov?"
    assert look_alikes.answered and look_alikes.quote == plain.quote


@pytest.mark.parametrize(
    "written",
    ["Кто такой Сазонов?", "Пpивeт, Sazonov", "Τι είναι το NATO;", "Kиев", "café naïve", "сaхар", "NF-κB"],
)
def test_words_in_their_own_script_are_left_as_written(written: str) -> None:
    """Only a word mixing Latin letters with look-alikes, and nothing else of their script, is folded."""
    assert clean_question(written) == written


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("How much CO₂ per km²?", "How much CO₂ per km²?"),  # not NFKC: "CO2", "km2" are other words
        ("10⁶ euros", "10⁶ euros"),
        ("the ﬁnal ofﬁce", "the final office"),
        ("ｄｒｏｎｅｓ　ｉｒａｎ？", "drones iran?"),
        ("Who\u200b is\u200f Sazonov?", "Who is Sazonov?"),
    ],
)
def test_only_forms_that_stand_for_plain_letters_are_read_as_them(typed: str, read: str) -> None:
    assert clean_question(typed) == read


def test_a_message_of_invisible_marks_alone_is_empty() -> None:
    with pytest.raises(BadQuestion, match="empty"):
        clean_question("\u200b\u200d\ufeff")
