"""A question is embedded on another thread while its keyword candidates are found; the answer is the
one the two steps give one after the other, and a process that cannot start a thread still answers."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from typing import Any

import pytest

from index.answer import Answer
from index.search import answering, embedding
from index.search.live_index import LiveIndex
from index.search.retrieval import Retrieval
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


def test_candidates_are_the_nearest_and_the_best_keyword_matches_read_once(seeded: QAService) -> None:
    """The candidates are exactly the union of the two searches, in passage-id order; a question only
    the vector finds is answered from the passage only the vector found."""
    seeded.refresh(force=True)
    state, config = seeded.loaded_index, seeded.config
    assert state is not None
    question = "When did Armenia's leader decline to put his name to the bloc's closing declaration?"
    prepared = seeded.prepare_question(question)
    assert prepared is not None
    _, ids = state.vectors.search(prepared.vector[None, :], config.dense_k)
    nearest = {int(i) for i in ids[0] if i >= 0}
    best_by_words = {pid for pid, _ in state.keywords.match(prepared.search_text).top(config.keyword_k)}

    evidence = seeded.ranking_evidence(prepared)
    answer = seeded.ask(question)

    assert evidence is not None
    assert [c.passage_id for c in evidence.candidates] == sorted(nearest | best_by_words)
    assert answer.passage_id in nearest - best_by_words
    assert "On Nov. 24, he refused to sign a final communique" in (answer.quote or "")


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
    monkeypatch.setattr(embedding, "_POOL", _NoThreads())
    answer = seeded.ask("Why won't Lukashenko send troops to Ukraine?")
    assert answer.answered and "losing control over his army" in (answer.quote or "")


def test_a_question_whose_keyword_search_fails_still_waits_for_its_embedding(
    seeded: QAService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An answer queue counts the asking thread: the embedding must not outlive it, or failing
    questions would pile up embeddings past every bound."""
    seeded.refresh(force=True)
    embed, embedded = answering.Answerer._embed, threading.Event()

    def slow_embed(self: answering.Answerer, search_text: str) -> Any:
        time.sleep(0.2)
        vector = embed(self, search_text)
        embedded.set()
        return vector

    def failing_match(self: LiveIndex, *args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the keyword index broke")

    monkeypatch.setattr(answering.Answerer, "_embed", slow_embed)
    monkeypatch.setattr(LiveIndex, "match_keywords", failing_match)
    with pytest.raises(RuntimeError, match="keyword index broke"):
        seeded.ask("Who is Dmitry Oreshkin?")
    assert embedded.is_set()


def test_a_source_replaced_while_a_question_is_searched_is_quoted_in_one_version(
    seeded: QAService, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = Visibility(community="telegram:-100777")
    first = b"# Harbour\n\nThe lighthouse keeper of Valmora rings the bell at dawn.\n"
    second = b"# Harbour\n\nThe lighthouse keeper of Valmora rings the bell at noon, since the storm.\n"
    seeded.add_bytes(first, "harbour.md", "telegram:5", collection=home.community)
    nearest, replaced = LiveIndex.nearest, threading.Event()

    def replaced_meanwhile(self: LiveIndex, *args: Any, **kwargs: Any) -> set[int]:
        if not replaced.is_set():  # between the keyword search and the nearest passages
            replaced.set()
            revised = {"title": "Harbour, revised"}
            seeded.add_bytes(second, "harbour.md", "telegram:5", revised, collection=home.community)
        return nearest(self, *args, **kwargs)

    monkeypatch.setattr(LiveIndex, "nearest", replaced_meanwhile)
    answer = seeded.ask("Who rings the bell in Valmora?", visibility=home)

    assert replaced.is_set() and answer.answered and answer.source is not None
    assert answer.source.title == "Harbour, revised" and "at noon" in (answer.quote or "")


def test_a_source_replaced_between_the_halves_of_every_search_is_still_quoted_in_one_version(
    seeded: QAService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under a stream of changes the last search takes its halves from two states of the index; the
    database snapshot they are read from keeps one version of each source."""
    home = Visibility(community="telegram:-100777")
    versions = {
        "Harbour v1": b"# Harbour\n\nThe lighthouse keeper of Valmora rings the bell at dawn.\n",
        "Harbour v2": b"# Harbour\n\nThe lighthouse keeper of Valmora rings the bell at noon since May.\n",
    }
    seeded.add_bytes(versions["Harbour v1"], "harbour.md", "telegram:5", collection=home.community)
    nearest, by_keywords = LiveIndex.nearest, Retrieval.by_keywords
    searches: list[str] = []

    def replaced_meanwhile(self: LiveIndex, *args: Any, **kwargs: Any) -> set[int]:
        title = "Harbour v2" if len(searches) % 2 else "Harbour v1"
        seeded.add_bytes(
            versions[title], "harbour.md", "telegram:5", {"title": title}, collection=home.community
        )
        return nearest(self, *args, **kwargs)

    def counted(self: Retrieval, *args: Any, **kwargs: Any) -> Any:
        searches.append("keywords")
        return by_keywords(self, *args, **kwargs)

    monkeypatch.setattr(LiveIndex, "nearest", replaced_meanwhile)
    monkeypatch.setattr(Retrieval, "by_keywords", counted)
    answer = seeded.ask("Who rings the bell in Valmora?", visibility=home)

    assert answer.answered and answer.source is not None, answer
    quoted = "at dawn" if "at dawn" in (answer.quote or "") else "at noon"
    assert (quoted, answer.source.title) in {("at dawn", "Harbour v1"), ("at noon", "Harbour v2")}
    assert len(searches) == 2  # beside the embedding, then once more, read in one query


class _StartFailsAfterQueueing:
    """A pool as Python's is when a thread cannot start: the work is queued first, then the start
    fails; a thread freed later runs what was queued."""

    def __init__(self) -> None:
        self.queued: list[Any] = []

    def submit(self, work: Any, *args: Any) -> Future[Any]:
        self.queued.append(work)
        raise RuntimeError("can't start new thread")


def test_a_question_is_embedded_once_when_its_thread_fails_to_start(
    seeded: QAService, monkeypatch: pytest.MonkeyPatch
) -> None:
    embed, embedded = answering.Answerer._embed, []

    def counted(self: answering.Answerer, search_text: str) -> Any:
        embedded.append(search_text)
        return embed(self, search_text)

    pool = _StartFailsAfterQueueing()
    monkeypatch.setattr(embedding, "_POOL", pool)
    monkeypatch.setattr(answering.Answerer, "_embed", counted)
    answer = seeded.ask("Who is Dmitry Oreshkin?")
    for work in pool.queued:  # a pool thread gets to the queued copy afterwards
        work()

    assert answer.answered and len(embedded) == 1
