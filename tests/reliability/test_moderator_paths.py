"""Every command that changes the knowledge base checks the moderator rules on its own path.

Telegram: `/add` with a document, `/add` replying to a message, `/add URL` and `/remove`, each tried by a
non-moderator in a group (even one who is a group administrator while administrators do not moderate), in
a DM, and by forwarding a moderator's message; and as edited messages, which never run a command, not even
a moderator's. Discord: `/kb add` with an attachment or a url and `/kb remove`, by a member without the
rights, and in a DM. Each is refused and the knowledge base (sources, passage counts, change revision)
stays as it was. The URLs point at a live page on 127.0.0.1 with private addresses allowed, so a missing
check would really add it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.chat.authority import NOT_A_MODERATOR
from bot.discord_bot.errors import NOT_IN_DMS
from bot.discord_bot.render import NOT_FOUND as DISCORD_NOT_FOUND
from bot.settings import Settings
from bot.telegram_bot.moderation import FORWARDED_COMMAND
from index.service import QAService
from tests.bot.discord import conftest as discord_fixtures
from tests.bot.discord.conftest import BotFactory
from tests.bot.telegram import conftest as telegram_fixtures
from tests.bot.telegram.conftest import HOME_GROUP, MODERATOR_ID, StartBot
from tests.conftest import SEED_ID
from tests.fakes.fake_discord import FakeDiscord
from tests.fakes.fake_telegram import Chat, FakeBotApi, telegram_entities
from tests.fakes.pages import serve_pages
from tests.reliability.conftest import kb_state

# The other suites' fixtures, under their own names (pytest registers them by those).
bot_settings = telegram_fixtures.bot_settings
start_bot = telegram_fixtures.start_bot
make_bot = discord_fixtures.make_bot

OUTSIDER = 5501
ARTICLE = """---
title: The Harrowgate tide mill
---

The Harrowgate tide mill ground oats for the village from 1790 until a storm broke its sluice in 1911.
"""


class CommandingBotApi(FakeBotApi):
    """The fake Bot API, plus messages that forward someone else's or edit an earlier one."""

    async def command(
        self,
        chat: Chat,
        user_id: int,
        text: str | None = None,
        *,
        document: tuple[str, bytes] | None = None,
        reply_to_text: str | None = None,
        forwarded_from: int | None = None,
        edited: bool = False,
    ) -> None:
        message = self._user_message(chat, user_id, forwarded_from)
        if document is not None:
            filename, data = document
            file_id = f"documents/file_{len(self._files)}_{filename}"
            self._files[file_id] = data
            message["document"] = {
                "file_id": file_id, "file_unique_id": file_id, "file_name": filename,
                "file_size": len(data), "mime_type": "text/markdown",
            }  # fmt: skip
            message["caption"] = text
            message["caption_entities"] = telegram_entities(text or "")
        else:
            message["text"] = text
            message["entities"] = telegram_entities(text or "")
        if reply_to_text is not None:
            replied = self._user_message(chat, MODERATOR_ID)
            replied["text"] = reply_to_text
            message["reply_to_message"] = replied
        if edited:
            message["edit_date"] = int(time.time())
        await self._push({"edited_message" if edited else "message": message})


@pytest.fixture
async def fake_api() -> AsyncIterator[CommandingBotApi]:
    async with CommandingBotApi() as api:
        yield api


@pytest.fixture
def article_url() -> Iterator[str]:
    with serve_pages({"/tide-mill.md": ("text/plain", ARTICLE.encode())}) as base:
        yield f"{base}/tide-mill.md"


@pytest.fixture
def intranet(seeded: QAService) -> QAService:
    """The seeded knowledge base, allowed to fetch 127.0.0.1: only the moderator check stands in the way."""
    seeded.settings = seeded.settings.model_copy(update={"allow_private_urls": True})
    return seeded


async def _every_change(api: CommandingBotApi, chat: Chat, user_id: int, url: str, **how: Any) -> None:
    """The four ways to change the knowledge base from Telegram, in `chat` as `user_id`."""
    await api.command(chat, user_id, "/add", document=("tide-mill.md", ARTICLE.encode()), **how)
    await api.command(chat, user_id, "/add title=Tide mill notes", reply_to_text=ARTICLE, **how)
    await api.command(chat, user_id, f"/add {url}", **how)
    await api.command(chat, user_id, f"/remove {SEED_ID}", **how)


@pytest.mark.parametrize("where", ["group", "dm", "forwarded-in-dm", "forwarded-in-group"])
async def test_telegram_non_moderators_are_refused_on_every_path(
    bot_settings: Settings, intranet: QAService, start_bot: StartBot, fake_api: CommandingBotApi,
    article_url: str, where: str,
) -> None:  # fmt: skip
    await start_bot(bot_settings, intranet)
    before, events = kb_state(intranet), len(intranet.moderation_events())
    in_group = where in {"group", "forwarded-in-group"}
    chat = fake_api.group_chat(-100_900) if in_group else fake_api.private_chat(OUTSIDER)
    # A group administrator is no moderator while TELEGRAM_ADMINS_MODERATE is off.
    fake_api.chat_member_status[(chat.id, OUTSIDER)] = "administrator"
    forwarded = {"forwarded_from": MODERATOR_ID} if where.startswith("forwarded") else {}

    await _every_change(fake_api, chat, OUTSIDER, article_url, **forwarded)

    replies = await fake_api.replies(chat, count=4)
    # A forwarded command is refused before anyone's authority is looked at.
    refusal = FORWARDED_COMMAND if forwarded else NOT_A_MODERATOR
    assert all(r.text.startswith(refusal) for r in replies), [r.text for r in replies]
    assert kb_state(intranet) == before
    assert len(intranet.moderation_events()) == events
    assert "getFile" not in fake_api.calls  # the upload was not even downloaded


async def test_telegram_edited_messages_never_change_the_knowledge_base(
    bot_settings: Settings, intranet: QAService, start_bot: StartBot, fake_api: CommandingBotApi,
    article_url: str,
) -> None:  # fmt: skip
    """Even a moderator's edit into a command does nothing; the same commands sent new do work."""
    await start_bot(bot_settings, intranet)
    before = kb_state(intranet)
    chat = fake_api.private_chat(MODERATOR_ID)
    group = fake_api.group_chat(HOME_GROUP)

    await _every_change(fake_api, chat, MODERATOR_ID, article_url, edited=True)
    await _every_change(fake_api, group, MODERATOR_ID, article_url, edited=True)
    # The bot has taken the edits once it answers a later message.
    await fake_api.command(chat, MODERATOR_ID, "/sources")
    [listing] = await fake_api.replies(chat)
    assert SEED_ID in listing.text
    assert kb_state(intranet) == before
    assert "getFile" not in fake_api.calls

    # The same commands sent new do work; an edit that had run too would have replied by the time they
    # all have (it would have started first).
    await _every_change(fake_api, chat, MODERATOR_ID, article_url)
    reports = [r.text for r in (await fake_api.replies(chat, count=5))[1:]]
    await asyncio.sleep(0.2)
    assert sum(r.startswith(("Added", "Replaced")) for r in reports) == 3, reports
    assert sum(r.startswith(f"Removed {SEED_ID}") for r in reports) == 1, reports
    assert len(fake_api.sent_to(chat)) == 5
    assert fake_api.sent_to(group) == []
    assert kb_state(intranet) != before


# -- Discord ---------------------------------------------------------------------------------------


@pytest.fixture
async def discord_intranet(make_bot: BotFactory, intranet: QAService) -> tuple[FakeDiscord, QAService]:
    return FakeDiscord(await make_bot(service=intranet)), intranet


@pytest.mark.parametrize("where", ["guild", "dm", "dm-with-manage-server"])
async def test_discord_non_moderators_are_refused_on_every_path(
    discord_intranet: tuple[FakeDiscord, QAService], article_url: str, tmp_path: Path, where: str
) -> None:
    fake, service = discord_intranet
    source_id = SEED_ID
    before, events = kb_state(service), len(service.moderation_events())
    upload = tmp_path / "tide-mill.md"
    upload.write_text(ARTICLE, encoding="utf-8")
    how: dict[str, Any] = {"in_dm": where.startswith("dm")}
    if where == "dm-with-manage-server":  # permissions claimed outside a server mean nothing
        how["permissions"] = discord.Permissions(manage_guild=True, send_messages=True)

    replies = [
        *await fake.slash("kb add", attachments={"file": fake.attachment(upload)}, **how),
        *await fake.slash("kb add", url=article_url, **how),
        *await fake.slash("kb remove", source_id=source_id, **how),
    ]

    assert len(replies) == 3 and all(r.ephemeral for r in replies)
    # In a DM either refusal is right: the person is no moderator there, and /kb is for servers.
    refused = [
        (r.content or "").startswith(NOT_A_MODERATOR) or (where != "guild" and r.content == NOT_IN_DMS)
        for r in replies
    ]
    assert all(refused), [r.content for r in replies]
    assert kb_state(service) == before
    assert len(service.moderation_events()) == events
    assert fake.served["tide-mill.md"].downloads == 0


async def test_discord_a_mentioned_command_is_only_a_question(
    discord_intranet: tuple[FakeDiscord, QAService],
) -> None:
    """No text commands: `@bot /kb remove …` from anyone is a question, and changes nothing."""
    import discord.ext.test as dpytest

    fake, service = discord_intranet
    source_id = SEED_ID
    before = kb_state(service)
    assert fake.bot.user is not None

    await dpytest.message(f"<@{fake.bot.user.id}> /kb remove {source_id}")
    await dpytest.message(f"<@{fake.bot.user.id}> !kb remove source_id:{source_id}")

    replies = [dpytest.get_message(), dpytest.get_message()]
    assert all(r.content == DISCORD_NOT_FOUND or r.embeds for r in replies)
    assert kb_state(service) == before
