"""A flood while replies are stuck waits at Telegram, not as tasks in the bot's memory, and a restart
meanwhile neither loses an update nor handles one twice."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.settings import Settings
from bot.telegram_bot import app as telegram_app
from bot.telegram_bot.webhook import webhook_options
from index.service import QAService
from tests.bot.telegram.conftest import RunningBot, StartBot, free_port
from tests.fakes.fake_telegram import FakeBotApi

HANDLED_AT_ONCE = 4


@pytest.fixture(autouse=True)
def _few_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(telegram_app, "CONCURRENT_UPDATES", HANDLED_AT_ONCE)


async def test_a_flood_is_handled_a_few_at_a_time_and_the_rest_waits_at_telegram(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot
) -> None:
    running = await start_bot(bot_settings, seeded)
    fake_api.held.add("sendMessage")  # Telegram stops answering the bot's sends
    chats = [fake_api.private_chat(5000 + n) for n in range(50)]
    try:
        for chat in chats[:40]:
            await fake_api.user_sends(chat, chat.id, "/help")
        await fake_api.wait_until(lambda: fake_api.calls.count("sendMessage") >= HANDLED_AT_ONCE, 30)
        for chat in chats[40:]:
            await fake_api.user_sends(chat, chat.id, "/help")
        await asyncio.sleep(1)  # time for more to start, or be fetched, were they not held back

        # Unbounded, all 50 were tasks here, each holding its update (only 4 of them sending).
        handling = [t for t in running.tasks() if t.get_name().endswith("process_concurrent_update")]
        assert len(handling) == HANDLED_AT_ONCE
        assert fake_api.calls.count("sendMessage") == HANDLED_AT_ONCE
        assert fake_api.waiting_updates >= 10  # the later ones were not fetched
    finally:
        fake_api.release_held()
    for chat in chats:
        [reply] = await fake_api.replies(chat)
        assert "/sources" in reply.text


async def test_a_restart_during_a_flood_answers_each_message_once(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot
) -> None:
    chats = [fake_api.private_chat(7000 + n) for n in range(30)]
    for chat in chats:  # waiting at Telegram when the bot starts: one batch of 30
        await fake_api.user_sends(chat, chat.id, "/help")
    fake_api.held.add("sendMessage")
    first = await start_bot(bot_settings, seeded)
    await fake_api.wait_until(lambda: fake_api.calls.count("sendMessage") >= HANDLED_AT_ONCE, 30)

    asyncio.get_running_loop().call_later(1.0, fake_api.release_held)  # a stop finishes what it took
    await first.stop()
    await start_bot(bot_settings, seeded)
    await fake_api.wait_until(lambda: all(fake_api.sent_to(chat) for chat in chats), 30)
    await asyncio.sleep(1)  # time for a second answer to any of them

    assert [len(fake_api.sent_to(chat)) for chat in chats] == [1] * len(chats)


async def test_a_webhook_flood_past_the_bound_is_left_with_telegram_to_send_again(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A webhook's updates arrive as fast as Telegram sends them: past the bound, the bot answers 503
    and Telegram keeps the update, instead of the queue growing as long as the flood lasts."""
    monkeypatch.setattr(telegram_app, "WEBHOOK_MAX_WAITING", 8)
    port = free_port()
    webhook = webhook_options(bot_settings, f"http://127.0.0.1:{port}/updates", "127.0.0.1", port)
    running = RunningBot(bot_settings, seeded, fake_api, webhook)
    await running.start()
    fake_api.held.add("sendMessage")  # answering is stuck: nothing leaves the queue
    chats = [fake_api.private_chat(6000 + n) for n in range(20)]
    try:
        for chat in chats:
            await fake_api.user_sends(chat, chat.id, "/help")
        await asyncio.sleep(0.5)

        accepted = fake_api.webhook_statuses.count(200)
        assert HANDLED_AT_ONCE + 8 <= accepted <= HANDLED_AT_ONCE + 8 + 1  # one may be being taken
        assert fake_api.webhook_statuses.count(503) == 20 - accepted
        fake_api.release_held()
        await fake_api.wait_until(lambda: fake_api.calls.count("sendMessage") >= accepted, 30)
        late = fake_api.private_chat(6999)
        await fake_api.user_sends(late, late.id, "/help")  # room again: accepted
        [reply] = await fake_api.replies(late)
        assert "/sources" in reply.text and fake_api.webhook_statuses[-1] == 200
    finally:
        fake_api.release_held()
        await running.stop()


async def test_an_unreadable_webhook_update_is_one_warning_without_its_content(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    """The library's webhook server logged the whole update, a stranger's words included, at CRITICAL
    with a traceback, at each of Telegram's attempts."""
    port = free_port()
    webhook = webhook_options(bot_settings, f"http://127.0.0.1:{port}/updates", "127.0.0.1", port)
    running = RunningBot(bot_settings, seeded, fake_api, webhook)
    await running.start()
    stranger, asker = fake_api.private_chat(6101), fake_api.private_chat(6102)
    poll = {"id": "5", "question": "Best lighthouse?", "options": [{"text": "A", "voter_count": 0}]}
    try:
        with caplog.at_level(logging.WARNING):
            await fake_api.user_sends_poll(stranger, 6101, poll)
            await fake_api.user_sends(asker, asker.id, "/help")
            [reply] = await fake_api.replies(asker)
    finally:
        await running.stop()

    assert "/sources" in reply.text and fake_api.webhook_statuses[0] == 400
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    [refused] = [r for r in caplog.records if "cannot be read" in r.getMessage()]
    assert "Best lighthouse" not in refused.getMessage() and refused.exc_info is None


async def test_an_update_telegram_delivers_again_is_answered_once(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi
) -> None:
    """Telegram sends an update again when its delivery's answer is lost: it was answered twice."""
    port = free_port()
    webhook = webhook_options(bot_settings, f"http://127.0.0.1:{port}/updates", "127.0.0.1", port)
    running = RunningBot(bot_settings, seeded, fake_api, webhook)
    await running.start()
    chat = fake_api.private_chat(6100)
    try:
        await fake_api.user_sends(chat, chat.id, "/help")
        await fake_api.deliver_again()
        await fake_api.replies(chat)
        await asyncio.sleep(0.5)

        assert fake_api.webhook_statuses == [200, 200] and len(fake_api.sent_to(chat)) == 1
    finally:
        await running.stop()
