"""`OwedReports`: the changes under way whose senders are still to hear how they went.

A change runs for minutes (a 4.5 MB add took 515 s), and a hard kill (SIGKILL, the OOM killer) ended it
without a word: polling had confirmed its update, so Telegram never sent it again. A chat front end
writes each change down before it runs, and crosses it off once its sender has been told (a report, an
error, a cut-off notice). What is left when a process starts was left by one that ended mid-change; it
is told by the one process of its platform that tells (`left`, then `settle`). A row holds no document: only
where to say it (plain ids) and what the change was.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from index.store.models import OwedReport, utcnow

__all__ = ["LeftReport", "OwedReports"]

MAX_WHAT_CHARS = 300
MAX_ADDRESS_CHARS = 200
# Taken at one start: a crash loop under a flood of adds leaves at most the queued ones each time.
MAX_TAKEN = 100
# A report left this long is dropped, not told: "I was restarted while adding …" a month on helps no one.
TOLD_WITHIN = dt.timedelta(days=2)


@dataclass(frozen=True)
class LeftReport:
    key: str
    platform: str
    address: dict[str, int]
    what: str
    at: dt.datetime


class OwedReports:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self.process = uuid.uuid4().hex  # this process's rows are never taken as left

    def owe(self, key: str, platform: str, address: Mapping[str, int], what: str) -> None:
        """Writes down a change about to run, under `key` (the caller's, chosen before the write: a
        caller that stops waiting still knows what to `settle`)."""
        written = json.dumps(dict(address), separators=(",", ":"))
        if len(written) > MAX_ADDRESS_CHARS:
            raise ValueError(f"An address of {len(written)} characters: {written[:MAX_ADDRESS_CHARS]}…")
        row = OwedReport(
            key=key, platform=platform, process=self.process, address=written, what=what[:MAX_WHAT_CHARS]
        )
        with self._sessions.begin() as session:
            session.add(row)

    def settle(self, keys: list[str]) -> None:
        with self._sessions.begin() as session:
            session.execute(delete(OwedReport).where(OwedReport.key.in_(keys)))

    def drop_stale(self) -> None:
        """Drops the reports older than `TOLD_WITHIN`, told or not (where no process tells them,
        webhook replicas, this is what bounds the table)."""
        with self._sessions.begin() as session:
            session.execute(delete(OwedReport).where(OwedReport.at < utcnow() - TOLD_WITHIN))

    def left(self, platform: str) -> list[LeftReport]:
        """The reports other processes of `platform` still owed when they ended, oldest first (at most
        `MAX_TAKEN`); each stays until `settle`d, once told: a stop while telling leaves the rest for
        the next start. Those older than `TOLD_WITHIN` are dropped first."""
        self.drop_stale()
        left = select(OwedReport).where(OwedReport.platform == platform, OwedReport.process != self.process)
        with self._sessions() as session:
            rows = session.scalars(left.order_by(OwedReport.id).limit(MAX_TAKEN)).all()
            return [LeftReport(r.key, r.platform, json.loads(r.address), r.what, r.at) for r in rows]
