"""`RefusalLog`: attempts to change the knowledge base without the authority to, for `qabot stats`.

Who tried (their platform id, as moderation events record it), where, and what; kept as long as
questions are (`QABOT_QUESTION_RETENTION_DAYS`), and at most `MAX_RECORDED_A_DAY` a person a day: at
the heavy-action limit one account wrote 6.5 MB a day of "/add" attempts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from index.ingest.documents import plain_text
from index.store.daily_counts import DailyCounts
from index.store.expiry import delete_expired
from index.store.models import RefusedChange, utcnow

__all__ = ["Refusal", "RefusalLog"]

MAX_TARGET_CHARS = 300
# Past it a person's refused attempts are still refused, not recorded; `qabot stats` shows that many.
MAX_RECORDED_A_DAY = 50


@dataclass(frozen=True)
class Refusal:
    at: dt.datetime
    actor: str
    place: str
    action: str
    target: str


class RefusalLog:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._recorded_today = DailyCounts(lambda: MAX_RECORDED_A_DAY)

    def record(self, actor: str, place: str, action: str, target: str) -> None:
        if not self._recorded_today.take(actor):
            return
        # What a stranger typed is printed by `qabot stats` in the operator's terminal: escape codes
        # in it could erase lines or draw a fake entry.
        target = plain_text(target)
        with self._sessions.begin() as session:
            session.add(
                RefusedChange(
                    actor=actor[:200], place=place[:200], action=action[:16], target=target[:MAX_TARGET_CHARS]
                )
            )

    def count(self) -> int:
        with self._sessions() as session:
            return int(session.scalar(select(func.count()).select_from(RefusedChange)) or 0)

    def recent(self, limit: int = 10) -> list[Refusal]:
        with self._sessions() as session:
            rows = session.scalars(select(RefusedChange).order_by(RefusedChange.id.desc()).limit(limit))
            return [Refusal(r.at, r.actor, r.place, r.action, r.target) for r in rows]

    def purge_before(self, cutoff: dt.datetime, batch: int | None = None) -> bool:
        """Deletes refusals older than `cutoff`, at most `batch` of them; whether some may be left."""
        with self._sessions.begin() as session:
            return delete_expired(session, RefusedChange, RefusedChange.at < cutoff, batch)


def default_cutoff(retention_days: int) -> dt.datetime:
    return utcnow() - dt.timedelta(days=retention_days)
