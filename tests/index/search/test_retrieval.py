"""A question is embedded on another thread while its keyword candidates are found; the answer is the
one the two steps give one after the other, and a process that cannot start a thread still answers."""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

import pytest

from index.answer import Answer
from index.search import answering
from index.service import QAService
from index.visibility import Visibility

QUESTIONS = (
    "Why won't Lukashenko send troops to Ukraine?",
    "wat did irn admit about the dronnes",
    "drones iran?",
    "Who is Dmitry Oreshkin?",
    "Who won the 2022 FIFA World Cup?",
)


def test_answers_equal_those_of_embedding_first_then_searching(seeded: QAService) -> None:
    seeded.refresh(force=True)
    for question in QUESTIONS:
        prepared = seeded.prepare_question(question)
        assert prepared is not None
        asked, direct = seeded.ask(question), seeded.answer_prepared(prepared)
        assert _shown(asked) == _shown(direct), question
        assert asked.score == pytest.approx(direct.score, abs=1e-5)


def _shown(answer: Answer) -> tuple[object, ...]:
    """What a person sees of an answer (scores aside: the same sums on another thread may round apart
    in the last bit)."""
    return (
        answer.answered, answer.quote, answer.highlight, answer.source, answer.closest,
        [(a.quote, a.highlight, a.source) for a in answer.alternatives],
    )  # fmt: skip


def test_a_community_sees_its_own_passages_when_both_halves_are_searched(seeded: QAService) -> None:
    community = Visibility(community="telegram:-100777")
    seeded.add_bytes(
        b"# Harbour\n\nThe lighthouse keeper of Valmora rings the bell at dawn.\n",
        "harbour.md", "telegram:5", collection=community.community,
    )  # fmt: skip
    question = "Who rings the bell at dawn?"
    own = seeded.ask(question, visibility=community)
    assert own.answered and own.source is not None and own.source.title == "Harbour"
    elsewhere = seeded.ask(question)
    assert elsewhere.source is None or elsewhere.source.title != "Harbour"


class _NoThreads:
    """An executor in a process at its thread limit: every submit fails as `threading` does."""

    def submit(self, *args: Any, **kwargs: Any) -> Future[Any]:
        raise RuntimeError("can't start new thread")


def test_a_question_is_answered_when_no_thread_can_be_started(
    seeded: QAService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(answering, "_EMBEDDING", _NoThreads())
    answer = seeded.ask("Why won't Lukashenko send troops to Ukraine?")
    assert answer.answered and "losing control over his army" in (answer.quote or "")
