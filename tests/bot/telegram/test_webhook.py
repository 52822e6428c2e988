"""Starting webhook mode: options Telegram could not use, and a port someone else holds, are refused
before the webhook is registered, so a failed start never takes Telegram's updates from a running bot."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

import pytest

from bot.settings import Settings
from bot.telegram_bot.webhook import WebhookOptions, ensure_port_free, webhook_options
from index.errors import QabotError
from tests.fakes.fake_telegram import FakeBotApi

QABOT = Path(sys.executable).with_name("qabot")
RUNNING_REPLICA = {"url": "https://replica-one.example/telegram", "secret_token": "replicas_secret"}


async def _start_webhook(
    settings: Settings, api: FakeBotApi, *options: str, base_url: str = ""
) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "QABOT_"))}
    env |= {
        "QABOT_HOME": str(settings.home),
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE_URL": base_url or api.base_url,
    }
    process = await asyncio.create_subprocess_exec(
        str(QABOT),
        "telegram",
        *options,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 120)
    return process.returncode or 0, output.decode()


@pytest.mark.parametrize(
    ("url", "port", "named"),
    [
        ("", 8443, "--webhook-url"),
        ("bot.example.org/telegram", 8443, "--webhook-url"),
        ("https:///telegram", 8443, "--webhook-url"),
        ("https://bot.example.org:port/telegram", 8443, "--webhook-url"),
        ("https://bot.example.org/telegram", 99999, "--port 99999"),
        ("https://bot.example.org/telegram", 0, "--port 0"),
        # Telegram's own rule, told only once the webhook was being set, with two tracebacks
        ("http://bot.example.org/telegram", 8443, "only to an https:// address"),
        ("https://bot.example.org:8080/telegram", 8080, "port 443, 80, 88 or 8443"),
    ],
)
def test_options_telegram_could_not_use_are_refused_with_what_to_give(
    settings: Settings, url: str, port: int, named: str
) -> None:
    with pytest.raises(QabotError, match=named):
        webhook_options(settings, url, "0.0.0.0", port)


async def test_an_empty_webhook_url_is_refused_rather_than_polling_and_deleting_the_webhook(
    settings: Settings, fake_api: FakeBotApi
) -> None:
    fake_api.webhook = dict(RUNNING_REPLICA)
    code, output = await _start_webhook(settings, fake_api, "--webhook-url", "")
    assert code == 1, output
    assert "--webhook-url '' is not a web address" in output and "Traceback" not in output
    assert fake_api.webhook == RUNNING_REPLICA and fake_api.calls == []


async def test_a_port_in_use_is_refused_before_the_webhook_is_registered(
    settings: Settings, fake_api: FakeBotApi
) -> None:
    fake_api.webhook = dict(RUNNING_REPLICA)
    with socket.socket() as replica:
        replica.bind(("127.0.0.1", 0))
        replica.listen()
        port = replica.getsockname()[1]
        code, output = await _start_webhook(
            settings, fake_api, "--webhook-url", "https://bot.example.org/telegram",
            "--listen", "127.0.0.1", "--port", str(port),
        )  # fmt: skip
    assert code == 1, output
    assert f"Port {port} on 127.0.0.1 is already in use" in output and "Traceback" not in output
    assert fake_api.webhook == RUNNING_REPLICA
    assert "setWebhook" not in fake_api.calls and "deleteWebhook" not in fake_api.calls


async def test_a_bot_api_address_with_a_wrong_path_is_named_beside_the_token(
    settings: Settings, fake_api: FakeBotApi
) -> None:
    wrong = f"{fake_api.base_url}/telegram-api"
    code, output = await _start_webhook(settings, fake_api, base_url=wrong)
    assert code == 1, output
    assert f"TELEGRAM_API_BASE_URL ({wrong}) is not the address of a Bot API server" in output
    assert fake_api.token not in output and "Traceback" not in output


@pytest.mark.skipif(not socket.has_ipv6, reason="this machine has no IPv6")
def test_a_port_held_on_ipv4_only_is_free_for_a_webhook_listening_on_ipv6() -> None:
    """The probe binds as the server will: an IPv6-only socket beside another process's IPv4 one."""
    with socket.socket() as other:
        other.bind(("0.0.0.0", 0))
        other.listen()
        port = other.getsockname()[1]
        ensure_port_free(WebhookOptions("https://bot.example.org/telegram", "::", port))
        with pytest.raises(QabotError, match="already in use"):
            ensure_port_free(WebhookOptions("https://bot.example.org/telegram", "0.0.0.0", port))
