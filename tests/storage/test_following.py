"""Two services on one database: a change made through one is answered from by the other.

Each service stands for a process (its own QABOT_HOME and FAISS index); the second one learns about
the change only through the database's change log, as a Discord bot learns of a Telegram `/add`.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from typing import Any

import pytest
from sqlalchemy import create_engine, select, update

from bot.settings import Settings
from index.answer import Answer
from index.service import QAService
from index.store import writing
from index.store.change_log import CHANGE_LOG_DAYS
from index.store.models import Change, utcnow
from index.visibility import EVERYWHERE, SHARED_ONLY, Visibility
from tests.storage.conftest import ARTICLE, ARTICLE_ID, ARTICLE_QUESTION, ARTICLE_QUOTE, REPLACEMENT

DEADLINE_SECONDS = 5.0
FERRY = b"# Ferry\n\nThe ferry to Suomenlinna leaves every twenty minutes."


def _ask_until(
    service: QAService, wanted: Callable[[Answer], bool], visibility: Visibility = SHARED_ONLY
) -> tuple[Answer, float]:
    started = time.monotonic()
    while True:
        answer = service.ask(ARTICLE_QUESTION, visibility=visibility)
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


def test_a_change_that_commits_after_a_later_one_still_reaches_the_other_process(
    make_service: Callable[..., QAService], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long write (a `kb sync` of 200 files) logs its change first and commits last. On PostgreSQL a
    quick add committed a later revision meanwhile, a follower reading then went past the long one's,
    and never answered from that source."""
    sync, cli, bot = make_service("sync"), make_service("cli"), make_service("bot")
    ferry_question = "How often does the ferry to Suomenlinna leave?"
    assert not bot.ask(ARTICLE_QUESTION).answered  # its index is loaded, and empty
    logged, go_on = threading.Event(), threading.Event()
    log_changes = writing.log_changes

    def log_then_take_long(session: Any, *changes: tuple[str, str]) -> None:
        log_changes(session, *changes)
        if changes[0][0] == ARTICLE_ID:
            logged.set()
            go_on.wait(30)

    monkeypatch.setattr(writing, "log_changes", log_then_take_long)
    with ThreadPoolExecutor(2) as pool:
        long_write = pool.submit(sync.add_bytes, ARTICLE, "upload.md", "cli")
        assert logged.wait(30)
        quick = pool.submit(cli.add_bytes, FERRY, "ferry.md", "cli")
        wait([quick], timeout=2)  # it commits now unless writers take turns
        bot.ask(ferry_question)  # the bot reads the log meanwhile
        go_on.set()
        long_write.result(30)
        quick.result(30)

    answer, waited = _ask_until(bot, lambda a: a.answered)
    assert answer.quote is not None and ARTICLE_QUOTE in answer.quote, waited
    assert bot.ask(ferry_question).answered


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


def test_a_collection_moved_to_a_new_place_id_is_answered_there_in_every_process(
    make_service: Callable[..., QAService],
) -> None:
    """A Telegram group upgraded to a supergroup: its sources, renamed for the new chat, are answered
    there (by the process that moved them and by another), and no longer in the old chat."""
    telegram, discord = make_service("telegram"), make_service("discord")
    old, new = Visibility("telegram:-4001"), Visibility("telegram:-1007774001")
    telegram.add_bytes(ARTICLE, "upload.md", "telegram:42", collection=old.community)
    taken = b"---\nid: taken\ntitle: Bakery\n---\nThe bakery on Vine Street opens at six every morning.\n"
    telegram.add_bytes(taken, "taken.md", "telegram:42", collection=old.community)
    telegram.add_bytes(taken, "taken.md", "telegram:42", collection=new.community)  # its new id is in use
    assert discord.ask(ARTICLE_QUESTION, visibility=old).answered

    assert old.community is not None and new.community is not None
    moved = telegram.move_collection(old.community, new.community, "telegram:upgrade")

    assert moved == [(f"telegram-4001-{ARTICLE_ID}", f"telegram-1007774001-{ARTICLE_ID}")]
    for service in (telegram, discord):
        answer, _ = _ask_until(service, lambda a: a.source is not None and "1007774001" in a.source.id, new)
        assert answer.quote is not None and ARTICLE_QUOTE in answer.quote
        assert answer.source is not None and answer.source.id == f"telegram-1007774001-{ARTICLE_ID}"
        gone, waited = _ask_until(service, lambda a: not a.answered, old)
        assert not gone.answered, waited
    assert {s.source.id for s in telegram.sources(EVERYWHERE)} >= {
        "telegram-4001-taken",
        "telegram-1007774001-taken",
    }


def test_a_process_further_behind_than_the_change_log_reaches_reloads_from_the_database(
    make_service: Callable[..., QAService], make_settings: Callable[..., Settings]
) -> None:
    """The log keeps about a week of changes; a replica nobody asked anything for longer still
    catches up with the changes it no longer holds."""
    cli, idle = make_service("cli"), make_service("idle")
    assert not idle.ask(ARTICLE_QUESTION).answered  # its index is loaded, and empty
    cli.add_bytes(ARTICLE, "upload.md", "cli")
    engine = create_engine(make_settings("cli").resolved_database_url())
    with engine.begin() as connection:  # that change was made long ago
        connection.execute(update(Change).values(at=utcnow() - dt.timedelta(days=CHANGE_LOG_DAYS + 1)))
    cli.add_bytes(FERRY, "ferry.md", "cli")
    with engine.connect() as connection:  # and this one made the log forget it
        assert connection.execute(select(Change.source_id)).scalars().all() == ["ferry"]
    engine.dispose()

    idle.refresh(force=True)

    assert idle.ask(ARTICLE_QUESTION).answered
    assert idle.ask("How often does the ferry to Suomenlinna leave?").answered
