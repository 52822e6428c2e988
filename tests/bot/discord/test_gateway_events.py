"""An event discord.py cannot read is skipped, not the end of the connection: the real bot on the fake
Discord gateway on 127.0.0.1."""

from __future__ import annotations

import asyncio
import logging

import discord.http
import pytest

from bot.discord_bot.app import _connect, _log_in, create_bot
from bot.settings import Settings
from index.service import QAService
from tests.fakes.fake_discord_server import FakeDiscordServer

QUESTION = "Why won't Lukashenko send troops to Ukraine?"


async def test_a_message_event_it_cannot_read_is_logged_and_the_next_question_answered(
    seeded: QAService, settings: Settings, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async with FakeDiscordServer() as fake:
        api = f"{fake.base_url}/api/v10"
        monkeypatch.setattr(discord.http.Route, "BASE", api)
        bot = create_bot(seeded, settings.model_copy(update={"discord_api_base_url": api}))
        async with bot:
            await _log_in(bot, "a-fake-token")
            await bot.chat.prepare()
            connection = asyncio.create_task(_connect(bot))
            await asyncio.wait_for(fake.identified.wait(), timeout=30)
            with caplog.at_level(logging.ERROR):
                # No "type", "author" or "content": discord.py's Message() raises KeyError on it.
                await fake.send_event("MESSAGE_CREATE", {"id": "991", "channel_id": "7600"})
                await fake.user_sends_dm(5101, 5200, QUESTION)
                await fake.wait_until(lambda: bool(fake.sent), timeout=30)
            assert not connection.done(), "the connection ended"
            [reply] = fake.sent
            assert "Lukashenko" in reply["embeds"][0]["description"]
            [skipped] = [r for r in caplog.records if r.name == "bot.discord_bot.gateway_events"]
            assert "MESSAGE_CREATE" in skipped.getMessage() and "991" in skipped.getMessage()
            assert skipped.exc_info is not None  # a bug somewhere: logged with its traceback
            await bot.close()
            await asyncio.wait_for(connection, timeout=10)
