""" "typing…" decorates an answer on both platforms: shown at once, kept up while the answer takes, and
never holding it up when the platform is slow to show it."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from bot.chat import indicator
from bot.chat.indicator import indicating


async def test_an_indicator_that_hangs_holds_the_answer_up_only_briefly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(indicator, "FIRST_WAIT_SECONDS", 0.1)

    async def hangs() -> None:
        await asyncio.sleep(60)  # an endpoint discord.py keeps retrying

    started = time.monotonic()
    async with indicating(hangs, every=5):
        answered_after = time.monotonic() - started

    assert answered_after < 1


async def test_the_indicator_is_sent_first_renewed_while_answering_and_stopped_after() -> None:
    sent: list[float] = []

    async def send() -> None:
        sent.append(time.monotonic())

    async with indicating(send, every=0.05):
        assert len(sent) == 1  # before the work starts
        await asyncio.sleep(0.18)
    renewed = len(sent)
    await asyncio.sleep(0.15)

    assert renewed >= 3 and len(sent) == renewed


async def test_an_indicator_that_breaks_is_logged_and_the_answer_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken() -> None:
        raise ConnectionResetError("Connection reset by peer")  # not the platform's own error type

    answered = False
    with caplog.at_level(logging.ERROR):
        async with indicating(broken, every=5):
            answered = True

    assert answered
    assert any(r.exc_info and "Connection reset" in str(r.exc_info[1]) for r in caplog.records)


async def test_the_indicator_is_finished_when_the_block_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only cancelled, it was still pending when a stop closed the loop right after, and asyncio
    logged "Task was destroyed but it is pending!" as an ERROR."""
    monkeypatch.setattr(indicator, "FIRST_WAIT_SECONDS", 0.05)
    before = asyncio.all_tasks()

    async def hangs() -> None:
        await asyncio.sleep(60)

    async with indicating(hangs, every=5):
        pass

    assert asyncio.all_tasks() == before  # none left running
