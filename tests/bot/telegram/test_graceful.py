"""Stopping within `docker stop`'s 10 s: updates being handled get a grace period, then their askers
are told the answer was cut off."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from bot.chat.shutdown import CUT_OFF, cut_off_in_chat
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


async def test_a_stop_tells_each_chat_once_of_all_it_cut_off_there(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A notice for each of 32 files sent to a group: at 20 messages a minute, most would be dropped."""
    monkeypatch.setattr(graceful, "SHUTDOWN_GRACE_SECONDS", 1.0)
    answers_after(SLOW_SECONDS, seeded, monkeypatch)
    running = RunningBot(bot_settings, seeded, fake_api)
    await running.start()
    busy, other = fake_api.private_chat(7102), fake_api.private_chat(7103)
    await fake_api.user_sends(busy, 7102, "Who is Sergei Sazonov?")
    await fake_api.user_sends(busy, 7102, "Who is Lukashenko?")
    await fake_api.user_sends(busy, 7102, "What did Iran admit?")
    await fake_api.user_sends(other, 7103, "Who is Sergei Sazonov?")
    group = fake_api.group_chat(-7104)
    first_in_group = await fake_api.user_sends(group, 7104, "/ask Who is Sergei Sazonov?")
    await fake_api.user_sends(group, 7105, "/ask Who is Lukashenko?")
    for _ in range(200):  # all fetched, however slow the machine
        if fake_api.waiting_updates == 0:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)  # being answered, or waiting their turn

    await running.stop()

    [told] = fake_api.sent_to(busy)
    assert told.text == cut_off_in_chat(3)
    assert told.text.startswith("Sorry, I'm restarting and could not finish 3 of the messages sent here")
    assert [message.text for message in fake_api.sent_to(other)] == [CUT_OFF]
    [told_group] = fake_api.sent_to(group)
    assert told_group.text == cut_off_in_chat(2) and told_group.reply_to == first_in_group


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
