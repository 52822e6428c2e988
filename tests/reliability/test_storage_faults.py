"""A full disk or a read-only database: changes fail with a clear message and leave everything as it
was; answering goes on.

Both are made real for SQLite with its own pragmas on every connection of the service's engine:
`max_page_count` caps the file at its current size (SQLite then fails writes exactly as on a full
disk), `query_only` refuses every write (as a read-only file does). The index files are written by
faiss, whose failed write is simulated by making `faiss.write_index` raise as it does on ENOSPC.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import faiss
import pytest
from sqlalchemy import Engine, event
from typer.testing import CliRunner

from bot.cli import app
from index.errors import StorageFull
from index.search import live_index
from index.search.vectors import IndexMeta
from index.service import Asker, QAService
from index.store import engine as engine_module
from tests.reliability.conftest import kb_state

ARTICLE = b"""# Bees in winter

Bumblebees keep flying in cold weather because they shiver their flight muscles to warm up.
"""
QUESTION = "Why can bumblebees fly when it is cold?"


@contextmanager
def sqlite_pragma(service: QAService, pragma: str) -> Iterator[None]:
    """`pragma` on every connection the service opens from now on, and on none afterwards."""

    def apply(dbapi_connection: Any, _record: object) -> None:
        _apply(dbapi_connection, pragma)

    service.engine.dispose()
    event.listen(service.engine, "connect", apply)
    try:
        yield
    finally:
        event.remove(service.engine, "connect", apply)
        service.engine.dispose()


def _apply(dbapi_connection: Any, pragma: str) -> None:
    cursor = dbapi_connection.cursor()
    if pragma == "full":
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
    else:
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


@pytest.mark.parametrize(
    ("pragma", "problem"),
    [
        pytest.param("full", "database or disk is full", id="full-disk"),
        pytest.param("query_only = ON", "readonly database", id="read-only"),
    ],
)
def test_an_add_the_database_cannot_store_is_refused_clearly_and_changes_nothing(
    seeded: QAService, pragma: str, problem: str
) -> None:
    seeded.ask(QUESTION)  # the index is loaded before the disk fills up
    before = kb_state(seeded)
    with sqlite_pragma(seeded, pragma):
        with pytest.raises(StorageFull, match=f"cannot be changed now.*{problem}"):
            seeded.add_bytes(ARTICLE * 200, "bees.md", "telegram:1")
        answer = seeded.ask("Why won't Lukashenko send troops to Ukraine?")
    assert answer.answered
    assert kb_state(seeded) == before


@pytest.mark.parametrize(
    ("pragma", "message"),
    [
        pytest.param("full", "The knowledge base cannot be changed now", id="full-disk"),
        pytest.param("query_only = ON", "cannot be written (readonly database)", id="read-only"),
    ],
)
def test_the_cli_says_so_in_one_line(
    seeded: QAService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pragma: str, message: str
) -> None:
    path = tmp_path / "bees.md"
    path.write_bytes(ARTICLE)
    before = kb_state(seeded)
    real_make_engine = engine_module.make_engine

    def engine_with_pragma(url: str) -> Engine:
        engine = real_make_engine(url)
        event.listen(engine, "connect", lambda connection, _record: _apply(connection, pragma))
        return engine

    monkeypatch.setattr(engine_module, "make_engine", engine_with_pragma)
    result = CliRunner().invoke(app, ["kb", "add", str(path)])
    assert result.exit_code == 1, result.output
    assert "error: " in result.output and message in result.output
    assert "Traceback" not in result.output
    assert kb_state(seeded) == before


def test_a_question_that_cannot_be_recorded_is_still_answered(
    seeded: QAService, caplog: pytest.LogCaptureFixture
) -> None:
    with sqlite_pragma(seeded, "query_only = ON"), caplog.at_level(logging.WARNING):
        answer = seeded.ask("Why won't Lukashenko send troops to Ukraine?", Asker("telegram", "42"))
    assert answer.answered and answer.question_id is None
    # A database that cannot be written is the operator's to fix, not a bug: one line with the reason.
    assert "Could not record a question" in caplog.text and "readonly" in caplog.text
    assert seeded.ask(QUESTION, Asker("telegram", "42")).question_id is not None  # recorded again


def test_an_index_that_cannot_be_saved_is_served_from_memory_and_saved_later(
    seeded: QAService, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    seeded.ask(QUESTION)
    real_write_index = faiss.write_index

    def disk_full(*_args: object) -> None:
        raise RuntimeError("Error in faiss::FileIOWriter: write error: No space left on device")

    monkeypatch.setattr(faiss, "write_index", disk_full)
    monkeypatch.setattr(live_index, "SAVE_RETRY_SECONDS", 0.0)  # every refresh tries again
    with caplog.at_level(logging.WARNING):
        result = seeded.add_bytes(ARTICLE, "bees.md", "telegram:1")
    assert result.action == "added"
    assert "Could not save the index" in caplog.text
    answer = seeded.ask(QUESTION)
    assert answer.answered and answer.source is not None and answer.source.id == "bees"
    [meta_path] = seeded.settings.index_dir.glob("*.json")
    assert not list(seeded.settings.index_dir.glob("*.tmp")), "a failed save left its temporary file"
    assert IndexMeta.load(meta_path).revision < kb_state(seeded).revision  # type: ignore[union-attr]

    # Space again: the next refresh saves, and a restart loads that file as it is.
    monkeypatch.setattr(faiss, "write_index", real_write_index)
    seeded.refresh(force=True)
    assert IndexMeta.load(meta_path).revision == kb_state(seeded).revision  # type: ignore[union-attr]
    restarted = QAService(seeded.settings, encoder=seeded.encoder)
    try:
        assert restarted.ask(QUESTION).source.id == "bees"  # type: ignore[union-attr]
    finally:
        restarted.close()


def test_stats_of_a_database_that_cannot_be_written_are_still_reported(
    seeded: QAService, caplog: pytest.LogCaptureFixture
) -> None:
    """`stats` first forgets expired questions; a read-only database made it a traceback."""
    seeded.ask(QUESTION, Asker("telegram", "42"))
    with sqlite_pragma(seeded, "query_only = ON"), caplog.at_level(logging.WARNING):
        stats = seeded.stats()
    assert stats.questions == 1
    assert "Could not purge old questions" in caplog.text and "readonly" in caplog.text
