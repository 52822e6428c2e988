"""Discord takes an interaction's first response within 3 s ("This interaction failed" after that), and a
stop waits for changes as for answers: every interaction that writes to the database is deferred
first, since a write waits while another holds the database (an add's batch, `qabot kb sync`)."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import aiohttp
import discord
import pytest
from discord.ext.test import factories

from bot.chat.shutdown import CUT_OFF
from bot.discord_bot import cog as cog_module
from bot.discord_bot.cog import QACog
from bot.discord_bot.render import SOURCES_PER_PAGE
from bot.settings import Settings
from index.ingest.documents import Document
from index.service import QAService
from tests.fakes.fake_discord import FakeDiscord, HttpAnswer

QUESTION = "Why won't Lukashenko send troops to Ukraine?"
MANAGE_SERVER = discord.Permissions(manage_guild=True, send_messages=True)
HELD_SECONDS = 1.5


@contextmanager
def another_writer(settings: Settings) -> Iterator[list[float]]:
    """Another connection holds SQLite's write lock for `HELD_SECONDS`; yields [when it let go]."""
    released: list[float] = []
    holding = threading.Event()

    def hold() -> None:
        database = sqlite3.connect(settings.home / "qabot.db", isolation_level=None)
        database.execute("BEGIN IMMEDIATE")
        holding.set()
        time.sleep(HELD_SECONDS)
        released.append(time.monotonic())
        database.execute("COMMIT")
        database.close()

    writer = threading.Thread(target=hold)
    writer.start()
    holding.wait()
    try:
        yield released
    finally:
        writer.join()


def first_response_time(fake: FakeDiscord) -> list[float]:
    """When the bot first called Discord's interaction API, once it has."""
    called: list[float] = []
    respond = fake.api.request

    async def timed(route: Any, session: Any, **kwargs: Any) -> Any:
        called.append(time.monotonic())
        return await respond(route, session, **kwargs)

    fake.api.request = timed  # type: ignore[method-assign]
    return called


async def test_a_vote_is_acknowledged_at_once_while_another_writer_holds_the_database(
    fake_discord: FakeDiscord, settings: Settings
) -> None:
    [answer] = await fake_discord.slash("ask", question=QUESTION)
    called = first_response_time(fake_discord)

    with another_writer(settings) as released:
        [thanks] = await fake_discord.click(answer, answer.button("👍"))

    assert called[0] < released[0]
    assert thanks.ephemeral and "👍 this answer helped" in (thanks.content or "")


async def test_a_sources_page_turns_at_once_while_votes_wait_for_the_database(
    fake_discord: FakeDiscord, seeded: QAService, settings: Settings
) -> None:
    """The one button that answered Discord only after reading: its read waited for a worker thread
    while as many votes as there are threads waited for the write lock (up to 30 s), past Discord's
    3 s, and the person saw "This interaction failed"."""
    notes = [
        Document(id=f"note-{n}", title=f"Note {n}", body=f"Note number {n}.") for n in range(SOURCES_PER_PAGE)
    ]
    seeded.add_many(notes, "test")
    [answer] = await fake_discord.slash("ask", question=QUESTION)
    [listing] = await fake_discord.slash("sources")
    called = first_response_time(fake_discord)
    threads = min(32, (os.cpu_count() or 1) + 4)  # the event loop's default executor, where votes ran

    with another_writer(settings) as released:
        votes = [asyncio.create_task(fake_discord.click(answer, answer.button("👍"))) for _ in range(threads)]
        await asyncio.sleep(0.3)  # each acknowledged, its write waiting for the lock
        called.clear()
        [page] = await fake_discord.click(listing, listing.button("Next"))
        shown_while_held = not released
        await asyncio.gather(*votes)

    assert called[0] < released[0]
    assert page.embeds[0].footer.text == "Page 2 of 2"
    assert shown_while_held  # the page was read beside the votes, not after them


async def test_a_refused_change_is_acknowledged_at_once_while_another_writer_holds_the_database(
    fake_discord: FakeDiscord, settings: Settings, seeded: QAService
) -> None:
    """The refusal is written down (`qabot stats`) before the person is told."""
    called = first_response_time(fake_discord)

    with another_writer(settings) as released:
        [refusal] = await fake_discord.slash("kb remove", source_id="anything")

    assert called[0] < released[0]
    assert refusal.ephemeral and "moderator" in (refusal.content or "")
    assert seeded.stats().refused_changes == 1


async def test_a_stop_waits_for_a_change_and_tells_the_moderator_when_it_is_cut_off(
    fake_discord: FakeDiscord, seeded: QAService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only questions were waited for: a moderator's add was dropped at a stop, left on "thinking…"."""
    adding = threading.Event()
    finish = threading.Event()

    def slow_add(*_args: Any, **_options: Any) -> None:  # a large page still being read
        adding.set()
        finish.wait(10)

    monkeypatch.setattr(seeded, "add_url", slow_add)
    command = asyncio.create_task(
        fake_discord.slash("kb add", permissions=MANAGE_SERVER, url="https://example.org/long-read")
    )
    await asyncio.to_thread(adding.wait, 10)
    cog = fake_discord.bot.get_cog(QACog.__cog_name__)
    assert isinstance(cog, QACog)

    assert len(cog.in_flight) == 1
    await cog.in_flight.drain(grace=0.2)
    finish.set()
    [told] = await command

    assert told.ephemeral and told.content == CUT_OFF


async def test_a_stop_that_closes_the_connection_under_the_apology_is_no_error(
    fake_discord: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reply waiting out a 429 when the stop came: the stop closed the connection under its "cut
    off" apology, whose error replaced the cancellation, and discord.py logged it as a bug."""
    cog = fake_discord.bot.get_cog(QACog.__cog_name__)
    assert isinstance(cog, QACog)
    asking = asyncio.Event()

    async def held_answer(*_args: Any, **_options: Any) -> Any:
        asking.set()
        await asyncio.Event().wait()  # answered after the stop's grace, if ever

    async def connection_closed(*_args: Any, **_options: Any) -> Any:
        raise aiohttp.ServerDisconnectedError()

    monkeypatch.setattr(cog.chat, "ask", held_answer)
    monkeypatch.setattr(cog_module, "reply_to", connection_closed)
    channel = fake_discord.guild.text_channels[0]
    data = factories.make_message_dict(
        channel, fake_discord.members[0], content=f"<@{fake_discord.bot.user.id}> {QUESTION}",
        guild_id=fake_discord.guild.id, mentions=[fake_discord.bot.user],
    )  # fmt: skip
    message = discord.Message(state=fake_discord.bot._connection, channel=channel, data=data)
    answering = asyncio.create_task(cog.on_message(message))
    await asyncio.wait_for(asking.wait(), 5)

    answering.cancel()  # the stop, past its grace

    with pytest.raises(asyncio.CancelledError):
        await answering


def answer_callbacks_too_late(fake_discord: FakeDiscord) -> None:
    """Discord answers every interaction callback "Unknown interaction", as past its 3 s."""
    respond = fake_discord.api.request

    async def too_late(route: Any, session: Any, **kwargs: Any) -> Any:
        if route.path.endswith("/callback"):
            raise discord.NotFound(
                HttpAnswer(404, "Not Found"),  # type: ignore[arg-type]
                {"code": 10062, "message": "Unknown interaction"},
            )
        return await respond(route, session, **kwargs)

    fake_discord.api.request = too_late  # type: ignore[method-assign]


async def test_an_interaction_discord_no_longer_takes_is_logged_as_late_not_as_a_bug(
    fake_discord: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    """Past its 3 s Discord answers "Unknown interaction": each was logged as two ERROR tracebacks, one
    for the command and one for failing to tell the person, who sees "This interaction failed"."""
    answer_callbacks_too_late(fake_discord)
    with caplog.at_level(logging.INFO):
        assert await fake_discord.slash("sources") == []

    assert "could not be answered in time" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_an_answer_discord_fails_to_take_after_a_command_is_one_warning(
    fake_discord: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    """A 503 on the follow-up message past discord.py's retries was logged as an unexpected error."""
    respond = fake_discord.api.request

    async def outage(route: Any, session: Any, **kwargs: Any) -> Any:
        if not route.path.endswith("/callback"):  # the "thinking…" is shown; the answer fails
            raise discord.DiscordServerError(HttpAnswer(503, "Service Unavailable"), "upstream")  # type: ignore[arg-type]
        return await respond(route, session, **kwargs)

    fake_discord.api.request = outage  # type: ignore[method-assign]
    with caplog.at_level(logging.INFO):
        await fake_discord.slash("ask", question="Why won't Lukashenko send troops to Ukraine?")

    assert "Discord did not take an answer to an interaction" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_suggestions_discord_no_longer_takes_are_logged_as_late_not_as_a_bug(
    fake_discord: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    """discord.py logged them itself, as an ERROR with a traceback."""
    answer_callbacks_too_late(fake_discord)
    with caplog.at_level(logging.INFO):
        offered = await fake_discord.autocomplete(
            "kb remove", "source_id", "", permissions=discord.Permissions(manage_guild=True)
        )

    assert offered == []
    assert "Suggestions came too late for Discord" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
