"""Changes written down while they run: crossed off however their handling ends, a hard kill aside;
the bookkeeping never holds a change up."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Hashable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.chat import owed_reports
from bot.chat.owed_reports import ReportBook, restarted_during
from index.store import engine as db
from index.store.models import OwedReport
from index.store.owed_reports import LeftReport, OwedReports


@pytest.fixture
def sessions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sessionmaker[Session]]:
    monkeypatch.setattr(owed_reports, "LEFT_AFTER_SECONDS", 0.0)
    engine = db.make_engine(f"sqlite:///{tmp_path / 'qabot.db'}")
    db.upgrade(engine)
    yield db.make_sessionmaker(engine)
    engine.dispose()


def owed_now(sessions: sessionmaker[Session]) -> list[str]:
    with sessions() as session:
        return list(session.scalars(select(OwedReport.what)))


def slow_book(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> tuple[ReportBook, threading.Event, threading.Event]:
    """A book whose writing down waits, once started (`writing`), until `release` is set."""
    reports, writing, release = OwedReports(sessions), threading.Event(), threading.Event()
    owe = reports.owe

    def slow_owe(*args: object) -> None:
        writing.set()
        release.wait(timeout=10)
        owe(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(reports, "owe", slow_owe)
    return ReportBook(reports), writing, release


class Told:
    def __init__(self) -> None:
        self.told: list[tuple[dict[str, int], str]] = []

    async def tell(self, report: LeftReport, text: str) -> bool:
        self.told.append((report.address, text))
        return True

    @staticmethod
    def chat(report: LeftReport) -> Hashable:
        return report.address["chat"]


async def test_a_change_cut_off_by_a_stop_or_refused_is_crossed_off_and_a_killed_ones_are_told(
    sessions: sessionmaker[Session],
) -> None:
    book, held = ReportBook(OwedReports(sessions)), asyncio.Event()

    async def cut_off_at_a_stop() -> None:
        async with book.settling():
            await book.owe("telegram", {"chat": 1, "message": 2}, "adding a.md")
            held.set()
            await asyncio.Event().wait()

    handling = asyncio.create_task(cut_off_at_a_stop())
    await held.wait()
    handling.cancel()
    with pytest.raises(asyncio.CancelledError):
        await handling
    with pytest.raises(ValueError):
        async with book.settling():
            await book.owe("telegram", {"chat": 1, "message": 3}, "removing b")
            raise ValueError("refused")
    assert owed_now(sessions) == []

    killed = OwedReports(sessions)
    for message, name in ((4, "c.md"), (5, "d.md"), (6, "e.md"), (7, "f.md")):
        killed.owe(
            f"k{message}",
            "telegram",
            {"chat": 10 if message < 7 else 11, "message": message},
            f"adding {name}",
        )
    told = Told()
    await ReportBook(OwedReports(sessions)).tell_left("telegram", told.tell, told.chat)

    assert told.told == [  # one message a chat, in reply to its oldest
        ({"chat": 10, "message": 4}, restarted_during(["adding c.md", "adding d.md", "adding e.md"])),
        ({"chat": 11, "message": 7}, restarted_during(["adding f.md"])),
    ]
    assert told.told[0][1].startswith(
        "Sorry: I was restarted while adding c.md, adding d.md and adding e.md,"
    )


async def test_a_write_cut_short_by_a_stop_is_still_crossed_off(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The row was written in its thread after its handler stopped waiting: it was never crossed off,
    and the next start told its sender a change had been cut short that was not."""
    book, writing, release = slow_book(sessions, monkeypatch)

    async def handling() -> None:
        async with book.settling():
            await book.owe("telegram", {"chat": 1, "message": 2}, "adding a.md")

    task = asyncio.create_task(handling())
    await asyncio.to_thread(writing.wait, 10)
    task.cancel()
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.sleep(0.5)  # the crossing off follows the write on the book's thread

    assert owed_now(sessions) == []


async def test_a_change_runs_though_its_bookkeeping_fails(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    reports = OwedReports(sessions)

    def failing_owe(*_args: object) -> None:
        raise OSError("database unreachable")

    monkeypatch.setattr(reports, "owe", failing_owe)
    ran = []
    async with ReportBook(reports).settling():
        await ReportBook(reports).owe("telegram", {"chat": 1, "message": 2}, "adding a.md")
        ran.append("the change")
    assert ran == ["the change"] and "runs unrecorded" in caplog.text


async def test_a_change_owed_outside_its_handlings_scope_is_a_bug(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(RuntimeError):
        await ReportBook(OwedReports(sessions)).owe("telegram", {"chat": 1, "message": 2}, "adding a.md")


async def test_one_place_that_cannot_be_told_stops_no_other(
    sessions: sessionmaker[Session], caplog: pytest.LogCaptureFixture
) -> None:
    killed = OwedReports(sessions)
    killed.owe("k1", "discord", {"user": 1}, "adding a.md")
    killed.owe("k2", "discord", {"user": 2}, "adding b.md")
    killed.owe("k3", "discord", {"user": 3}, "adding c.md")
    told: list[int] = []

    async def tell(report: LeftReport, _text: str) -> bool:
        if report.address["user"] == 1:
            raise OSError("unexpected")
        told.append(report.address["user"])
        return report.address["user"] == 2  # 3's DMs are closed

    await ReportBook(OwedReports(sessions)).tell_left("discord", tell, lambda r: r.address["user"])
    assert told == [2, 3] and "Could not tell" in caplog.text
    assert "told 1 of 3 places" in caplog.text


async def test_places_told_are_crossed_off_and_a_stop_while_telling_leaves_the_rest(
    sessions: sessionmaker[Session],
) -> None:
    killed = OwedReports(sessions)
    killed.owe("k1", "discord", {"user": 1}, "adding a.md")
    killed.owe("k2", "discord", {"user": 2}, "adding b.md")
    told: list[int] = []
    stopping = asyncio.Event()

    async def tell_then_stop(report: LeftReport, _text: str) -> bool:
        if told:  # the second place: a stop comes while it is told
            stopping.set()
            await asyncio.Event().wait()
        told.append(report.address["user"])
        return True

    telling = asyncio.create_task(
        ReportBook(OwedReports(sessions)).tell_left("discord", tell_then_stop, lambda r: r.address["user"])
    )
    await stopping.wait()
    telling.cancel()
    with pytest.raises(asyncio.CancelledError):
        await telling
    assert told == [1] and owed_now(sessions) == ["adding b.md"]

    await ReportBook(OwedReports(sessions)).tell_left("discord", Told().tell, lambda r: r.address["user"])
    assert owed_now(sessions) == []


async def test_past_the_cap_a_change_runs_unrecorded_but_no_crossing_off_is_refused(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Capped alike, a full queue refused a crossing off after its write had been taken: the row
    stayed, and its sender, already answered, would be told of a cut-off after the next restart."""
    monkeypatch.setattr(owed_reports, "MAX_PENDING", 1)
    book, writing, release = slow_book(sessions, monkeypatch)

    async def change(message: int) -> None:
        async with book.settling():
            await book.owe("telegram", {"chat": 1, "message": message}, f"adding {message}.md")

    first = asyncio.create_task(change(1))
    await asyncio.to_thread(writing.wait, 10)
    await change(2)  # refused a place in line: runs unrecorded; its crossing off still queues
    release.set()
    await first
    await book.drain()

    assert "runs unrecorded" in caplog.text and "Could not cross off" not in caplog.text
    assert owed_now(sessions) == []
