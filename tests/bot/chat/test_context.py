"""A question is answered or the person is told, in bounded time, whatever holds the database."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections.abc import Iterator

import pytest

from bot.chat import context as chat_context
from bot.chat.answer_queue import ANSWERS_BUSY, MAX_STORAGE_PER_PLACE, STORAGE_BUSY, AnswerQueue, AnswersBusy
from bot.chat.authority import NOT_A_MODERATOR, Place
from bot.chat.context import NOT_IN_TIME, ChatContext
from bot.chat.listing import sources_page
from bot.settings import Settings
from index.errors import NotAllowed, StorageUnavailable
from index.service import Asker, QAService
from index.visibility import SHARED_ONLY

QUESTION = "What did Sazonov call Belarus?"


def start_votes(
    chat: ChatContext, service: QAService, question_id: int, count: int, place: str | None = None
) -> list[asyncio.Task[bool]]:
    """`count` people voting on the question at once, from `place`."""
    vote = service.vote
    return [
        asyncio.create_task(chat.write(vote, question_id, Asker("telegram", str(n)), 1, place=place))
        for n in range(count)
    ]


@contextlib.contextmanager
def database_held(settings: Settings) -> Iterator[None]:
    """Another process writing meanwhile (an add's batch): every write waits for it, up to SQLite's
    busy timeout."""
    writer = sqlite3.connect(settings.home / "qabot.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        writer.execute("ROLLBACK")
        writer.close()


async def test_a_question_held_by_the_database_is_told_so_in_time(
    seeded: QAService, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = ChatContext(settings, seeded)
    asker = Asker("telegram", "1")
    assert (await chat.ask(QUESTION, asker, SHARED_ONLY)).answered
    monkeypatch.setattr(chat_context, "ANSWER_SECONDS", 1.0)

    # Another process writing: recording the question waits on SQLite's 30 s busy timeout.
    with database_held(settings), pytest.raises(StorageUnavailable, match=NOT_IN_TIME):
        await chat.ask(QUESTION, asker, SHARED_ONLY)

    assert (await chat.ask(QUESTION, asker, SHARED_ONLY)).answered


async def test_questions_past_the_bound_are_told_at_once_while_the_database_is_held(
    seeded: QAService, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = ChatContext(settings, seeded)
    chat.answers = AnswerQueue(max_in_flight=3, threads=1)
    monkeypatch.setattr(chat_context, "ANSWER_SECONDS", 5.0)
    with database_held(settings):  # recording each question waits on the writer
        held = [
            asyncio.create_task(chat.ask(f"{QUESTION} ({n})", Asker("telegram", str(n)), SHARED_ONLY))
            for n in range(3)
        ]
        await asyncio.sleep(0.1)
        started = time.monotonic()
        with pytest.raises(AnswersBusy, match=ANSWERS_BUSY):
            await chat.ask(QUESTION, Asker("telegram", "99"), SHARED_ONLY)
        assert time.monotonic() - started < 1.0  # told at once, not after the time limit
    assert all(answer.answered for answer in await asyncio.gather(*held))


async def test_other_passages_are_answering_work_under_the_same_bound(
    seeded: QAService, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The button asks the question again: a raid of clicks must not queue work past the bound."""
    chat = ChatContext(settings, seeded)
    asked = await chat.ask(QUESTION, Asker("telegram", "1"), SHARED_ONLY)
    assert asked.question_id is not None
    chat.answers = AnswerQueue(max_in_flight=3, threads=1)
    monkeypatch.setattr(chat_context, "ANSWER_SECONDS", 5.0)
    with database_held(settings):
        held = [
            asyncio.create_task(chat.ask(f"{QUESTION} ({n})", Asker("telegram", str(n)), SHARED_ONLY))
            for n in range(3)
        ]
        await asyncio.sleep(0.1)
        with pytest.raises(AnswersBusy, match=ANSWERS_BUSY):
            await chat.alternatives(asked.question_id, SHARED_ONLY, None)
    await asyncio.gather(*held)
    others = await chat.alternatives(asked.question_id, SHARED_ONLY, None)
    assert others is not None and others.alternatives


async def test_a_vote_held_by_the_database_is_told_so_in_time(
    seeded: QAService, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Votes, listings and paragraphs ran on the event loop's default executor with no time limit: a
    database that stopped answering left the person on "thinking…" for good."""
    chat = ChatContext(settings, seeded)
    voter = Asker("telegram", "1")
    asked = await chat.ask(QUESTION, voter, SHARED_ONLY)
    assert asked.question_id is not None
    monkeypatch.setattr(chat_context, "ANSWER_SECONDS", 1.0)
    with database_held(settings):
        started = time.monotonic()
        with pytest.raises(StorageUnavailable, match=NOT_IN_TIME):
            await chat.write(seeded.vote, asked.question_id, voter, 1)
        assert time.monotonic() - started < 5.0
    assert await chat.write(seeded.vote, asked.question_id, voter, 1)


async def test_a_listing_is_read_while_many_votes_wait_for_the_database(
    seeded: QAService, settings: Settings
) -> None:
    chat = ChatContext(settings, seeded)
    asked = await chat.ask(QUESTION, Asker("telegram", "1"), SHARED_ONLY)
    assert asked.question_id is not None
    with database_held(settings):  # an add's batch: every vote waits for it
        votes = start_votes(chat, seeded, asked.question_id, 12)  # more than any pool's threads
        await asyncio.sleep(0.2)
        listing = await asyncio.wait_for(sources_page(chat, SHARED_ONLY, 0, 10, None), 5.0)
        assert listing.total == 1 and not any(vote.done() for vote in votes)
    assert all(await asyncio.gather(*votes))


async def test_votes_past_a_places_share_are_told_the_bot_is_busy_not_that_it_is_answering(
    seeded: QAService, settings: Settings
) -> None:
    """A vote asks nothing: it was refused with "please ask again in a minute"."""
    chat = ChatContext(settings, seeded)
    asked = await chat.ask(QUESTION, Asker("telegram", "1"), SHARED_ONLY)
    assert asked.question_id is not None
    with database_held(settings):
        votes = start_votes(chat, seeded, asked.question_id, MAX_STORAGE_PER_PLACE, place="-100")
        await asyncio.sleep(0.1)
        with pytest.raises(AnswersBusy, match=STORAGE_BUSY):
            await chat.write(seeded.vote, asked.question_id, Asker("telegram", "99"), 1, place="-100")
    assert all(await asyncio.gather(*votes))


async def test_a_refusal_is_told_though_the_database_cannot_record_it(
    seeded: QAService, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = ChatContext(settings, seeded)
    monkeypatch.setattr(chat_context, "ANSWER_SECONDS", 0.5)
    with database_held(settings), pytest.raises(NotAllowed, match=NOT_A_MODERATOR):
        await chat.authority.refuse("telegram:5", Place("telegram", -200), "add", "x", NOT_A_MODERATOR)
    assert seeded.stats().refused_changes == 0
