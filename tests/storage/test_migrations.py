"""Schema migrations on SQLite and PostgreSQL: from empty, from every earlier revision, and back down."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect
from typer.testing import CliRunner

from bot.cli import app
from index.store import engine as db
from index.store.models import Base

SCRIPTS = ScriptDirectory.from_config(db.alembic_config(db.make_engine("sqlite://")))
# Oldest first; each with the revision before it ("base" for the first).
STEPS = [
    (s.revision, s.down_revision if isinstance(s.down_revision, str) else "base")
    for s in reversed(list(SCRIPTS.walk_revisions()))
]
# A merge revision (two parents) would need its own test; the history is kept linear.
assert all(not isinstance(s.down_revision, tuple | list) for s in SCRIPTS.walk_revisions())


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = db.make_engine(database_url)
    yield engine
    engine.dispose()


def _current(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _schema_differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def test_upgrade_from_an_empty_database_gives_exactly_the_models_schema(engine: Engine) -> None:
    db.upgrade(engine)

    assert _current(engine) == SCRIPTS.get_current_head()
    assert _tables(engine) == set(Base.metadata.tables)
    # A model changed without a migration (or the reverse) shows up here.
    assert _schema_differences(engine) == []


@pytest.mark.parametrize(("revision", "previous"), STEPS, ids=[r for r, _ in STEPS])
def test_each_revision_upgrades_from_the_previous_one_and_downgrades_back(
    engine: Engine, revision: str, previous: str
) -> None:
    db.upgrade(engine, previous)
    before = _tables(engine)

    db.upgrade(engine, revision)
    assert _current(engine) == revision

    db.downgrade(engine, previous)
    assert _current(engine) == (None if previous == "base" else previous)
    assert _tables(engine) == before

    db.upgrade(engine, "head")
    assert _schema_differences(engine) == []


def test_downgrade_to_base_removes_every_table(engine: Engine) -> None:
    db.upgrade(engine)

    db.downgrade(engine, "base")

    assert _current(engine) is None
    assert _tables(engine) == set()


def test_qabot_db_upgrade_brings_an_older_database_up_to_date(
    engine: Engine, database_url: str, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    db.upgrade(engine, STEPS[-1][1])  # the revision before head (or nothing at all)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("QABOT_HOME", str(tmp_path))

    result = CliRunner().invoke(app, ["db", "upgrade"])

    assert result.exit_code == 0, result.output
    assert "up to date" in result.output
    assert _current(engine) == SCRIPTS.get_current_head()
    password = engine.url.password
    if password:
        assert str(password) not in result.output


@pytest.mark.parametrize("command", [["db", "upgrade"], ["sources"]])
def test_a_database_a_newer_qabot_upgraded_is_named_as_such_in_one_line(
    engine: Engine, database_url: str, tmp_path: object, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """After a deploy is rolled back, every command failed with alembic's traceback."""
    db.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '0099'"))
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("QABOT_HOME", str(tmp_path))

    result = CliRunner().invoke(app, command)

    assert result.exit_code == 1, result.output
    assert "'0099'" in result.output and "A newer qabot upgraded it" in result.output
    assert "Traceback" not in result.output


def test_upgrading_twice_changes_nothing(engine: Engine) -> None:
    db.upgrade(engine)
    db.upgrade(engine)

    assert _current(engine) == SCRIPTS.get_current_head()
    assert _schema_differences(engine) == []


def test_processes_starting_together_on_a_new_database_both_start(database_url: str) -> None:
    engines = [db.make_engine(database_url) for _ in range(3)]
    barrier = threading.Barrier(len(engines), timeout=30)

    def start(engine: Engine) -> None:
        barrier.wait()
        db.upgrade(engine)

    try:
        with ThreadPoolExecutor(max_workers=len(engines)) as pool:
            list(pool.map(start, engines))  # re-raises the first failure, e.g. "table already exists"
        assert _current(engines[0]) == SCRIPTS.get_current_head()
        assert _schema_differences(engines[0]) == []
    finally:
        for engine in engines:
            engine.dispose()


def test_0002_marks_passages_whose_paragraph_goes_on(engine: Engine) -> None:
    """Passages stored before 0002 get the flags ingestion now sets, read from their source's text."""
    db.upgrade(engine, "0001")
    text = "First paragraph.\n\nA long paragraph, cut here and going on there.\r\nLast."
    cut = text.index("going")
    pieces = {  # name: (start, end, continues before, continues after)
        "first": (0, 16, False, False),
        "long-head": (18, cut, False, True),
        "long-tail": (cut, text.index("\r"), True, False),
        "last": (text.index("Last"), len(text), False, False),
    }
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO sources (id, text, content_hash, added_at, updated_at) "
                "VALUES ('s', :text, 'h', :now, :now)"
            ),
            {"text": text, "now": dt.datetime(2026, 11, 28)},
        )
        for position, (start, end, _, _) in enumerate(pieces.values()):
            connection.execute(
                sa.text(
                    'INSERT INTO passages (source_id, position, start, "end", text, embedding, '
                    "sentence_spans, sentence_embeddings, embedding_model) "
                    "VALUES ('s', :position, :start, :end, :text, :blob, '[]', :blob, 'm')"
                ),
                {"position": position, "start": start, "end": end, "text": text[start:end], "blob": b""},
            )

    db.upgrade(engine, "0002")

    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT continues_before, continues_after FROM passages ORDER BY position")
        ).all()
    assert [(bool(a), bool(b)) for a, b in rows] == [
        (before, after) for _, _, before, after in pieces.values()
    ]


def test_0003_keeps_old_feedback_as_votes_and_drops_unkeyed_user_hashes(engine: Engine) -> None:
    """Old feedback stays counted (one anonymous vote each); stored user ids, possibly plain SHA-256 of
    a numeric id, are dropped; existing sources belong to the shared knowledge base."""
    db.upgrade(engine, "0002")
    now = dt.datetime(2026, 11, 30)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO sources (id, text, content_hash, added_at, updated_at) "
                "VALUES ('s', 'Text.', 'h', :now, :now)"
            ),
            {"now": now},
        )
        for question_id, feedback in ((1, 1), (2, -1), (3, None)):
            connection.execute(
                sa.text(
                    "INSERT INTO questions (id, at, platform, user_hash, question, answered, feedback) "
                    "VALUES (:id, :now, 'telegram', 'an-unkeyed-sha256', 'q?', true, :feedback)"
                ),
                {"id": question_id, "now": now, "feedback": feedback},
            )

    db.upgrade(engine, "0003")

    with engine.connect() as connection:
        votes = connection.execute(sa.text("SELECT question_id, value FROM votes ORDER BY question_id")).all()
        hashes = connection.execute(sa.text("SELECT user_hash FROM questions")).scalars().all()
        collections = connection.execute(sa.text("SELECT collection FROM sources")).scalars().all()
    assert [tuple(v) for v in votes] == [(1, 1), (2, -1)]
    assert hashes == [None, None, None]
    assert collections == [None]


def test_0004_keeps_votes_and_never_gives_an_id_twice(engine: Engine) -> None:
    """On SQLite the rebuilt `questions` table takes its votes with it; afterwards a deleted question's
    id (the largest) is not handed out again, on either database."""
    db.upgrade(engine, "0003")
    now = dt.datetime(2026, 12, 2)
    add_question = sa.text(
        "INSERT INTO questions (at, platform, question, answered) VALUES (:now, 'telegram', 'q?', true)"
    )
    with engine.begin() as connection:
        for _ in range(2):
            connection.execute(add_question, {"now": now})
        first, last = connection.execute(sa.text("SELECT id FROM questions ORDER BY id")).scalars().all()
        connection.execute(
            sa.text("INSERT INTO votes (question_id, user_hash, value, at) VALUES (:id, 'h', 1, :now)"),
            {"id": first, "now": now},
        )

    db.upgrade(engine, "0004")

    with engine.begin() as connection:
        votes = connection.execute(sa.text("SELECT question_id, value FROM votes")).all()
        connection.execute(sa.text("DELETE FROM questions WHERE id = :id"), {"id": last})
        connection.execute(add_question, {"now": now})
        newest = connection.execute(sa.text("SELECT max(id) FROM questions")).scalar_one()
    assert [tuple(v) for v in votes] == [(first, 1)]
    assert newest > last


def test_ids_are_never_reused_at_any_revision_from_0004_up_and_back(engine: Engine) -> None:
    """A later migration that rebuilds a table on SQLite must keep 0004's AUTOINCREMENT, going up or
    down."""
    later = [revision for revision, _ in STEPS][[r for r, _ in STEPS].index("0004") :]
    add = sa.text("INSERT INTO questions (at, platform, question, answered) VALUES (:now, 'x', 'q?', true)")
    now = {"now": dt.datetime(2026, 12, 2)}
    db.upgrade(engine, "0004")
    for revision in (*later[1:], *reversed(later[:-1])):  # up to head, then down to 0004 again
        if revision > (_current(engine) or ""):
            db.upgrade(engine, revision)
        else:
            db.downgrade(engine, revision)
        with engine.begin() as connection:
            connection.execute(add, now)
            last = connection.execute(sa.text("SELECT max(id) FROM questions")).scalar_one()
            connection.execute(sa.text("DELETE FROM questions WHERE id = :id"), {"id": last})
            connection.execute(add, now)
            newest = connection.execute(sa.text("SELECT max(id) FROM questions")).scalar_one()
        assert newest > last, f"an id was given twice at revision {revision}"
