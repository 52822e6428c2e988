"""Honest near-misses: a refusal names the sources that came closest, and never looks like an answer."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from rich.console import Console

from bot.console import NEAR_MISS, NOT_FOUND, print_answer
from index.answer import Answer, SourceInfo
from index.search.near_misses import closest_sources
from index.search.ranking import Candidate, Ranked
from index.service import QAService
from tests.conftest import SEED_TITLE


def _render(answer: Answer) -> str:
    console = Console(record=True, width=200)
    print_answer(console, answer)
    return console.export_text()


def test_a_refused_question_near_the_article_names_it_as_closest(seeded: QAService) -> None:
    seeded.settings = seeded.settings.model_copy(update={"min_score": 0.99})  # nothing is good enough

    answer = seeded.ask("How many soldiers has Russia lost in Ukraine?")

    assert not answer.answered and answer.quote is None
    assert [source.title for source in answer.closest] == [SEED_TITLE]
    assert answer.to_json()["closest"][0]["author"] == "Oleg Sukhov"


@pytest.mark.parametrize(
    "question", ["What is a good recipe for banana pancakes?", "What is NATO?"], ids=["recipe", "nato"]
)
def test_an_off_topic_question_is_refused_with_nothing_close(seeded: QAService, question: str) -> None:
    """An article about Russia's alliances that never names NATO is not where to look for it."""
    answer = seeded.ask(question)

    assert not answer.answered
    assert answer.closest == ()
    assert answer.to_json()["closest"] == []


def test_a_question_naming_what_the_article_never_mentions_needs_a_clearly_near_passage(
    seeded: QAService,
) -> None:
    # Both come within the refusal threshold of some passage (0.33-0.36), by their other words.
    for question in ("Who won the 2022 FIFA World Cup?", "What did Tbilisi say?"):
        assert not seeded.ask(question).answered, question
    # A capital stands for its country, which the article names: no unknown name.
    assert seeded.ask("What did Yerevan ask Moscow for?").answered


def test_a_question_about_a_country_the_article_never_names_is_refused_in_any_case(
    seeded: QAService,
) -> None:
    # "capital of" finds "Minsk, the capital of Belarus" at 0.33-0.39: near enough for any question.
    for question in (
        "what is the capital of france",
        "What's the capital of Spain?",
        "what is the capital of germany",
        "When did Finland and Sweden apply to join NATO?",
        "How many tanks does Germany have?",  # Belarus's 98 tanks at 0.57: as near as answers come
    ):
        answer = seeded.ask(question)
        assert not answer.answered and answer.quote is None, question
    # Places the article names, written in any case, and a capital standing for its country.
    for question in ("what did minsk promise", "How does Turkey play both sides?", "what did armenia do"):
        assert seeded.ask(question).answered, question


def test_a_question_about_a_year_the_article_never_mentions_is_refused_naming_it(seeded: QAService) -> None:
    # Both were answered (0.41-0.57): from the CSTO passage, and from why Russia invaded Ukraine.
    for question in ("What happened at the CSTO summit in 2021?", "why did russia invade georgia in 2008"):
        answer = seeded.ask(question)
        assert not answer.answered and answer.quote is None, question
        assert [source.title for source in answer.closest] == [SEED_TITLE], question
    # The article's years, and its own year of publication ("in July"), answer.
    assert seeded.ask("What did Azerbaijan seize in 2020?").answered
    assert seeded.ask("When did Iran admit supplying drones to Russia in 2022?").answered


def test_a_name_in_another_communitys_sources_does_not_change_answers_here(seeded: QAService) -> None:
    """Which names are known is read from what this place may see: otherwise anyone could test whether
    a name is in some other community's private sources."""
    question = "What did Tbilisi say?"
    assert not seeded.ask(question).answered
    notes = b"---\nid: notes\ntitle: Notes\n---\nThe bakery in Tbilisi opens at six.\n"

    seeded.add_bytes(notes, "notes.md", "telegram:7", collection="telegram:-555")

    assert not seeded.ask(question).answered


def test_the_console_names_the_closest_sources_without_quoting() -> None:
    sources = (
        SourceInfo("a", "Allies and influence", "Oleg Sukhov", "KI", dt.date(2022, 12, 5), None),
        SourceInfo("b", None, None, None, None, None),
    )

    text = _render(Answer("q", answered=False, score=0.3, closest=sources))

    assert text.strip() == f"{NEAR_MISS} Closest: Allies and influence — Oleg Sukhov; b"
    assert ">" not in text


def test_the_console_says_not_found_when_nothing_is_close() -> None:
    assert _render(Answer("q", answered=False)).strip() == NOT_FOUND


def test_a_how_many_question_whose_passage_counts_nothing_is_refused_naming_it(seeded: QAService) -> None:
    # Answered from "Russia sent its troops to help … Tokayev quell … protests in January": no number.
    refused = seeded.ask("How many Russian soldiers were sent to Kazakhstan in January?")
    counted = seeded.ask("How many tanks did Belarus supply to Russia in October?")

    assert not refused.answered and refused.quote is None
    assert [source.title for source in refused.closest] == [SEED_TITLE]
    assert counted.answered and counted.highlight is not None and "98 T-72A tanks" in counted.highlight


def _near(source_id: str, relevance: float, coverage: float) -> Ranked:
    candidate = Candidate(
        passage_id=len(source_id), source_id=source_id, text="A passage.", heading=None,
        vector=np.zeros(4, dtype=np.float32), sentence_spans=((0, 10),),
        sentence_vectors=np.zeros((1, 4), dtype=np.float32),
    )  # fmt: skip
    return Ranked(
        candidate, rank_score=1.0, relevance=relevance, highlight=(0, 10), spans=((0, 10),),
        sentence_scores=np.zeros(1), best_sentence=0, quote_chars=None, coverage=coverage,
    )  # fmt: skip


def test_a_refusal_names_only_sources_sharing_the_questions_words_nearest_first() -> None:
    """In a knowledge base of unrelated articles one always reaches the similarity of unrelated
    sentences: "How tall is Mount Everest?" named a history of the Salt March."""
    sources = {
        name: SourceInfo(name, name.title(), None, None, None, None) for name in ("march", "match", "bees")
    }
    ranked = [_near("march", 0.30, 0.0), _near("bees", 0.27, 0.3), _near("match", 0.29, 0.2)]

    assert [source.id for source in closest_sources("Who won?", ranked, sources)] == ["match", "bees"]
    assert closest_sources("How tall is Everest?", ranked[:1], sources) == ()
    assert closest_sources("What did the March say?", ranked[:1], sources) == (sources["march"],)  # title
    titled = {"march": SourceInfo("march", "What the march was about", None, None, None, None)}
    assert closest_sources("What is NATO about?", ranked[:1], titled) == ()  # no word but "what", "about"
