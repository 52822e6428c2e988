"""The change log: a `Change` row for every source added, replaced, moved or removed, which every
process follows to keep its indexes in step with the database (`LiveIndex`).

A bot runs for months, and with community collections on, strangers' adds and removes write it too:
each write also deletes the rows older than `CHANGE_LOG_DAYS`, so the log holds about a week. A process
further behind than the log reaches (a replica nobody asked anything for a week) reloads its indexes
from the database instead (`covers`). The newest row always stays: it is the current revision, and a
knowledge base that ever changed is never seeded again (`KnowledgeBase.ensure_seeded`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from index.store.models import Change, utcnow

__all__ = ["CHANGE_LOG_DAYS", "covers", "log_changes"]

CHANGE_LOG_DAYS = 7


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
