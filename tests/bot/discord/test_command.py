"""`qabot discord` without a usable token: a clear error naming DISCORD_BOT_TOKEN, never the token."""

from __future__ import annotations

import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import ClassVar

import discord.http
import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.settings import Settings
from tests.fakes.pages import serve_http
from tests.support import open_service

SECRET = "MTIzNDU2Nzg5.fake-token.do-not-print-me"


class _RejectingDiscord(BaseHTTPRequestHandler):
    """Discord's REST API as it answers a revoked token."""

    requests: ClassVar[list[tuple[str, str | None]]] = []

    def do_GET(self) -> None:
        _RejectingDiscord.requests.append((self.path, self.headers.get("Authorization")))
        body = json.dumps({"message": "401: Unauthorized", "code": 0}).encode()
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def rejecting_discord(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str | None]]]:
    with serve_http(_RejectingDiscord) as base:
        monkeypatch.setattr(discord.http.Route, "BASE", f"{base}/api/v10")
        _RejectingDiscord.requests = []
        yield _RejectingDiscord.requests


def test_a_missing_token_is_named_and_the_command_fails(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISCORD_BOT_TOKEN", raising=False)

    result = CliRunner().invoke(app, ["discord"])

    assert result.exit_code == 1
    assert "DISCORD_BOT_TOKEN is not set" in result.output


def test_a_rejected_token_is_named_but_never_printed(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, rejecting_discord: list[tuple[str, str | None]]
) -> None:
    monkeypatch.setenv("DISCORD_BOT_TOKEN", SECRET)

    result = CliRunner().invoke(app, ["discord"])

    assert rejecting_discord == [("/api/v10/users/@me", f"Bot {SECRET}")]  # it really tried to log in
    assert result.exit_code == 1
    assert "rejected the token in DISCORD_BOT_TOKEN" in result.output
    assert SECRET not in result.output
    service = open_service(settings)
    assert service.is_empty()  # it gave up before spending time loading the knowledge base
    service.close()
