"""A question that names nothing is refused when asked alone, and read with the answer it replies to."""

from __future__ import annotations

import pytest

from index.search.empty_questions import names_nothing
from index.service import Asker, QAService

NOTHING_NAMED = ["Tell me more", "Who said that?", "What did she say?", "What happened next?", "Why?"]


@pytest.mark.parametrize("question", [*NOTHING_NAMED, "How many?", "whats the source", "So what?"])
def test_questions_of_pointing_and_asking_words_alone_name_nothing(question: str) -> None:
    assert names_nothing(question)


@pytest.mark.parametrize(
    "question",
    ["What about Belarus?", "drones iran?", "Who is Sazonov?", "What happened in 2022?", "why T-72A"],
)
def test_a_name_a_topic_or_a_number_makes_a_question(question: str) -> None:
    assert not names_nothing(question)


@pytest.mark.parametrize("question", NOTHING_NAMED)
def test_asked_alone_they_are_refused_with_no_source_named(seeded: QAService, question: str) -> None:
    """A passage where someone says or tells something was quoted ("Tell me more" got drones at 0.41)."""
    answer = seeded.ask(question)

    assert not answer.answered and answer.closest == ()


def test_in_reply_to_an_answer_they_are_read_with_it(seeded: QAService) -> None:
    asker = Asker("test", "reader")
    first = seeded.ask("Who is Sergei Sazonov?", asker)

    reply = seeded.ask("What did he say?", asker, follow_up_of=first.question_id)

    assert reply.answered and reply.source is not None and "Sazonov" in (reply.quote or "")
