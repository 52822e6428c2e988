"""The database going away or locking a table while a bot runs, on SQLite and PostgreSQL: questions get a
clear message or an answer from the index in memory, never a hang, and answers resume by themselves."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from bot.chat.errors import user_message
from index.answer import Answer
from index.errors import SOURCES_UNREACHABLE, StorageUnavailable
from index.search.live_index import REFRESH_INTERVAL_SECONDS
from index.service import Asker, QAService
from tests.storage.conftest import ARTICLE, ARTICLE_ID, ARTICLE_QUESTION, ARTICLE_QUOTE, postgres_admin_url

DEADLINE_SECONDS = 20.0  # a question held by the lock would wait for as long as the lock is held


def _seconds_to(ask: Callable[[], None]) -> tuple[float, threading.Thread]:
    """How long `ask` took in a thread, waiting at most `DEADLINE_SECONDS` (a lock is still held), and
    the thread, to join once the lock is released."""
    asking = threading.Thread(target=ask, daemon=True)
    started = time.monotonic()
    asking.start()
    asking.join(DEADLINE_SECONDS)
    return time.monotonic() - started, asking


@contextmanager
def unreachable(database_url: str, service: QAService) -> Iterator[None]:
    """No new connection to the database succeeds until the block ends."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = Path(str(url.database))
        service.engine.dispose()
        path.rename(path.with_suffix(".away"))
        path.mkdir()  # where the file was: SQLite cannot open it
        try:
            yield
        finally:
            path.rmdir()
            path.with_suffix(".away").rename(path)
        return
    admin = create_engine(
        make_url(postgres_admin_url()).set(drivername="postgresql+psycopg"),
        isolation_level="AUTOCOMMIT", poolclass=NullPool,
    )  # fmt: skip
    name = url.database
    with admin.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name}
        )
    try:
        yield
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()


def test_while_the_database_is_unreachable_questions_get_a_message_and_answers_resume(
    store: QAService, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    store.add_bytes(ARTICLE, "lighthouse.md", "cli")
    assert store.ask(ARTICLE_QUESTION).answered

    with unreachable(database_url, store), caplog.at_level(logging.WARNING):
        time.sleep(REFRESH_INTERVAL_SECONDS)
        for _ in range(3):
            with pytest.raises(StorageUnavailable, match="can't reach my sources"):
                store.ask(ARTICLE_QUESTION + " Please.")

    warnings = [r for r in caplog.records if "database is unreachable or slow" in r.getMessage()]
    assert len(warnings) == 1 and not warnings[0].exc_info  # one line, not three tracebacks
    answer = store.ask(ARTICLE_QUESTION + " Please.")
    assert answer.quote is not None and ARTICLE_QUOTE in answer.quote


def test_while_the_database_is_unreachable_every_chat_request_is_told_so_without_a_traceback(
    store: QAService, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Not only questions: /sources, a vote, the whole paragraph, /add and /remove got "something went
    wrong on my side" and an ERROR traceback each, as if a bug."""
    store.add_bytes(ARTICLE, "lighthouse.md", "cli")
    answer = store.ask(ARTICLE_QUESTION, asker=Asker("telegram", "1"))
    assert answer.question_id is not None and answer.passage_id is not None
    requests: list[Callable[[], object]] = [
        store.sources,
        lambda: store.vote(answer.question_id or 0, Asker("telegram", "2"), 1),
        lambda: store.paragraph(answer.passage_id or 0),
        lambda: store.add_bytes(ARTICLE.replace(b"1897", b"1898"), "lighthouse.md", "telegram:1"),
        lambda: store.remove(ARTICLE_ID, "telegram:1"),
    ]

    with unreachable(database_url, store), caplog.at_level(logging.WARNING):
        told = []
        for request in requests:
            with pytest.raises(Exception) as raised:
                request()
            told.append(user_message(raised.value))

    assert told == [SOURCES_UNREACHABLE] * len(requests)
    assert not [r for r in caplog.records if r.exc_info], "no traceback: the database being down is no bug"
    assert [s.source.id for s in store.sources()] == [ARTICLE_ID]  # and nothing changed


def test_a_table_locked_by_another_session_does_not_hold_questions(
    store: QAService, database_url: str
) -> None:
    """A migration or VACUUM FULL elsewhere locks the change log: the question is answered from the
    index in memory instead of waiting behind the lock."""
    store.add_bytes(ARTICLE, "lighthouse.md", "cli")
    assert store.ask(ARTICLE_QUESTION).answered
    locker = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"), poolclass=NullPool)
    answers: list[Answer] = []
    with locker.connect() as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            connection.execute(text("LOCK TABLE changes IN ACCESS EXCLUSIVE MODE"))
        else:
            connection.exec_driver_sql("DELETE FROM changes WHERE revision < 0")  # takes the write lock
        time.sleep(REFRESH_INTERVAL_SECONDS)
        waited, asking = _seconds_to(lambda: answers.append(store.ask(ARTICLE_QUESTION + " Now?")))
    asking.join()
    assert waited < DEADLINE_SECONDS, "the question waited for the lock"
    assert answers and answers[0].quote is not None and ARTICLE_QUOTE in answers[0].quote


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # a table lock is PostgreSQL's
def test_a_locked_question_log_does_not_hold_a_follow_up(store: QAService, database_url: str) -> None:
    """A migration altering `questions` elsewhere: the follow-up is answered on its own words, and not
    recorded, instead of waiting for the lock."""
    store.add_bytes(ARTICLE, "lighthouse.md", "cli")
    first = store.ask(ARTICLE_QUESTION, Asker("telegram", "1"))
    assert first.question_id is not None
    locker = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"), poolclass=NullPool)
    answers: list[Answer] = []

    def follow_up() -> None:
        answers.append(
            store.ask(ARTICLE_QUESTION + " Really?", Asker("telegram", "1"), follow_up_of=first.question_id)
        )

    with locker.connect() as connection, connection.begin():
        connection.execute(text("LOCK TABLE questions IN ACCESS EXCLUSIVE MODE"))
        waited, asking = _seconds_to(follow_up)
    asking.join()
    assert waited < DEADLINE_SECONDS, "the follow-up waited for the lock"
    assert answers and answers[0].quote is not None and ARTICLE_QUOTE in answers[0].quote
    assert answers[0].question_id is None  # not recorded: the log could not be written
