"""The change log: a `Change` row for every source added, replaced, moved or removed, which every
process follows to keep its indexes in step with the database (`LiveIndex`).

A bot runs for months, and with community collections on, strangers' adds and removes write it too:
each write also deletes the rows older than `CHANGE_LOG_DAYS`, so the log holds about a week. A process
further behind than the log reaches (a replica nobody asked anything for a week) reloads its indexes
from the database instead (`covers`). The newest row always stays: it is the current revision, and a
knowledge base that ever changed is never seeded again (`KnowledgeBase.ensure_seeded`).

A follower reads the rows after the last revision it saw, so revisions must become visible in their
own order. On PostgreSQL they did not: a `kb sync` took revisions for 200 sources at its start and
committed them at its end, a small add took and committed a higher one meanwhile, and a follower that
read in between went past the sync's rows for good (its bots never answered from those sources, or,
for a replacement, from neither text). Every transaction that writes the log therefore first takes
`CHANGE_LOG_LOCK_KEY` (`change_transaction`), so writers run one at a time. SQLite already lets
one writer at a time through, from its first write to its commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from index.store.models import Change, utcnow

__all__ = ["CHANGE_LOG_DAYS", "change_transaction", "covers", "log_changes"]

CHANGE_LOG_DAYS = 7
CHANGE_LOG_LOCK_KEY = 0x7161626F7463  # "qabotc"; the migrations' lock is "qabot"


@contextmanager
def change_transaction(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """A transaction that will write the log, begun by waiting for any other such transaction to end.
    The lock is its first statement, before anything is read or written, so no writer holds a row
    another needs while it waits here."""
    with sessions.begin() as session:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHANGE_LOG_LOCK_KEY})
        yield session


def log_changes(session: Session, *changes: tuple[str, str]) -> None:
    """Adds a row per (source id, action) to the log, in `session`'s transaction, and forgets rows
    older than `CHANGE_LOG_DAYS` but the newest."""
    session.add_all(Change(source_id=source_id, action=action) for source_id, action in changes)
    session.flush()
    newest = session.scalar(select(func.max(Change.revision)))
    cutoff = utcnow() - dt.timedelta(days=CHANGE_LOG_DAYS)
    session.execute(delete(Change).where(Change.at < cutoff, Change.revision < newest))


def covers(session: Session, revision: int) -> bool:
    """Whether the log still holds every change after `revision` (none older was forgotten)."""
    oldest = session.scalar(select(func.min(Change.revision)))
    return oldest is None or revision >= oldest - 1
