"""Asked who said something, the highlight names the speaker, not just the words said ('…," he added.')."""

from __future__ import annotations

import pytest

from index.search.speaker_highlight import asks_who_said
from index.service import QAService

_HARBOUR = (
    b"---\ntitle: Valmora votes on its sea wall\n---\n\nThe council met on Tuesday to vote on a new sea "
    b"wall for Valmora harbour, after a winter of storms that flooded the fish market twice.\n\n"
    b"Harbour engineer Tomasz Brandt told the council that the old wall would fail within a decade.\n\n"
    b'"The stones are moving every winter," he said. "We cannot wait for another storm to finish the '
    b'job."\n\nThe mayor, Lucia Ferrante, said the town would borrow the money over twenty years. The '
    b"vote passed by nine to two.\n"
)


@pytest.mark.parametrize(
    ("question", "speaker", "said"),
    [
        ("Who called the Shahed drones a weapon of terror against civilians?", "Vyacheslav Tseluiko",
         "weapon of terror"),
        ("Who said Russia's aggression destroyed integration among former Soviet countries?",
         "Volodymyr Fesenko", "destroyed integration"),
    ],
)  # fmt: skip
def test_who_said_is_highlighted_with_the_sentence_naming_the_speaker(
    seeded: QAService, question: str, speaker: str, said: str
) -> None:
    answer = seeded.ask(question)

    assert answer.answered
    assert speaker in (answer.highlight or ""), answer.highlight
    assert said in (answer.highlight or "")
    assert (answer.highlight or "") in (answer.quote or "")


def test_a_speaker_named_two_sentences_back_is_reached(service: QAService) -> None:
    service.add_bytes(_HARBOUR, "harbour.md", "cli")

    answer = service.ask("Who warned that Valmora cannot wait for another storm?")

    assert "Tomasz Brandt" in (answer.highlight or ""), answer.highlight
    assert "another storm" in (answer.highlight or "")


def test_a_question_about_what_was_said_keeps_its_own_highlight(service: QAService) -> None:
    service.add_bytes(_HARBOUR, "harbour.md", "cli")

    answer = service.ask("What is moving every winter?")

    assert "The stones are moving every winter" in (answer.highlight or ""), answer.highlight
    assert "Tomasz Brandt" not in (answer.highlight or "")


@pytest.mark.parametrize(
    "question",
    [
        "Who said that Putin is losing allies?",
        "who said putin will keep losing allies",
        "Which Ukrainian analyst argued that integration was destroyed?",
        "According to whom is Belarus an occupied country?",
        "Who also warned that the wall would fail?",
    ],
)
def test_questions_asking_who_said_something(question: str) -> None:
    assert asks_who_said(question)


@pytest.mark.parametrize(
    "question",
    [
        "What did Tesla claim to perfect while at the exchange?",
        "Who did Tesla call in the middle of the night?",
        "What was media day called for Super Bowl 50?",
        "Which company sponsored a contest called Small Business Big Game?",
        "Who is the leader of Belarus?",
    ],
)
def test_questions_asking_what_was_said_or_of_whom(question: str) -> None:
    assert not asks_who_said(question)
