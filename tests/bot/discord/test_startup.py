"""Logging in and registering the slash commands, against a fake Discord REST API on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import discord.http
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.discord_bot.app import create_bot
from bot.settings import Settings
from index.service import QAService

APPLICATION_ID = 4242
BOT_USER = {"id": str(APPLICATION_ID), "username": "qabot", "discriminator": "0", "avatar": None, "bot": True}
APPLICATION = {
    "id": str(APPLICATION_ID),
    "name": "qabot",
    "description": "",
    "icon": None,
    "bot_public": False,
    "bot_require_code_grant": False,
    "owner": BOT_USER,
    "verify_key": "0" * 64,
    "flags": 0,
}


def _json(payload: object) -> web.Response:
    # discord.py parses JSON only when the content type is exactly Discord's, without a charset.
    return web.Response(body=json.dumps(payload).encode(), headers={"Content-Type": "application/json"})


class FakeDiscordRest:
    """The few REST endpoints a bot calls before connecting: who am I, my application, my commands."""

    def __init__(self) -> None:
        self.command_uploads: list[tuple[str, list[dict[str, Any]]]] = []

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/api/v10/users/@me", self.me)
        app.router.add_get("/api/v10/oauth2/applications/@me", self.application)
        app.router.add_put("/api/v10/applications/{app_id}/commands", self.upload_commands)
        app.router.add_put("/api/v10/applications/{app_id}/guilds/{guild_id}/commands", self.upload_commands)
        return app

    async def me(self, request: web.Request) -> web.Response:
        return _json(BOT_USER)

    async def application(self, request: web.Request) -> web.Response:
        return _json(APPLICATION)

    async def upload_commands(self, request: web.Request) -> web.Response:
        commands = await request.json()
        self.command_uploads.append((request.path, commands))
        guild_id = request.match_info.get("guild_id")
        return _json(
            [
                {**c, "id": str(9000 + n), "application_id": str(APPLICATION_ID), "version": "1"}
                | ({"guild_id": guild_id} if guild_id else {})
                for n, c in enumerate(commands)
            ]
        )


@pytest.fixture
async def fake_rest(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscordRest]:
    fake = FakeDiscordRest()
    server = TestServer(fake.app(), host="127.0.0.1")
    await server.start_server()
    monkeypatch.setattr(discord.http.Route, "BASE", str(server.make_url("/api/v10")))
    yield fake
    await server.close()


def command_names(commands: list[dict[str, Any]]) -> dict[str, list[str]]:
    return {c["name"]: sorted(o["name"] for o in c.get("options", []) if o["type"] == 1) for c in commands}


@pytest.mark.parametrize(
    ("home", "collections"),
    [((), False), ((777,), False), ((777, 778), True)],
    ids=["no-home", "home", "communities"],
)
async def test_kb_is_registered_where_it_can_change_something(
    fake_rest: FakeDiscordRest,
    seeded: QAService,
    settings: Settings,
    home: tuple[int, ...],
    collections: bool,
) -> None:
    """Questions and /sources everywhere; /kb (Manage Server by default, servers only) in the home
    servers at once, or everywhere when communities keep their own collections."""
    changed = {"discord_home_guilds": frozenset(home), "community_collections": collections}
    bot = create_bot(seeded, settings.model_copy(update=changed))
    async with bot:
        await bot.login("a-token")
        await bot.sync_commands()

    uploads = dict(fake_rest.command_uploads)
    base = f"/api/v10/applications/{APPLICATION_ID}"
    assert set(uploads) == {f"{base}/commands"} | {f"{base}/guilds/{g}/commands" for g in home}
    everywhere = command_names(uploads[f"{base}/commands"])
    in_homes = [command_names(uploads[f"{base}/guilds/{g}/commands"]) for g in home]
    if home and not collections:
        assert everywhere == {"ask": [], "sources": []}
        assert in_homes == [{"kb": ["add", "remove"]}] * len(home)
    else:
        assert everywhere == {"ask": [], "sources": [], "kb": ["add", "remove"]}
    kb = next(c for c in [*uploads.values()] for c in c if c["name"] == "kb")
    assert kb["contexts"] == [0]  # /kb is offered in servers only, never in DMs
    assert int(kb["default_member_permissions"]) == discord.Permissions(manage_guild=True).value
