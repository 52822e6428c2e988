"""Changes written down while they run: crossed off however their handling ends, a hard kill aside."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.chat.owed_reports import ReportBook, restarted_during
from index.store import engine as db
from index.store.owed_reports import LeftReport, OwedReports


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'qabot.db'}")
    db.upgrade(engine)
    yield db.make_sessionmaker(engine)
    engine.dispose()


async def in_thread(function: Any, *args: Any) -> Any:
    return await asyncio.to_thread(function, *args)


async def test_a_change_cut_off_by_a_stop_or_refused_is_crossed_off_and_a_killed_ones_is_told(
    sessions: sessionmaker[Session],
) -> None:
    book = ReportBook(OwedReports(sessions), in_thread)
    held = asyncio.Event()

    async def cut_off_at_a_stop() -> None:
        async with book.settling():
            await book.owe("telegram", {"chat": 1, "message": 2}, "adding a.md")
            await held.wait()

    handling = asyncio.create_task(cut_off_at_a_stop())
    await asyncio.sleep(0.2)
    handling.cancel()
    with pytest.raises(asyncio.CancelledError):
        await handling
    with pytest.raises(ValueError):
        async with book.settling():
            await book.owe("telegram", {"chat": 1, "message": 3}, "removing b")
            raise ValueError("refused")
    killed = OwedReports(sessions)
    killed.owe("telegram", {"chat": 1, "message": 4}, "adding c.md")

    told: list[tuple[LeftReport, str]] = []

    async def tell(report: LeftReport, text: str) -> None:
        told.append((report, text))

    await ReportBook(OwedReports(sessions), in_thread).tell_left("telegram", tell)
    assert [(report.address["message"], text) for report, text in told] == [
        (4, restarted_during("adding c.md"))
    ]


async def test_a_change_owed_outside_its_handlings_scope_is_a_bug(sessions: sessionmaker[Session]) -> None:
    book = ReportBook(OwedReports(sessions), in_thread)
    with pytest.raises(RuntimeError):
        await book.owe("telegram", {"chat": 1, "message": 2}, "adding a.md")


async def test_one_sender_who_cannot_be_told_stops_no_other(
    sessions: sessionmaker[Session], caplog: pytest.LogCaptureFixture
) -> None:
    killed = OwedReports(sessions)
    killed.owe("discord", {"user": 1}, "adding a.md")
    killed.owe("discord", {"user": 2}, "adding b.md")
    told: list[int] = []

    async def tell(report: LeftReport, _text: str) -> None:
        if report.address["user"] == 1:
            raise OSError("DMs closed")
        told.append(report.address["user"])

    await ReportBook(OwedReports(sessions), in_thread).tell_left("discord", tell)
    assert told == [2] and "Could not tell" in caplog.text
