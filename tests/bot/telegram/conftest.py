"""The bot under test runs as it does in production (`run`: token check, then long polling) in its own
thread and event loop, against the fake Bot API server running in the test's loop."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from pydantic import SecretStr

from bot.settings import Settings
from bot.telegram_bot.app import build_application, run
from bot.telegram_bot.webhook import WebhookOptions
from index.service import QAService
from tests.fakes.fake_telegram import FakeBotApi

MODERATOR_ID = 1001
# A group the bot's settings name as home: there the moderators may change the shared knowledge base.
HOME_GROUP = -100300


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as api:
        yield api


@pytest.fixture
def bot_settings(settings: Settings, fake_api: FakeBotApi) -> Settings:
    return settings.model_copy(
        update={
            "telegram_bot_token": SecretStr(fake_api.token),
            "telegram_api_base_url": fake_api.base_url,
            "telegram_moderators": frozenset({MODERATOR_ID}),
            "telegram_home_chats": frozenset({HOME_GROUP}),
            # Tests send many commands in a row; the limit itself is tested with its own settings.
            "action_rate_limit_per_minute": 10_000,
        }
    )


class RunningBot:
    def __init__(
        self, settings: Settings, service: QAService, api: FakeBotApi, webhook: WebhookOptions | None = None
    ) -> None:
        self.application = build_application(settings, service)
        self.api = api
        self.webhook = webhook
        self._loop: asyncio.AbstractEventLoop | None = None
        self._errors: list[BaseException] = []
        prepare = self.application.post_init
        assert prepare is not None

        async def note_loop_then_prepare(application: Any) -> None:
            self._loop = asyncio.get_running_loop()
            await prepare(application)

        self.application.post_init = note_loop_then_prepare
        self._thread = threading.Thread(target=self._serve, name="telegram-bot", daemon=True)

    def _serve(self) -> None:
        try:
            run(self.application, self.webhook, handle_signals=False)
        except BaseException as error:
            self._errors.append(error)
            raise

    async def start(self) -> None:
        self._thread.start()
        receiving = "setWebhook" if self.webhook else "getUpdates"
        await self.api.wait_until(
            lambda: bool(self._errors) or ("setMyCommands" in self.api.calls and receiving in self.api.calls)
        )
        assert not self._errors, self._errors
        if self.webhook:
            await _listening(self.webhook.listen, self.webhook.port)

    def tasks(self) -> list[asyncio.Task[Any]]:
        """The tasks alive on the bot's event loop (it runs in a thread of its own)."""
        assert self._loop is not None
        return list(asyncio.all_tasks(self._loop))

    async def stop(self) -> None:
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self.application.stop_running)
        await asyncio.to_thread(self._thread.join, 30)
        assert not self._thread.is_alive(), "the bot did not shut down"


StartBot = Callable[[Settings, QAService], Awaitable[RunningBot]]


@pytest.fixture
async def start_bot(fake_api: FakeBotApi) -> AsyncIterator[StartBot]:
    """Starts a bot with the given settings and service; every bot started is stopped afterwards."""
    started: list[RunningBot] = []

    async def start(settings: Settings, service: QAService) -> RunningBot:
        running = RunningBot(settings, service, fake_api)
        started.append(running)
        await running.start()
        return running

    yield start
    for running in started:
        await running.stop()


@pytest.fixture
async def telegram_bot(bot_settings: Settings, seeded: QAService, start_bot: StartBot) -> RunningBot:
    """The bot with the bundled article, moderator `MODERATOR_ID`, default limits."""
    return await start_bot(bot_settings, seeded)


def free_port() -> int:
    """A port nothing listens on now, for a webhook server."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _listening(host: str, port: int, attempts: int = 600) -> None:
    """python-telegram-bot sets the webhook before its server listens; Telegram would retry, so wait."""
    for _ in range(attempts):
        try:
            _reader, writer = await asyncio.open_connection(host, port)
        except OSError:
            await asyncio.sleep(0.05)
            continue
        writer.close()
        await writer.wait_closed()
        return
    raise AssertionError(f"the webhook server never listened on {host}:{port}")
