"""A moderator whose change a hard kill cut short hears of it once the bot is back."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from sqlalchemy import select

from bot.chat import owed_reports
from bot.chat.attribution import inert
from bot.chat.owed_reports import restarted_during
from bot.settings import Settings
from index.service import ChangeResult, QAService
from index.store.engine import make_sessionmaker
from index.store.models import OwedReport
from index.store.owed_reports import OwedReports
from tests.bot.telegram.conftest import HOME_GROUP, MODERATOR_ID, RunningBot, StartBot
from tests.bot.telegram.test_moderation import LIGHTHOUSE
from tests.fakes.fake_telegram import FakeBotApi


async def test_changes_a_killed_bot_left_are_told_after_the_restart_once_a_chat(
    bot_settings: Settings,
    seeded: QAService,
    fake_api: FakeBotApi,
    start_bot: StartBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Polling had confirmed the update: the moderator of an add under way at a SIGKILL heard nothing."""
    monkeypatch.setattr(owed_reports, "LEFT_AFTER_SECONDS", 0.0)
    killed = OwedReports(make_sessionmaker(seeded.engine))
    killed.owe("k1", "telegram", {"chat": HOME_GROUP, "message": 4242, "topic": 0}, "adding skerryvane.md")
    killed.owe("k2", "telegram", {"chat": HOME_GROUP, "message": 4243, "topic": 0}, "adding varnholm.md")
    killed.owe("k3", "telegram", {"chat": MODERATOR_ID, "message": 7, "topic": 0}, "removing old-rules")
    group, private = fake_api.group_chat(HOME_GROUP), fake_api.private_chat(MODERATOR_ID)

    await start_bot(bot_settings, seeded)

    [told] = await fake_api.replies(group)
    assert told.text == restarted_during(["adding skerryvane.md", "adding varnholm.md"])
    assert told.text.startswith("Sorry: I was restarted while adding skerryvane.md and adding varnholm.md,")
    assert told.reply_to == 4242  # the oldest
    [told_privately] = await fake_api.replies(private)
    assert told_privately.text == restarted_during(["removing old-rules"])


def owed_now(service: QAService) -> list[str]:
    with make_sessionmaker(service.engine)() as session:
        return list(session.scalars(select(OwedReport.what)))


async def test_a_change_is_written_down_while_it_runs_and_crossed_off_once_reported(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService, monkeypatch: pytest.MonkeyPatch
) -> None:
    release, adding = threading.Event(), seeded.add_bytes

    def held_add(*args: Any, **kwargs: Any) -> ChangeResult:
        release.wait(timeout=30)
        return adding(*args, **kwargs)

    monkeypatch.setattr(seeded, "add_bytes", held_add)
    chat = fake_api.private_chat(MODERATOR_ID)
    await fake_api.user_uploads(chat, MODERATOR_ID, "skerryvane.md", LIGHTHOUSE, caption="/add")
    for _ in range(200):
        if owed_now(seeded):
            break
        await asyncio.sleep(0.05)
    assert owed_now(seeded) == [f"adding {inert('skerryvane.md')}"]  # no name reads as a link

    release.set()
    await fake_api.user_sends(chat, MODERATOR_ID, "/remove no-such-source")
    report, refusal = await fake_api.replies(chat, 2)
    assert report.text.startswith("Added skerryvane") and "no-such-source" in refusal.text
    for _ in range(100):  # crossed off as each handler ends, just after its reply
        if not owed_now(seeded):
            break
        await asyncio.sleep(0.05)
    assert owed_now(seeded) == []
