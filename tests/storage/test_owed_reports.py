"""Reports owed for changes under way: what a process killed mid-change left is told once, after."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker

from index.store import engine as db
from index.store.models import OwedReport, utcnow
from index.store.owed_reports import OwedReports


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    engine: Engine = db.make_engine(database_url)
    db.upgrade(engine)
    yield db.make_sessionmaker(engine)
    engine.dispose()


def test_a_change_left_by_a_killed_process_is_found_by_the_next_until_told(
    sessions: sessionmaker[Session],
) -> None:
    killed, restarted, later = OwedReports(sessions), OwedReports(sessions), OwedReports(sessions)
    killed.owe("k1", "telegram", {"chat": -100123, "message": 42}, "adding budget.md")
    killed.owe("k2", "discord", {"user": 678}, "adding rules.md")

    [left] = restarted.left("telegram")

    assert (left.platform, left.address, left.what) == (
        "telegram",
        {"chat": -100123, "message": 42},
        "adding budget.md",
    )
    assert [r.key for r in later.left("telegram")] == ["k1"]  # a stop before telling: still there
    restarted.settle([left.key])  # told
    assert later.left("telegram") == []
    assert [r.what for r in later.left("discord")] == ["adding rules.md"]


def test_a_settled_change_and_a_living_processs_own_are_never_taken(sessions: sessionmaker[Session]) -> None:
    running = OwedReports(sessions)
    running.owe("told", "telegram", {"chat": 1, "message": 2}, "adding a.md")
    running.owe("running", "telegram", {"chat": 1, "message": 3}, "adding b.md")  # under way in this process
    running.settle(["told"])

    assert running.left("telegram") == []
    assert [r.what for r in OwedReports(sessions).left("telegram")] == ["adding b.md"]


def test_a_report_left_for_days_is_dropped_not_told(sessions: sessionmaker[Session]) -> None:
    killed = OwedReports(sessions)
    killed.owe("old", "telegram", {"chat": 1, "message": 2}, "adding a.md")
    killed.owe("new", "telegram", {"chat": 1, "message": 3}, "adding b.md")
    with sessions.begin() as session:
        session.execute(
            update(OwedReport).where(OwedReport.key == "old").values(at=utcnow() - dt.timedelta(days=3))
        )

    OwedReports(sessions).drop_stale()  # as a webhook replica does at start: b is kept, to tell
    with sessions() as session:
        assert list(session.scalars(select(OwedReport.what))) == ["adding b.md"]
    assert [r.what for r in OwedReports(sessions).left("telegram")] == ["adding b.md"]


def test_what_and_where_are_bounded(sessions: sessionmaker[Session]) -> None:
    reports = OwedReports(sessions)
    reports.owe("long", "telegram", {"chat": 1, "message": 2}, "adding " + "x" * 1000)
    with pytest.raises(ValueError):
        reports.owe("wide", "telegram", {f"key{i}": i for i in range(50)}, "adding a.md")

    [left] = OwedReports(sessions).left("telegram")
    assert len(left.what) == 300
