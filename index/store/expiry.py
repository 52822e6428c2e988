"""Deleting expired rows a batch at a time: one delete of 60,000 rows held the write lock 1.7 s, and
the hourly purge runs on an asker's question."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.orm import Session

__all__ = ["delete_expired", "oldest_batch"]


def oldest_batch(
    session: Session, table: Any, expired: ColumnElement[bool], batch: int | None
) -> tuple[ColumnElement[bool], bool]:
    """What selects the oldest `batch` rows (all with None) of `table` (a model with an integer `id`)
    that `expired` selects, and whether that is a whole batch, so more may be left."""
    if batch is None:
        return expired, False
    # Up to the batch's last id: LIMIT in DELETE is not portable, and a list of ids is a parameter
    # each (SQLite before 3.32 takes 999).
    last = session.scalar(select(table.id).where(expired).order_by(table.id).offset(batch - 1).limit(1))
    return (expired if last is None else expired & (table.id <= last)), last is not None


def delete_expired(session: Session, table: Any, expired: ColumnElement[bool], batch: int | None) -> bool:
    """Deletes `oldest_batch`; whether more may be left."""
    selected, full = oldest_batch(session, table, expired, batch)
    session.execute(delete(table).where(selected))
    return full
