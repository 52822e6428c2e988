"""Which questions ask about their source ("Who wrote this article?") rather than what it says."""

from __future__ import annotations

import datetime as dt

import pytest

from index.answer import SourceInfo
from index.search.about_source import SourceField, about_source, may_be_about_source, source_answer

ARTICLE = SourceInfo(
    id="water",
    title="Port Elm weighs water limits",
    author="Ana Writer",
    publisher="The Elm Gazette",
    published=dt.date(2026, 7, 1),
    url="https://elm.example/water",
)


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("Who is the author of this piece?", SourceField.AUTHOR),
        ("who wrote this", SourceField.AUTHOR),
        ("whos the authr of this artcle", SourceField.AUTHOR),
        ("who is the authos of this pece", SourceField.AUTHOR),  # a letter left out of "piece"
        ("what is the tile of this article", SourceField.TITLE),
        ("When was this article published?", SourceField.PUBLISHED),
        ("when was this written", SourceField.PUBLISHED),
        ("how old is this article", SourceField.PUBLISHED),
        ("Which outlet published this story?", SourceField.PUBLISHER),
        ("Where was this article published?", SourceField.PUBLISHER),
        ("What's the headline of this article?", SourceField.TITLE),
        ("summarize this article", SourceField.TITLE),
        ("Where can I read the full article?", SourceField.LINK),
    ],
)
def test_a_question_about_its_source_says_which_field(question: str, field: SourceField) -> None:
    assert about_source(question) is field


@pytest.mark.parametrize(
    "question",
    [
        "Why did the author move from Russia to Ukraine?",
        "Who wrote about the drones?",
        "What did the author say about Iran?",
        "When was the report published?",  # a report the article cites, after an answer about it
        "When was it published?",
        "Who reported this in 2022?",
        "What is this?",
    ],
)
def test_a_question_about_what_a_source_says_is_not_about_the_source(question: str) -> None:
    assert about_source(question) is None


@pytest.mark.parametrize(
    ("question", "worth_reading_again"),
    [
        ("who wrote thsi article", True),  # "this" with a slip: too short to read here
        ("whp is the author of htis piece", True),
        ("Why did the author move from Russia to Ukraine?", False),  # three words of something else
        ("who wrote about the drones shot down over kyiv", False),
        ("who wrote abuot kyiv", False),  # names no source: "this", "article", "author", …
    ],
)
def test_a_question_two_misspelt_words_from_one_about_its_source_is_worth_reading_again(
    question: str, worth_reading_again: bool
) -> None:
    assert may_be_about_source(question) is worth_reading_again


def test_the_answer_quotes_the_field_as_stored_with_the_source() -> None:
    answer = source_answer("Who wrote this?", SourceField.AUTHOR, ARTICLE)

    assert answer.answered and answer.quote == answer.highlight == "Ana Writer"
    assert answer.source == ARTICLE
    assert source_answer("When?", SourceField.PUBLISHED, ARTICLE).quote == "1 Jul 2026"


def test_a_source_without_the_field_is_named_as_closest_not_answered() -> None:
    unsigned = SourceInfo(id="notes", title="Notes", author=None, publisher=None, published=None, url=None)

    answer = source_answer("Who wrote this article?", SourceField.AUTHOR, unsigned)

    assert not answer.answered and answer.quote is None
    assert answer.closest == (unsigned,)


def test_a_link_that_fails_today_s_checks_is_not_given() -> None:
    stored = SourceInfo(
        id="x", title="X", author=None, publisher=None, published=None, url="javascript:alert(1)"
    )

    assert not source_answer("Link to this article?", SourceField.LINK, stored).answered
