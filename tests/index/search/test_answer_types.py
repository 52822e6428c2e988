"""Highlights that answer the question's type: the cause for a why, the date for a when, the number
for a how-many; and the cheap cues behind them."""

from __future__ import annotations

import pytest

from index.ingest.documents import Document
from index.search.answer_types import (
    AnswerType,
    asks_how_many,
    holds_count,
    holds_cue,
    question_type,
    sentence_cues,
)
from index.service import QAService


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Why won't Lukashenko send troops to Ukraine?", AnswerType.CAUSE),
        ("what made kazakhstan distance itself", AnswerType.CAUSE),
        ("What has pushed Kazakhstan away from Moscow?", AnswerType.CAUSE),
        ("whats behind belarus's support for the war", AnswerType.CAUSE),
        ("For what purpose did Iran send the drones?", AnswerType.CAUSE),
        ("What has Iran sent to Russia?", AnswerType.NONE),
        ("When did Azerbaijan seize the corridor?", AnswerType.DATE),
        ("In what year was the bridge built?", AnswerType.DATE),
        ("How many countries recognised the annexation?", AnswerType.NUMBER),
        ("Where did Putin meet Khamenei?", AnswerType.PLACE),
        ("Which country did Russia deny help to?", AnswerType.PLACE),
        ("Who is Dmitry Oreshkin?", AnswerType.PERSON),
        ("What is the CSTO?", AnswerType.NONE),
    ],
)
def test_question_types(question: str, kind: AnswerType) -> None:
    assert question_type(question) == kind


def test_cues_are_counted_per_sentence() -> None:
    text = "He refused to help. That would mean losing an ally. It happened on July 19, 2022, in Tehran."
    spans = [(0, 19), (20, 51), (52, len(text))]

    assert sentence_cues(text, spans, AnswerType.CAUSE).tolist() == [0, 1, 0]
    assert sentence_cues(text, spans, AnswerType.DATE).tolist()[2] >= 1
    assert sentence_cues(text, spans, AnswerType.NUMBER).tolist()[:2] == [0, 0]
    assert sentence_cues(text, spans, AnswerType.NONE).tolist() == [0, 0, 0]


@pytest.mark.parametrize(
    ("text", "holds"),
    [
        ("The board voted on Wednesday night to cancel the show.", True),
        ("The doors open at 6:30 p.m. for members.", True),
        ("In the 55th minute Hale was shown a second yellow card.", True),
        ("Kelby took the lead in the ninth minute.", True),
        ("The board voted to cancel the show.", False),
        ("Hale was shown a second yellow card.", False),
        ("The tank holds 5 amps of charge and 30 minutes of water.", False),
        ("Maps drawn at a scale of 1:50 show every house.", False),
        ("The gates open at 19:30 sharp.", True),
    ],
)
def test_a_day_an_hour_or_a_matchs_minute_says_when(text: str, holds: bool) -> None:
    assert holds_cue(text, AnswerType.DATE) is holds


def test_a_list_items_own_number_is_no_number_cue() -> None:
    """ "2. Buy a Viva Viagem card." held a number for "How much is a Viva Viagem card?"."""
    text = "1. Buy a card.\n2) It costs 50 cents.\nIt opened in 2. Hall"
    spans = [(0, 14), (15, 35), (36, len(text))]

    assert sentence_cues(text, spans, AnswerType.NUMBER).tolist() == [0, 1, 1]


@pytest.mark.parametrize(
    "text",
    [
        "Belarus supplied 98 T-72A tanks.",
        "Russia was buying millions of artillery shells.",
        "The Council meets twice a year.",
        "Russia is left with North Korea, Eritrea, Iran, Syria, and Belarus.",
    ],
)
def test_a_count_is_a_number_a_number_word_or_a_list(text: str) -> None:
    assert holds_count(text)


@pytest.mark.parametrize(
    "text",
    [
        "Russia sent its troops to help Kazakh President Kassym-Jomart Tokayev quell protests in January.",
        "In 2020, Azerbaijan seized a substantial part of the territory.",
        "Russia has been using Iranian-made Shahed-136 kamikaze drones.",
    ],
)
def test_a_year_or_a_model_number_is_no_count(text: str) -> None:
    assert not holds_count(text)


@pytest.mark.parametrize(
    ("question", "counts"),
    [
        ("How many drones did Iran send?", True),
        ("russian soldiers killed total", True),  # keywords, what counts last
        ("kazakhstan unrest death toll?", True),
        ("number of drones iran sent", True),
        ("the number of csto members", True),
        ("what is the total", False),  # asks what
        ("is there a death toll", False),  # asks whether
        ("drones iran?", False),
        ("total war in ukraine and the number of its victims so far in every single region", False),
    ],
)
def test_a_count_is_asked_with_how_many_or_in_keywords(question: str, counts: bool) -> None:
    assert asks_how_many(question) is counts


def test_a_count_typed_as_keywords_needs_a_quote_with_a_number(seeded: QAService) -> None:
    """ "russian soldiers kiled total" was answered with a line about Iranian drones, no number in it."""
    assert not seeded.ask("russian soldiers kiled total").answered
    counted = seeded.ask("an-124 china visits number")
    assert counted.answered and "nine times" in (counted.quote or "")


def test_the_demo_why_question_highlights_the_reason(seeded: QAService) -> None:
    answer = seeded.ask("Why won't Lukashenko send troops to Ukraine?")

    assert answer.answered and answer.highlight is not None
    assert "losing control over his army" in answer.highlight


# A paragraph where one sentence repeats the question's words and the next one holds the answer.
HARBOUR = Document(
    id="valmora-harbour",
    title="The harbour of Valmora",
    body=(
        "The new harbour wall of Valmora was a project the town council debated for many years. "
        "Work finally began on 3 March 1911 and lasted until the autumn.\n\n"
        "The fishing fleet of Valmora is small and old-fashioned. "
        "Forty-two boats still sail from the quay every morning before dawn."
    ),
)


def test_a_when_question_highlights_the_date_not_the_sentence_that_repeats_it(service: QAService) -> None:
    service.add(HARBOUR, "test")

    answer = service.ask("When did work on the harbour wall of Valmora begin?")

    assert answer.answered and answer.highlight is not None
    assert "3 March 1911" in answer.highlight


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How many countries recognised Russia's annexation of Crimea?", "only eight countries"),
        ("When did Azerbaijan take control of the Lachin corridor?", "August 2022"),
        ("Why is Putin reluctant to help Armenia?", "because he does not want to spoil"),
    ],
)
def test_typed_questions_about_the_article_highlight_their_answer(
    seeded: QAService, question: str, expected: str
) -> None:
    answer = seeded.ask(question)

    assert answer.answered and answer.highlight is not None
    assert expected in answer.highlight
