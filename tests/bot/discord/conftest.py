"""Fixtures that start the real Discord bot on the fake Discord (`tests.fakes.fake_discord`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext.test import backend as dpytest_backend

from bot.discord_bot.app import QABot, create_bot
from bot.settings import Settings
from index.service import QAService
from tests.fakes.fake_discord import FakeDiscord

BotFactory = Callable[..., Coroutine[Any, Any, QABot]]


@pytest.fixture
async def make_bot(seeded: QAService, settings: Settings) -> AsyncIterator[BotFactory]:
    """Builds the real bot on the seeded knowledge base, on dpytest's fake Discord."""
    bots: list[QABot] = []

    async def build(service: QAService = seeded, home: bool = True, **setting_overrides: Any) -> QABot:
        """`home`: dpytest's server is the bot's home server (its id exists only once dpytest made it)."""
        # Tests send many commands in a row; the limit itself is tested with its own settings.
        overrides = {"action_rate_limit_per_minute": 10_000, **setting_overrides}
        bot = create_bot(service, settings.model_copy(update=overrides))
        await bot._async_setup_hook()
        # dpytest keeps its fake members in discord.py's member cache, which discord.py fills only with
        # the members intent; the bot itself does not need it (messages carry their authors).
        bot._connection._intents.members = True
        bot._connection.member_cache_flags = discord.MemberCacheFlags.from_intents(bot._connection._intents)
        dpytest.configure(bot, members=["Alice", "Bob"])
        await bot._async_setup_hook()  # again: give dpytest's new connection state the running loop
        await bot.setup_hook()
        # dpytest swaps in its own connection state; the tree registered itself with the old one.
        bot._connection._command_tree = bot.tree
        if home:
            use_settings(bot, discord_home_guilds=frozenset({dpytest.get_config().guilds[0].id}))
        bots.append(bot)
        return bot

    yield build
    await dpytest.empty_queue()
    for bot in bots:
        for cog in list(bot.cogs):
            await bot.remove_cog(cog)


@pytest.fixture
async def discord_bot(make_bot: BotFactory) -> QABot:
    return await make_bot()


@pytest.fixture
def fake_discord(discord_bot: QABot) -> FakeDiscord:
    return FakeDiscord(discord_bot)


def use_settings(bot: QABot, **changes: Any) -> None:
    """Changes a running bot's settings, as a restart with them would (ids dpytest makes at run time)."""
    updated = bot.chat.settings.model_copy(update=changes)
    bot.chat.settings = updated
    bot.chat.authority.settings = updated


def make_role(guild: discord.Guild, name: str) -> discord.Role:
    return dpytest_backend.make_role(name, guild)
