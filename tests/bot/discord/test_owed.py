"""A moderator whose change a hard kill cut short hears of it in a DM once the bot is back."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import discord
import discord.ext.test as dpytest
import pytest
from sqlalchemy import select

from bot.chat import owed_reports
from bot.chat.owed_reports import restarted_during
from bot.discord_bot.app import QABot
from bot.discord_bot.render import plain
from index.service import ChangeResult, QAService
from index.store.engine import make_sessionmaker
from index.store.models import OwedReport
from index.store.owed_reports import OwedReports
from tests.bot.discord.conftest import BotFactory
from tests.bot.discord.test_moderation import MANAGE_SERVER, article
from tests.fakes.fake_discord import FakeDiscord


def owed_now(service: QAService) -> list[str]:
    with make_sessionmaker(service.engine)() as session:
        return list(session.scalars(select(OwedReport.what)))


async def test_an_add_a_killed_bot_left_is_told_in_a_dm_naming_the_server(
    make_bot: BotFactory, seeded: QAService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(owed_reports, "LEFT_AFTER_SECONDS", 0.0)
    bot: QABot = await make_bot()
    member, guild = dpytest.get_config().members[0], dpytest.get_config().guilds[0]
    killed = OwedReports(make_sessionmaker(seeded.engine))
    killed.owe("k1", "discord", {"user": member.id, "server": guild.id}, "adding varnholm.md")

    bot.dispatch("ready")
    for _ in range(100):
        if bot._telling_left is not None and bot._telling_left.done():
            break
        await asyncio.sleep(0.05)

    told = dpytest.get_message()
    assert isinstance(told.channel, discord.DMChannel) and told.channel.id == (await member.create_dm()).id
    assert told.content == f"In {guild.name}: {restarted_during(['adding varnholm.md'])}"


async def test_an_add_is_written_down_while_it_runs_and_crossed_off_once_reported(
    fake_discord: FakeDiscord, seeded: QAService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen, adding = [], seeded.add_bytes

    def add_seeing_what_is_owed(*args: Any, **kwargs: Any) -> ChangeResult:
        seen.append(owed_now(seeded))
        return adding(*args, **kwargs)

    monkeypatch.setattr(seeded, "add_bytes", add_seeing_what_is_owed)
    attachment = fake_discord.attachment(article(tmp_path))

    [report] = await fake_discord.slash("kb add", permissions=MANAGE_SERVER, attachments={"file": attachment})

    assert (report.content or "").startswith("Added varnholm")
    assert seen == [[f"adding {plain('varnholm.md', 100)}"]]  # no name reads as a link
    assert owed_now(seeded) == []
