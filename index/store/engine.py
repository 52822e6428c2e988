"""Engine, sessions and schema migrations (Alembic) for SQLite and PostgreSQL alike."""

from __future__ import annotations

import logging
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from index.errors import QabotError, StorageFull
from index.throttled_log import ThrottledLog

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK_KEY = 0x7161626F74  # "qabot": any constant shared by every qabot process
WAL_SWITCH_ATTEMPTS = 30  # about 4.5 s of waiting in all
# Query parameters whose values are secrets: libpq's password, sslpassword, passfile, sslkey.
_SECRET_WORDS = ("pass", "key", "secret", "token")
_DAMAGED = re.compile(r"file is not a database|database disk image is malformed", re.IGNORECASE)
# A server that stops answering must not hold a connection attempt for minutes (the OS default), and
# a peer gone without a word is noticed by TCP keepalives.
_POSTGRES_CONNECT_ARGS = {
    "connect_timeout": 10, "keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10,
    "keepalives_count": 3,
}  # fmt: skip
# The answering path's statements (`bound_for_answering`): a question must not wait behind a table
# lock (a migration, VACUUM FULL) or a slow server longer than this. Bulk work is not bounded.
ANSWERING_STATEMENT_MS = 5000
ANSWERING_LOCK_MS = 2000
# SQLite keeps a file at its largest: a raid's 60,000 questions, purged a month later, left a 20 MB
# database of free pages and a 24 MB WAL beside it for as long as the bot ran. A checkpoint now cuts
# the WAL back to this, and a purge that leaves this share of the pages free gives them back.
SQLITE_WAL_LIMIT_BYTES = 8 * 1024 * 1024
VACUUM_FREE_SHARE = 0.25
VACUUM_MIN_FREE_PAGES = 256  # 1 MB at SQLite's default page size: less is not worth rewriting for


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # ValueError: e.g. a port that is not a number
        # The value is not repeated: it may hold a password.
        raise QabotError("DATABASE_URL is not a database URL, e.g. postgresql://user:pass@host/db") from None
    if parsed.host and "@" in parsed.host:
        # "user:p@ss@host": the password ends at its first "@", and the rest was taken for the host.
        raise QabotError(
            "DATABASE_URL: the password (or user name) holds an '@'; percent-encode it as %40 "
            "(and ':' as %3A, '/' as %2F)."
        )
    if parsed.drivername == "postgres":
        # The scheme many hosting providers hand out; SQLAlchemy only knows "postgresql".
        parsed = parsed.set(drivername="postgresql")
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise QabotError(
            f"DATABASE_URL: {parsed.get_backend_name()!r} is not supported; use postgresql:// or sqlite:///"
        )
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            # The database holds what people asked: its folder is the owner's alone.
            folder = Path(parsed.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            except OSError as error:
                raise QabotError(
                    f"Cannot make the folder {folder} for the database ({error.strerror or error}): set "
                    "QABOT_HOME to a folder qabot may write, or DATABASE_URL."
                ) from None
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername != "postgresql+psycopg":
        # psycopg 3 is the driver we ship: plain postgresql:// would look for psycopg2, and the URLs
        # hosting providers show name psycopg2 or asyncpg, which crashed qabot with a traceback.
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True, connect_args=dict(_POSTGRES_CONNECT_ARGS))


def error_reason(error: Exception) -> str:
    """The first line of what the database driver said, for a message or a log line (no traceback)."""
    orig = error.orig if isinstance(error, DBAPIError) else error
    said = str(orig).strip() if orig else ""
    return said.splitlines()[0] if said else type(error).__name__


class OutageLog:
    """One warning (`message` % the error's reason) at most every `seconds`: while the database is down
    every question fails, and the index retries once a second; a line each would bury the log."""

    def __init__(self, logger: logging.Logger, message: str, seconds: float = 60.0) -> None:
        self._log = ThrottledLog(logger, message, seconds)

    def warn(self, error: Exception) -> None:
        self._log.warn(error_reason(error))


def bound_for_answering(connection: Connection | Session) -> None:
    """Bounds the rest of this transaction's statements on PostgreSQL (SQLite readers never wait on
    writers): past `ANSWERING_LOCK_MS` waiting for a lock or `ANSWERING_STATEMENT_MS` in all, the
    statement fails instead of holding a question."""
    dialect = connection.dialect if isinstance(connection, Connection) else connection.get_bind().dialect
    if dialect.name == "postgresql":
        connection.execute(text(f"SET LOCAL statement_timeout = {ANSWERING_STATEMENT_MS}"))
        connection.execute(text(f"SET LOCAL lock_timeout = {ANSWERING_LOCK_MS}"))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # busy_timeout makes concurrent writers wait, not fail.
    cursor.execute("PRAGMA busy_timeout=30000")
    # WAL lets the bots read while the CLI writes. Switching a new database to WAL can fail at once
    # with "database is locked" when processes start together (SQLite skips the busy handler there
    # to avoid deadlocks; seen once in 40 runs of the three-process start test), so it is retried.
    for attempt in range(WAL_SWITCH_ATTEMPTS):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == WAL_SWITCH_ATTEMPTS - 1:
                raise
            time.sleep(0.01 * (attempt + 1))
    cursor.execute(f"PRAGMA journal_size_limit={SQLITE_WAL_LIMIT_BYTES}")
    cursor.close()


def give_back_free_space(engine: Engine) -> float:
    """On SQLite, rewrites the database without its free pages when they are many (`VACUUM`, about a
    second for 100 MB; readers go on under WAL), and checkpoints the WAL: the bytes given back (0: none).
    PostgreSQL's autovacuum does this itself."""
    if engine.dialect.name != "sqlite":
        return 0
    with engine.connect() as connection:
        free, pages, page_bytes = (
            connection.exec_driver_sql(f"PRAGMA {name}").scalar() or 0
            for name in ("freelist_count", "page_count", "page_size")
        )
    if free < VACUUM_MIN_FREE_PAGES or free < VACUUM_FREE_SHARE * pages:
        return 0
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM")
        # Not TRUNCATE, which waits for every reader: the WAL is cut to its limit when next reset.
        connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
    return free * page_bytes


def shown_url(url: URL) -> str:
    """The database's address as it may be printed: its password hidden, in the user part or given
    as a query parameter (`?password=…`, which psycopg accepts too), and other secrets' values too."""
    parameters = [
        f"{key}={'***' if any(word in key.lower() for word in _SECRET_WORDS) else value}"
        for key, values in url.query.items()
        for value in ((values,) if isinstance(values, str) else values)
    ]
    shown = url.set(query={}).render_as_string(hide_password=True)
    return f"{shown}?{'&'.join(parameters)}" if parameters else shown


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Config values are interpolated: a "%" in a password would otherwise fail (and echo the URL).
    url = engine.url.render_as_string(hide_password=False).replace("%", "%%")
    config.set_main_option("sqlalchemy.url", url)
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config(engine)
    with _connected(engine) as connection:
        try:
            _lock_for_migration(connection)
        except DBAPIError as error:
            if (problem := cannot_write(error)) is None:
                raise
            where = shown_url(engine.url)
            raise StorageFull(
                f"The database {where} cannot be written ({problem}); qabot needs to."
            ) from None
        config.attributes["connection"] = connection
        try:
            command.upgrade(config, revision)
        except CommandError as error:
            if "Can't locate revision" not in str(error):
                raise
            raise QabotError(
                f"The database schema is at a revision this qabot does not know ({error}). A newer "
                "qabot upgraded it: run that version again, or restore a backup taken before it."
            ) from None


def require_current_schema(engine: Engine) -> None:
    """A clear `QabotError` when the schema is behind the code: migrating is an explicit step."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    with _connected(engine) as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current != head:
        raise QabotError(
            f"The database schema is at {current or 'nothing'}, this qabot needs {head}: "
            "run `qabot db upgrade` (the bots and `qabot` commands do it on start)."
        )


def downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config(engine)
    with engine.begin() as connection:
        _lock_for_migration(connection)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


@contextmanager
def _connected(engine: Engine) -> Iterator[Connection]:
    """A transaction; a database that cannot be reached is the user's to fix, so it says so plainly."""
    try:
        connection = engine.connect()
    except OperationalError as error:
        where = shown_url(engine.url)
        reason = error_reason(error)
        # SQLite's file is QABOT_HOME's unless DATABASE_URL names another: a read-only home blamed the URL.
        named_by = "QABOT_HOME or DATABASE_URL" if engine.dialect.name == "sqlite" else "DATABASE_URL"
        raise QabotError(f"Cannot connect to the database {where} ({named_by}): {reason}") from None
    except DatabaseError as error:  # SQLite's "file is not a database": a damaged or foreign file
        if engine.dialect.name != "sqlite":
            raise
        raise damaged(engine, error) from None
    try:
        with connection, connection.begin():
            yield connection
    except DatabaseError as error:
        if not _DAMAGED.search(str(error.orig)):
            raise
        raise damaged(engine, error) from None


def damaged(engine: Engine, error: DatabaseError) -> QabotError:
    """The operator's to mend: which file, and what to do."""
    where = engine.url.database if engine.dialect.name == "sqlite" else shown_url(engine.url)
    return QabotError(
        f"The database {where} is damaged ({error_reason(error)}): restore it from a backup, or move it "
        "away to start an empty one."
    )


def _lock_for_migration(connection: Connection) -> None:
    """Processes starting together on a new database (say both bots) would both create the tables;
    the first to take this lock migrates, the others wait and then find the schema up to date."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
    elif connection.dialect.name == "sqlite":
        # Takes the write lock now (waiting up to busy_timeout), and makes the DDL one transaction.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


# SQLite's messages and PostgreSQL's SQLSTATEs for a write that no retry will get through.
_SQLITE_CANNOT_WRITE = ("database or disk is full", "readonly database", "disk i/o error")
_POSTGRES_CANNOT_WRITE = {
    "53100": "disk full", "25006": "read-only transaction", "42501": "no permission to write",
}  # fmt: skip


def cannot_write(error: DBAPIError) -> str | None:
    """Why the database refused a write for good (a full disk, a read-only file); None otherwise."""
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate in _POSTGRES_CANNOT_WRITE:
        return _POSTGRES_CANNOT_WRITE[sqlstate]
    message = str(error.orig).lower()
    return next((problem for problem in _SQLITE_CANNOT_WRITE if problem in message), None)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
