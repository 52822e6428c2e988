"""/start, /help, /sources, and starting `qabot telegram` with a missing or rejected token."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from pydantic import SecretStr

from bot.settings import Settings
from bot.telegram_bot import webhook as webhook_module
from bot.telegram_bot.render import SOURCES_PER_PAGE
from bot.telegram_bot.webhook import MAX_UPDATE_BYTES, WebhookOptions, webhook_options
from index.errors import QabotError
from index.service import QAService
from tests.bot.telegram.conftest import RunningBot, free_port
from tests.conftest import SEED_TITLE
from tests.fakes.fake_telegram import BOT_USERNAME, FakeBotApi

QABOT = Path(sys.executable).with_name("qabot")


async def test_start_and_help_say_what_the_bot_knows_and_how_to_ask(
    telegram_bot: RunningBot, fake_api: FakeBotApi
) -> None:
    chat = fake_api.private_chat(1101)
    await fake_api.user_sends(chat, 1101, "/start")
    await fake_api.user_sends(chat, 1101, "/help")
    replies = await fake_api.replies(chat, count=2)
    for reply in replies:
        assert SEED_TITLE in reply.text
        assert f"@{BOT_USERNAME}" in reply.text and "/ask" in reply.text and "/sources" in reply.text


async def test_help_asked_in_words_gets_the_help_not_a_quote(
    telegram_bot: RunningBot, fake_api: FakeBotApi
) -> None:
    chat = fake_api.private_chat(1102)
    await fake_api.user_sends(chat, 1102, "help")
    group = fake_api.group_chat(-100701)
    await fake_api.user_sends(group, 1103, f"@{BOT_USERNAME} what can you do?")

    for reply in (*await fake_api.replies(chat), *await fake_api.replies(group)):
        assert SEED_TITLE in reply.text
        assert "/ask" in reply.text and "Armenia" not in reply.text


async def test_sources_lists_every_source_with_its_attribution(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService
) -> None:
    group = fake_api.group_chat(-100700)
    await fake_api.user_sends(group, 1201, f"/sources@{BOT_USERNAME}")
    [reply] = await fake_api.replies(group)
    [summary] = seeded.sources()
    info = summary.source
    assert info.title is not None and info.title in reply.parsed.spans("b")
    for detail in (info.author, info.publisher, "5 Dec 2022", info.id, f"{summary.passages} passages"):
        assert detail is not None and detail in reply.text
    assert (info.url, info.url) in reply.parsed.links()


async def _run_cli(env: dict[str, str]) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        str(QABOT), "telegram", env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output, _ = await asyncio.wait_for(process.communicate(), 120)
    return process.returncode or 0, output.decode()


def _cli_env(settings: Settings, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "QABOT_"))}
    return {**env, "QABOT_HOME": str(settings.home), **extra}


async def test_sources_opens_at_the_page_asked_for(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService
) -> None:
    """ "/sources 2" showed page 1: the number was ignored."""
    for n in range(SOURCES_PER_PAGE):
        seeded.add_bytes(f"# Note {n}\n\nShort note number {n}.".encode(), f"note-{n}.md", "test")
    chat = fake_api.private_chat(1204)
    for number, asked in enumerate(("/sources 2", "/sources 9", "/sources two"), start=1):
        await fake_api.user_sends(chat, 1204, asked)
        await fake_api.replies(chat, count=number)
    second, last, first = fake_api.sent_to(chat)

    assert "page 2 of 2" in second.text and "page 2 of 2" in last.text  # past the end: the last page
    assert "page 1 of 2" in first.text


async def test_cli_without_a_token_names_the_variable(settings: Settings) -> None:
    code, output = await _run_cli(_cli_env(settings))
    assert code != 0
    assert "TELEGRAM_BOT_TOKEN is not set" in output
    assert "Traceback" not in output


async def test_cli_with_a_rejected_token_says_so_without_printing_it(
    settings: Settings, fake_api: FakeBotApi
) -> None:
    wrong = "999999:a-token-telegram-does-not-know"
    code, output = await _run_cli(
        _cli_env(settings, TELEGRAM_BOT_TOKEN=wrong, TELEGRAM_API_BASE_URL=fake_api.base_url)
    )
    assert code != 0
    assert "Telegram rejected TELEGRAM_BOT_TOKEN" in output
    assert wrong not in output and "a-token-telegram" not in output
    assert fake_api.unauthorized == ["getMe"]  # nothing else was tried with a bad token
    assert fake_api.calls == []


@contextlib.asynccontextmanager
async def webhook_bot(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi
) -> AsyncIterator[WebhookOptions]:
    """The bot in webhook mode on a free port of 127.0.0.1, stopped after the block."""
    port = free_port()
    webhook = webhook_options(bot_settings, f"http://127.0.0.1:{port}/telegram-updates", "127.0.0.1", port)
    running = RunningBot(bot_settings, seeded, fake_api, webhook)
    await running.start()
    try:
        yield webhook
    finally:
        await running.stop()


@pytest.mark.parametrize("shared_secret", [None, "replicas-share-this_secret-42"])
async def test_webhook_mode_answers_updates_telegram_posts_and_refuses_forged_ones(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, shared_secret: str | None
) -> None:
    if shared_secret:
        bot_settings = bot_settings.model_copy(update={"telegram_webhook_secret": SecretStr(shared_secret)})
    async with webhook_bot(bot_settings, seeded, fake_api) as webhook:
        assert fake_api.webhook is not None and fake_api.webhook["url"] == webhook.url
        registered = str(fake_api.webhook["secret_token"])
        assert registered == shared_secret if shared_secret else len(registered) >= 32

        chat = fake_api.private_chat(1301)
        await fake_api.user_sends(chat, 1301, "Why won't Lukashenko send troops to Ukraine?")
        [reply] = await fake_api.replies(chat)
        assert reply.parsed.spans("blockquote")

        forged = {
            "update_id": 999,
            "message": {"message_id": 1, "date": 0, "chat": chat.to_json(), "text": "/sources"},
        }
        async with (
            aiohttp.ClientSession() as session,
            session.post(
                webhook.url, json=forged, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}
            ) as response,
        ):
            assert response.status == 403
        assert fake_api.webhook_statuses == [200]
        assert len(fake_api.sent_to(chat)) == 1


async def test_a_webhook_request_larger_than_any_update_is_refused_unread(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi
) -> None:
    """Anyone who finds the webhook's port can post to it: a body past the bound is refused before it
    is read (the server's default read up to 100 MB a request), and the bot goes on answering."""
    async with webhook_bot(bot_settings, seeded, fake_api) as webhook:
        assert fake_api.webhook is not None
        headers = {"X-Telegram-Bot-Api-Secret-Token": str(fake_api.webhook["secret_token"])}
        chat = fake_api.private_chat(1303)
        message = {"message_id": 1, "date": 0, "chat": chat.to_json(), "text": "/sources"}
        message["from"] = {"id": 1303, "is_bot": False, "first_name": "Pat"}
        message["text"] += " " * MAX_UPDATE_BYTES  # still a well-formed update, with the right secret
        async with (
            aiohttp.ClientSession() as session,
            session.post(webhook.url, json={"update_id": 7, "message": message}, headers=headers) as response,
        ):
            assert response.status == 400
        await asyncio.sleep(0.5)
        assert fake_api.sent_to(chat) == []

        await fake_api.user_sends(chat, 1303, "/sources")
        [reply] = await fake_api.replies(chat)
        assert "Kyiv Independent" in reply.text


async def test_a_webhook_connection_that_never_finishes_its_request_is_closed(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A client that sends half a request and waits (slowloris) held its connection for an hour."""
    monkeypatch.setattr(webhook_module, "IDLE_CONNECTION_SECONDS", 0.5)
    async with webhook_bot(bot_settings, seeded, fake_api) as webhook:
        reader, writer = await asyncio.open_connection("127.0.0.1", webhook.port)
        writer.write(b"POST /telegram-updates HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        await writer.drain()
        assert await asyncio.wait_for(reader.read(), 10) == b""  # closed by the server
        writer.close()


async def test_webhook_connections_past_the_bound_are_closed_until_some_go(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each open connection holds memory, and tornado accepts any number: past the bound a new one is
    closed at once (Telegram delivers again later), and updates are taken again once some close."""
    monkeypatch.setattr(webhook_module, "MAX_CONNECTIONS", 3)
    chat = fake_api.private_chat(1304)
    async with webhook_bot(bot_settings, seeded, fake_api) as webhook:
        await asyncio.sleep(0.5)  # the start-up's own probe of the port has been closed
        held = [await asyncio.open_connection("127.0.0.1", webhook.port) for _ in range(3)]
        await asyncio.sleep(0.2)
        reader, writer = await asyncio.open_connection("127.0.0.1", webhook.port)
        assert await asyncio.wait_for(reader.read(), 5) == b""  # closed unread
        writer.close()

        for _reader, held_writer in held:
            held_writer.close()
        await asyncio.sleep(0.2)
        await fake_api.user_sends(chat, 1304, "/sources")
        [reply] = await fake_api.replies(chat)
        assert "Kyiv Independent" in reply.text


async def test_one_client_cannot_hold_every_webhook_connection(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One address held all 256 connections with unfinished requests, and Telegram's deliveries were
    closed unread for as long as it kept them so."""
    monkeypatch.setattr(webhook_module, "MAX_CONNECTIONS_PER_CLIENT", 2)
    chat = fake_api.private_chat(1305)
    async with webhook_bot(bot_settings, seeded, fake_api) as webhook:
        await asyncio.sleep(0.5)  # the start-up's own probe of the port has been closed
        held = [
            await asyncio.open_connection("127.0.0.1", webhook.port, local_addr=("127.0.0.2", 0))
            for _ in range(2)
        ]
        await asyncio.sleep(0.2)
        reader, writer = await asyncio.open_connection("127.0.0.1", webhook.port, local_addr=("127.0.0.2", 0))
        assert await asyncio.wait_for(reader.read(), 5) == b""  # closed unread
        writer.close()

        await fake_api.user_sends(chat, 1305, "/sources")  # Telegram, from another address
        [reply] = await fake_api.replies(chat)
        assert "Kyiv Independent" in reply.text
        for _reader, held_writer in held:
            held_writer.close()
        await asyncio.sleep(0.3)
        again = [
            await asyncio.open_connection("127.0.0.1", webhook.port, local_addr=("127.0.0.2", 0))
            for _ in range(2)
        ]
        with pytest.raises(TimeoutError):  # kept open: the client's count went down as its others closed
            await asyncio.wait_for(again[-1][0].read(), 0.5)
        for _reader, again_writer in again:
            again_writer.close()


def test_a_webhook_secret_telegram_would_refuse_is_reported_before_start(bot_settings: Settings) -> None:
    bad = bot_settings.model_copy(update={"telegram_webhook_secret": SecretStr("has spaces & symbols!")})
    with pytest.raises(QabotError, match="TELEGRAM_WEBHOOK_SECRET"):
        webhook_options(bad, "https://bot.example.org/telegram", "0.0.0.0", 8443)
