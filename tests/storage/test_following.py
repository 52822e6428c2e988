"""Two services on one database: a change made through one is answered from by the other.

Each service stands for a process (its own QABOT_HOME and FAISS index); the second one learns about
the change only through the database's change log, as a Discord bot learns of a Telegram `/add`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import pytest

from index.answer import Answer
from index.service import QAService
from tests.storage.conftest import ARTICLE, ARTICLE_ID, ARTICLE_QUESTION, ARTICLE_QUOTE, REPLACEMENT

DEADLINE_SECONDS = 5.0


def _ask_until(service: QAService, wanted: Callable[[Answer], bool]) -> tuple[Answer, float]:
    started = time.monotonic()
    while True:
        answer = service.ask(ARTICLE_QUESTION)
        waited = time.monotonic() - started
        if wanted(answer) or waited > DEADLINE_SECONDS:
            return answer, waited
        time.sleep(0.1)


def test_a_change_made_through_one_process_reaches_the_other_without_a_rebuild(
    make_service: Callable[..., QAService], caplog: pytest.LogCaptureFixture
) -> None:
    telegram, discord = make_service("telegram"), make_service("discord")
    assert not discord.ask(ARTICLE_QUESTION).answered  # its index is loaded, and empty
    caplog.set_level(logging.WARNING, logger="index.search")

    telegram.add_bytes(ARTICLE, "upload.md", "telegram:42")
    answer, waited = _ask_until(discord, lambda a: a.answered)
    assert answer.answered and answer.quote is not None and ARTICLE_QUOTE in answer.quote, waited
    assert waited <= DEADLINE_SECONDS

    telegram.add_bytes(REPLACEMENT, "upload.md", "telegram:42")
    answer, waited = _ask_until(discord, lambda a: a.quote is not None and "Kalina Ivanova" in a.quote)
    assert answer.quote is not None and "Kalina Ivanova" in answer.quote, waited

    telegram.remove(ARTICLE_ID, "telegram:42")
    answer, waited = _ask_until(discord, lambda a: not a.answered)
    assert not answer.answered, waited
    assert [s.source.id for s in discord.sources()] == []

    assert "rebuild" not in caplog.text.lower()


def test_a_process_started_later_loads_the_knowledge_base_from_the_database(
    make_service: Callable[..., QAService],
) -> None:
    cli = make_service("cli")
    cli.add_bytes(ARTICLE, "upload.md", "cli")

    later = make_service("later")

    answer = later.ask(ARTICLE_QUESTION)
    assert answer.answered and answer.source is not None and answer.source.id == ARTICLE_ID


def test_a_restarted_process_catches_up_with_changes_made_while_it_was_down(
    make_service: Callable[..., QAService],
) -> None:
    cli = make_service("cli")
    bot = make_service("bot")
    cli.add_bytes(ARTICLE, "upload.md", "cli")
    assert bot.ask(ARTICLE_QUESTION).answered  # its index is saved in its QABOT_HOME at this revision
    bot.close()

    cli.remove(ARTICLE_ID, "cli")
    restarted = make_service("bot")

    assert not restarted.ask(ARTICLE_QUESTION).answered
