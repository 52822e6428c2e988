"""Stopping within `docker stop`'s 10 s: updates being handled get a grace period, then their askers
are told the answer was cut off."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from bot.chat.shutdown import CUT_OFF
from bot.settings import Settings
from bot.telegram_bot import graceful
from index.answer import Answer
from index.service import QAService
from tests.bot.telegram.conftest import RunningBot
from tests.fakes.fake_telegram import FakeBotApi

SLOW_SECONDS = 6.0


def answers_after(seconds: float, service: QAService, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every question takes `seconds` more (a stalled database, say)."""
    answering = service.ask

    def slow_ask(*args: Any, **kwargs: Any) -> Answer:
        time.sleep(seconds)
        return answering(*args, **kwargs)

    monkeypatch.setattr(service, "ask", slow_ask)


async def test_a_stop_cuts_off_an_answer_past_the_grace_and_tells_its_asker(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """python-telegram-bot waits for every update being handled: an answer held 40 s (a 429 to wait
    out, a stalled database) kept a stopping bot alive that long, past `docker stop`'s kill."""
    monkeypatch.setattr(graceful, "SHUTDOWN_GRACE_SECONDS", 1.0)
    answers_after(SLOW_SECONDS, seeded, monkeypatch)
    running = RunningBot(bot_settings, seeded, fake_api)
    await running.start()
    chat = fake_api.private_chat(7100)
    await fake_api.user_sends(chat, 7100, "Who is Sergei Sazonov?")
    await asyncio.sleep(0.5)  # being answered

    started = time.monotonic()
    await running.stop()

    assert time.monotonic() - started < SLOW_SECONDS - 2
    [told] = fake_api.sent_to(chat)
    assert told.text == CUT_OFF


async def test_a_stop_lets_a_quick_answer_in_flight_finish(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers_after(1.0, seeded, monkeypatch)
    running = RunningBot(bot_settings, seeded, fake_api)
    await running.start()
    chat = fake_api.private_chat(7101)
    await fake_api.user_sends(chat, 7101, "Who is Sergei Sazonov?")
    await asyncio.sleep(0.3)

    await running.stop()

    [answer] = fake_api.sent_to(chat)
    assert "Sazonov" in answer.text and answer.text != CUT_OFF
