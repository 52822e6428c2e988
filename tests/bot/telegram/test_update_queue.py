"""A flood while replies are stuck waits at Telegram, not as tasks in the bot's memory."""

from __future__ import annotations

import asyncio

import pytest

from bot.settings import Settings
from bot.telegram_bot import app as telegram_app
from index.service import QAService
from tests.bot.telegram.conftest import StartBot
from tests.fakes.fake_telegram import FakeBotApi

HANDLED_AT_ONCE = 4


async def test_a_flood_is_handled_a_few_at_a_time_and_none_is_lost(
    bot_settings: Settings,
    seeded: QAService,
    fake_api: FakeBotApi,
    start_bot: StartBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(telegram_app, "CONCURRENT_UPDATES", HANDLED_AT_ONCE)
    running = await start_bot(bot_settings, seeded)
    fake_api.held.add("sendMessage")  # Telegram stops answering the bot's sends
    chats = [fake_api.private_chat(5000 + n) for n in range(40)]
    try:
        for chat in chats:
            await fake_api.user_sends(chat, chat.id, "/help")
        await fake_api.wait_until(lambda: fake_api.calls.count("sendMessage") >= HANDLED_AT_ONCE, 30)
        await asyncio.sleep(1)  # time for more to start, were they not held back

        # Unbounded, all 40 were tasks here, each holding its update (only 4 of them sending).
        handling = [t for t in running.tasks() if t.get_name().endswith("process_concurrent_update")]
        assert len(handling) == HANDLED_AT_ONCE
        assert fake_api.calls.count("sendMessage") == HANDLED_AT_ONCE
    finally:
        fake_api.release_held()
    for chat in chats:
        [reply] = await fake_api.replies(chat)
        assert "/sources" in reply.text
