"""Logging in and registering the slash commands, against a fake Discord REST API on 127.0.0.1; starting
and stopping a real `qabot discord` process against a fake Discord."""

from __future__ import annotations

import asyncio
import logging
import signal
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import discord.http
import pytest

from bot.discord_bot.app import create_bot
from bot.settings import Settings
from index.service import QAService
from tests.fakes.fake_discord_server import APPLICATION_ID, FakeDiscordServer
from tests.support import start_discord_bot


@pytest.fixture
async def fake_rest(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscordServer]:
    async with FakeDiscordServer() as fake:
        monkeypatch.setattr(discord.http.Route, "BASE", f"{fake.base_url}/api/v10")
        yield fake


def command_names(commands: list[dict[str, Any]]) -> dict[str, list[str]]:
    return {c["name"]: sorted(o["name"] for o in c.get("options", []) if o["type"] == 1) for c in commands}


@pytest.mark.parametrize(
    ("home", "collections"),
    [((), False), ((777,), False), ((777, 778), True)],
    ids=["no-home", "home", "communities"],
)
async def test_kb_is_registered_where_it_can_change_something(
    fake_rest: FakeDiscordServer,
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
    assert kb["integration_types"] == [0]  # and only where a server installed the bot, never a user
    assert int(kb["default_member_permissions"]) == discord.Permissions(manage_guild=True).value


async def test_with_a_moderator_role_kb_is_shown_to_its_members_too(
    fake_rest: FakeDiscordServer, seeded: QAService, settings: Settings
) -> None:
    """Discord shows a command with default permissions to those who have them, whatever their roles:
    the role's members could not use /kb until a server owner opened it to them under Integrations."""
    changed = {"discord_home_guilds": frozenset({777}), "discord_moderator_role_id": 4242}
    bot = create_bot(seeded, settings.model_copy(update=changed))
    async with bot:
        await bot.login("a-token")
        await bot.sync_commands()

    [kb] = dict(fake_rest.command_uploads)[f"/api/v10/applications/{APPLICATION_ID}/guilds/777/commands"]
    assert kb["name"] == "kb" and kb.get("default_member_permissions") is None
    assert kb["contexts"] == [0]  # still in servers only


async def test_with_communities_kb_keeps_manage_server_in_every_server_whatever_the_role(
    fake_rest: FakeDiscordServer, seeded: QAService, settings: Settings
) -> None:
    """The moderator role counts in the home servers only: elsewhere everyone would see /kb, be refused,
    and be recorded."""
    changed = {"discord_home_guilds": frozenset({777}), "discord_moderator_role_id": 4242}
    changed |= {"community_collections": True}
    bot = create_bot(seeded, settings.model_copy(update=changed))
    async with bot:
        await bot.login("a-token")
        await bot.sync_commands()

    commands = dict(fake_rest.command_uploads)[f"/api/v10/applications/{APPLICATION_ID}/commands"]
    [kb] = [c for c in commands if c["name"] == "kb"]
    assert int(kb["default_member_permissions"]) == discord.Permissions(manage_guild=True).value


async def test_a_home_server_that_refuses_the_commands_is_a_warning_and_the_others_get_them(
    fake_rest: FakeDiscordServer, seeded: QAService, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """A home server the bot was removed from (or a mistyped id: Discord's 403, "Missing Access") ended
    the start with a traceback, and the bot answered nowhere."""
    fake_rest.refuse_commands[777] = (403, 50001)
    changed = {"discord_home_guilds": frozenset({777, 778})}
    bot = create_bot(seeded, settings.model_copy(update=changed))
    async with bot:
        await bot.login("a-token")
        await bot.sync_commands()

    base = f"/api/v10/applications/{APPLICATION_ID}"
    assert [path for path, _ in fake_rest.command_uploads] == [
        f"{base}/commands",
        f"{base}/guilds/778/commands",
    ]
    [warning] = [r for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith("bot.")]
    assert warning.levelno == logging.WARNING and warning.exc_info is None
    assert "home server 777" in warning.getMessage() and "QABOT_DISCORD_HOME_GUILDS" in warning.getMessage()


async def test_the_bot_stops_in_time_while_discord_leaves_its_commands_unregistered(tmp_path: Path) -> None:
    """A signal was not heard until the bot had started: with Discord not answering the registration,
    SIGTERM did nothing, and `docker stop` had to kill it."""
    async with FakeDiscordServer(hold_commands=True) as discord:
        process = start_discord_bot(tmp_path / "home", discord)
        try:
            await asyncio.wait_for(discord.commands_asked.wait(), timeout=120)
        except BaseException:
            process.kill()
            raise
        process.send_signal(signal.SIGTERM)
        code, log = await _exit_of(process, within=10)
    assert code == 0, log[-2000:]
    assert "Traceback" not in log and log.strip().endswith("Stopped.")
    assert "Could not register" not in log  # the stop closed the connection: no failure to report


@pytest.mark.parametrize(
    ("code", "said"),
    [
        (4004, "Discord rejected the token in DISCORD_BOT_TOKEN"),
        (4012, "Discord closed the connection (code 4012"),
    ],
)
async def test_a_gateway_that_closes_for_good_ends_the_bot_with_one_line_saying_why(
    tmp_path: Path, code: int, said: str
) -> None:
    """Only the Message Content refusal (4014) was put in words: a token the gateway rejects (4004) or
    any other close discord.py does not reconnect after ended in a traceback and "something went wrong"."""
    async with FakeDiscordServer(close_gateway_with=code) as discord:
        exit_code, log = await _exit_of(start_discord_bot(tmp_path / "home", discord), within=120)
    assert exit_code == 1, log[-2000:]
    assert "Traceback" not in log and said in log.strip().splitlines()[-1]


async def _exit_of(process: subprocess.Popen[str], within: float) -> tuple[int, str]:
    """The process's exit code and log once it exits; killed (and the test failed) past `within` s."""
    try:
        code = await asyncio.to_thread(process.wait, within)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.stderr is not None
    return code, process.stderr.read()
