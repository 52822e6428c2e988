"""Words on a change before its report: "still adding" once an add has run a while (never while it
waits in line), and a notice that fails or is held up never holds up the change."""

from __future__ import annotations

import asyncio
import logging
import threading

import pytest

from bot.chat import changes as changes_module
from bot.chat.changes import ChangeQueue
from tests.bot.chat.test_changes import MODERATOR, held


async def test_a_change_still_running_after_a_while_is_told_once_and_a_quick_one_never(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    changes, release, told = ChangeQueue(), threading.Event(), []

    async def tell() -> None:
        told.append("still adding")

    monkeypatch.setattr(changes_module, "STILL_WORKING_SECONDS", 5.0)
    with changes.claim(MODERATOR) as slot:
        assert await slot.run_telling(tell, str.upper, "quick") == "QUICK"
    assert told == []

    monkeypatch.setattr(changes_module, "STILL_WORKING_SECONDS", 0.05)
    with changes.claim(MODERATOR) as slot:
        long_add = asyncio.create_task(slot.run_telling(tell, held, release, "long"))
        for _ in range(100):  # held until told, however late its thread starts
            if told:
                break
            await asyncio.sleep(0.05)
        release.set()
        assert await asyncio.wait_for(long_add, 5) == "long"
    assert told == ["still adding"]


async def test_a_change_waiting_in_line_is_not_said_to_be_under_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """Timed from its place in line, a small file behind others was said to be large, then refused."""
    monkeypatch.setattr(changes_module, "STILL_WORKING_SECONDS", 0.5)
    changes, release, told = ChangeQueue(), threading.Event(), []

    async def tell() -> None:
        told.append("still adding")

    first = asyncio.create_task(changes.run(MODERATOR, held, release, "a long add"))
    await asyncio.sleep(0.05)  # claimed and under way
    with changes.claim(MODERATOR) as slot:
        queued = asyncio.create_task(slot.run_telling(tell, str.upper, "a small file"))
        await asyncio.sleep(1.0)  # twice the notice's delay, in line
        release.set()
        assert await asyncio.wait_for(queued, 5) == "A SMALL FILE"
    await first
    assert told == []


async def test_a_notice_that_fails_neither_stops_nor_uncounts_its_change(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(changes_module, "STILL_WORKING_SECONDS", 0.0)
    changes, release = ChangeQueue(), threading.Event()

    async def tell() -> None:
        release.set()  # the change lasts until it is told of: it cannot end first
        raise OSError("the platform dropped the connection")

    with changes.claim(MODERATOR) as slot:
        assert await slot.run_telling(tell, held, release, "added") == "added"

    assert changes.in_lane(MODERATOR) == 0
    assert "Could not say a word on a change under way" in caplog.text


async def test_a_notice_held_up_by_the_platform_holds_up_neither_its_change_nor_the_report(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """In a flooded group a post may wait a minute for the group's budget; the report came after it."""
    caplog.set_level(logging.INFO, logger=changes_module.__name__)
    monkeypatch.setattr(changes_module, "STILL_WORKING_SECONDS", 0.0)
    monkeypatch.setattr(changes_module, "NOTICE_SECONDS", 0.2)
    changes, release, never_sent = ChangeQueue(), threading.Event(), asyncio.Event()

    async def tell() -> None:
        release.set()
        await never_sent.wait()

    with changes.claim(MODERATOR) as slot:
        assert await asyncio.wait_for(slot.run_telling(tell, held, release, "added"), 5) == "added"

    assert changes.in_lane(MODERATOR) == 0
    assert "not sent within 0.2 s" in caplog.text
