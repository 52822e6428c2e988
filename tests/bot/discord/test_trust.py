"""Who may change what the bot quotes, tried from Discord as strangers would: a server that is not the
bot's home, a role named like the moderators', forged buttons, a community's own collection. Through
discord.py's own dispatch of the payloads Discord sends."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import discord
import discord.ext.test as dpytest
import pytest

from bot.chat.authority import NOT_A_MODERATOR
from bot.chat.buttons import BROKEN_BUTTON
from bot.settings import Settings
from index.ingest.documents import Document
from index.ingest.links import link_host
from index.model.encoder import Encoder
from index.service import QAService
from index.visibility import EVERYWHERE
from tests.bot.discord.conftest import BotFactory, make_role, use_settings
from tests.conftest import SEED_ID
from tests.fakes.fake_discord import FakeDiscord
from tests.fakes.pages import serve_http
from tests.support import open_service

MANAGE_SERVER = discord.Permissions(manage_guild=True, send_messages=True)
QUESTION = "Why won't Lukashenko send troops to Ukraine?"
FORGED = """---
title: Forged notice
author: Invented Author
url: https://invented.example/notice
---

The Zorblat treaty of 2031 was signed by every Baltic fishing cooperative on the same morning.
"""


def upload(fake: FakeDiscord, tmp_path: Path) -> dict[str, object]:
    path = tmp_path / "notice.md"
    path.write_text(FORGED, encoding="utf-8")
    return fake.attachment(path)


async def test_manage_server_in_a_strangers_server_changes_nothing_and_is_recorded(
    make_bot: BotFactory, seeded: QAService, tmp_path: Path
) -> None:
    fake = FakeDiscord(await make_bot(home=False))
    before = seeded.sources(EVERYWHERE)
    owner = fake.members[0]

    [refused_add] = await fake.slash(
        "kb add", member=owner, permissions=MANAGE_SERVER, attachments={"file": upload(fake, tmp_path)}
    )
    [refused_remove] = await fake.slash(
        "kb remove", member=owner, permissions=MANAGE_SERVER, source_id=SEED_ID
    )

    for reply in (refused_add, refused_remove):
        assert reply.ephemeral and (reply.content or "").startswith(NOT_A_MODERATOR), reply.content
    assert seeded.sources(EVERYWHERE) == before
    stats = seeded.stats()
    assert stats.refused_changes == 2
    assert {(r.actor, r.place, r.action, r.target) for r in stats.recent_refusals} == {
        (f"discord:{owner.id}", f"discord server {fake.guild.id}", "add", "notice.md"),
        (f"discord:{owner.id}", f"discord server {fake.guild.id}", "remove", SEED_ID),
    }


async def test_a_role_named_like_the_moderators_role_grants_nothing(
    make_bot: BotFactory, seeded: QAService
) -> None:
    bot = await make_bot()
    fake = FakeDiscord(bot)
    real = make_role(fake.guild, "Librarians")
    lookalike = make_role(fake.guild, "Librarians")
    use_settings(bot, discord_moderator_role_id=real.id)
    impostor, librarian = fake.members
    await dpytest.add_role(impostor, lookalike)
    await dpytest.add_role(librarian, real)

    [refused] = await fake.slash("kb remove", member=impostor, source_id=SEED_ID)
    assert (refused.content or "").startswith(NOT_A_MODERATOR)
    assert seeded.source_ids() == [SEED_ID]
    [removed] = await fake.slash("kb remove", member=librarian, source_id=SEED_ID)
    assert (removed.content or "").startswith(f"Removed {SEED_ID}")


async def test_the_moderators_role_counts_while_the_server_is_not_in_the_bots_cache(
    make_bot: BotFactory, seeded: QAService
) -> None:
    """A bot invited without the `bot` scope, or asked in the seconds after connecting, knows no role
    of the server: the moderator role was dropped from the member, who was refused and recorded."""
    bot = await make_bot()
    fake = FakeDiscord(bot)
    role = make_role(fake.guild, "Librarians")
    use_settings(bot, discord_moderator_role_id=role.id)
    librarian = fake.members[1]
    await dpytest.add_role(librarian, role)
    fake.guild._remove_role(role.id)  # the member still has its id, as Discord sends it

    [removed] = await fake.slash("kb remove", member=librarian, source_id=SEED_ID)

    assert (removed.content or "").startswith(f"Removed {SEED_ID}"), removed.content
    assert seeded.stats().refused_changes == 0


async def test_a_communitys_own_sources_are_answered_only_in_that_server(
    make_bot: BotFactory, seeded: QAService, tmp_path: Path
) -> None:
    fake = FakeDiscord(await make_bot(home=False, community_collections=True))
    admin = fake.members[0]

    [added] = await fake.slash(
        "kb add", member=admin, permissions=MANAGE_SERVER, attachments={"file": upload(fake, tmp_path)}
    )
    [here] = await fake.slash("ask", question="Who signed the Zorblat treaty?")
    [in_dm] = await fake.slash("ask", question="Who signed the Zorblat treaty?", in_dm=True)
    [listing] = await fake.slash("sources")
    [refused] = await fake.slash("kb remove", member=admin, permissions=MANAGE_SERVER, source_id=SEED_ID)

    assert (added.content or "").startswith(f"Added discord-{fake.guild.id}-notice"), added.content
    assert (added.content or "").endswith(
        "Kept for this server only: questions asked elsewhere are not answered from it."
    )
    assert "Zorblat" in (here.embeds[0].description or "")
    assert ("Source", "added by this server's admins") in [(f.name, f.value) for f in here.embeds[0].fields]
    assert "Zorblat" not in str(in_dm.content) + "".join(e.description or "" for e in in_dm.embeds)
    own = [f for f in listing.embeds[0].fields if "this server's own" in str(f.value)]
    assert [f.name for f in own] == ["Forged notice"]
    assert "shared" in (refused.content or "") and SEED_ID in seeded.source_ids()
    # Granted as the server's own change, refused by the core: recorded like any other refusal.
    [recorded] = seeded.stats().recent_refusals
    assert (recorded.actor, recorded.place, recorded.action, recorded.target) == (
        f"discord:{admin.id}",
        f"discord server {fake.guild.id}",
        "remove",
        SEED_ID,
    )


async def test_a_servers_admin_is_offered_its_own_sources_to_remove_however_many_are_shared(
    make_bot: BotFactory, seeded: QAService, tmp_path: Path
) -> None:
    almanac = [Document(id=f"almanac-{n:03}", title=f"Almanac {n}", body=f"Entry {n}.") for n in range(120)]
    seeded.add_many(almanac, "cli")  # shared, and their ids sort before any server's own
    fake = FakeDiscord(await make_bot(home=False, community_collections=True))
    admin = fake.members[0]
    own = {"file": upload(fake, tmp_path)}
    await fake.slash("kb add", member=admin, permissions=MANAGE_SERVER, attachments=own)

    offered = await fake.autocomplete("kb remove", "source_id", "", member=admin, permissions=MANAGE_SERVER)

    assert offered == [f"discord-{fake.guild.id}-notice"]


async def test_forged_and_copied_button_ids_are_refused(fake_discord: FakeDiscord, seeded: QAService) -> None:
    [answer] = await fake_discord.slash("ask", question=QUESTION)
    real = answer.button("Other passages")
    prefix, token = real.split(":", 1)
    other_question = token[0] + "1" + token[1:]  # another question's id under this signature

    [forged] = await fake_discord.click(answer, f"{prefix}:{other_question}", forged=True)
    [outdated] = await fake_discord.click(answer, "qabot:more:1", forged=True)
    [voted] = await fake_discord.click(answer, answer.button("👍"))

    assert forged.ephemeral and forged.content == BROKEN_BUTTON
    assert outdated.ephemeral and "older version" in (outdated.content or "")
    assert voted.ephemeral and "👍" in (voted.content or "")
    assert seeded.stats().thumbs_up == 1


@pytest.mark.parametrize(
    "custom_id", ["qabot:u999.AAAAAAAAAAAAAAAAAAAA", "qabot:" + "x" * 94, "qabot:m1.AAAA"]
)
async def test_a_malformed_button_id_is_told_it_does_not_work_rather_than_left_unanswered(
    fake_discord: FakeDiscord, custom_id: str
) -> None:
    [answer] = await fake_discord.slash("ask", question=QUESTION)

    [reply] = await fake_discord.click(answer, custom_id, forged=True)

    assert reply.ephemeral and reply.content == BROKEN_BUTTON


async def test_every_command_and_button_has_a_per_person_limit(make_bot: BotFactory) -> None:
    fake = FakeDiscord(await make_bot(action_rate_limit_per_minute=5))
    [answer] = await fake.slash("ask", question=QUESTION)
    replies = [*await fake.slash("sources"), *await fake.slash("sources")]
    for _ in range(4):
        replies += await fake.click(answer, answer.button("👍"))

    limited = [r for r in replies if "faster than I can keep up with" in (r.content or "")]
    assert len(limited) == 1 and limited[0].ephemeral and replies[-1] is limited[0]
    [others] = await fake.slash("sources", member=fake.members[1])  # someone else is not held back
    assert others.embeds


LIGHTHOUSE = (
    b"<html><head><title>Varnholm lighthouse</title></head><body><article><h1>Varnholm lighthouse</h1>"
    b"<p>The Varnholm lighthouse was built in 1871 by the engineer Mara Quince, who lit it herself on "
    b"the first night of the autumn storms.</p></article></body></html>"
)


@pytest.fixture
def redirecting_site() -> Iterator[tuple[str, str]]:
    """An address on one host (127.0.0.1) that redirects to the article on another (localhost)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            port = self.server.server_address[1]
            redirected = self.path == "/go"
            self.send_response(302 if redirected else 200)
            if redirected:
                self.send_header("Location", f"http://localhost:{port}/lighthouse")
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "0" if redirected else str(len(LIGHTHOUSE)))
            self.end_headers()
            if not redirected:
                self.wfile.write(LIGHTHOUSE)

        def log_message(self, format: str, *args: object) -> None:
            pass

    with serve_http(Handler) as base:
        yield f"{base}/go", f"http://localhost:{base.rsplit(':', 1)[1]}/lighthouse"


async def test_a_page_added_by_url_is_linked_to_where_its_text_was_read(
    make_bot: BotFactory, settings: Settings, encoder: Encoder, redirecting_site: tuple[str, str]
) -> None:
    asked, read_from = redirecting_site
    service = open_service(settings.model_copy(update={"allow_private_urls": True}), encoder=encoder)
    try:
        fake = FakeDiscord(await make_bot(service=service))
        [added] = await fake.slash("kb add", permissions=MANAGE_SERVER, url=asked, id="varnholm")
        [answer] = await fake.slash("ask", question="Who built the Varnholm lighthouse?")
    finally:
        service.close()

    assert (added.content or "").startswith("Added varnholm"), added.content
    [embed] = answer.embeds
    assert "Mara Quince" in (embed.description or "")
    assert embed.url is not None and link_host(embed.url) == link_host(read_from), embed.url
