"""A question is answered or the person is told, in bounded time, whatever holds the database."""

from __future__ import annotations

import sqlite3

import pytest

from bot.chat import context as chat_context
from bot.chat.context import NOT_IN_TIME, ChatContext
from bot.settings import Settings
from index.errors import StorageUnavailable
from index.service import Asker, QAService
from index.visibility import SHARED_ONLY

QUESTION = "What did Sazonov call Belarus?"


async def test_a_question_held_by_the_database_is_told_so_in_time(
    seeded: QAService, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = ChatContext(settings, seeded)
    asker = Asker("telegram", "1")
    assert (await chat.ask(QUESTION, asker, SHARED_ONLY)).answered
    monkeypatch.setattr(chat_context, "ANSWER_SECONDS", 1.0)

    # Another process writing: recording the question waits on SQLite's 30 s busy timeout.
    writer = sqlite3.connect(settings.home / "qabot.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StorageUnavailable, match=NOT_IN_TIME):
            await chat.ask(QUESTION, asker, SHARED_ONLY)
    finally:
        writer.execute("ROLLBACK")
        writer.close()

    assert (await chat.ask(QUESTION, asker, SHARED_ONLY)).answered
