"""/sources for everyone; /kb add and /kb remove for moderators only, with clear private errors."""

from __future__ import annotations

import asyncio
import logging
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import discord
import discord.ext.test as dpytest
import pytest

from bot.chat import changes
from bot.chat.authority import NOT_A_MODERATOR, Grant
from bot.chat.changes import MODERATORS_MAX_WAITING
from bot.chat.rate_limit import LOOKUPS_PER_MINUTE
from bot.chat.uploads import megabytes
from bot.discord_bot.knowledge_base import QUEUED
from bot.discord_bot.render import (
    EMBED_FIELD_VALUE_LIMIT,
    EMBED_TITLE_LIMIT,
    EMBED_TOTAL_LIMIT,
    SOURCES_PER_PAGE,
)
from bot.settings import Settings
from index.model.encoder import Encoder
from index.service import QAService
from index.visibility import EVERYWHERE
from tests.bot.discord.conftest import BotFactory, make_role, use_settings
from tests.bot.discord.test_questions import field
from tests.conftest import SEED_ID
from tests.fakes.fake_discord import FakeDiscord
from tests.fakes.pages import serve_pages
from tests.support import open_service

MANAGE_SERVER = discord.Permissions(manage_guild=True, send_messages=True)
LIGHTHOUSE = """\
# The Varnholm lighthouse

The Varnholm lighthouse was built in 1887 by the engineer Mara Quince, who designed its spiral stair
from salvaged ship timber. Its lamp burned whale oil until 1921, when it was converted to electricity.

Keepers lived at the lighthouse until 1974. Since then it has been automated and maintained by the
coastal authority, which opens the tower to visitors every summer.
"""


def article(tmp_path: Path, name: str = "varnholm.md", text: str = LIGHTHOUSE) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


async def test_sources_lists_title_author_publisher_date_link_and_passages(
    fake_discord: FakeDiscord, seeded: QAService
) -> None:
    [summary] = seeded.sources()

    [reply] = await fake_discord.slash("sources")

    [embed] = reply.embeds
    [item] = embed.fields
    info = summary.source
    assert item.name == info.title
    for part in (
        info.id,
        f"{summary.passages} passages",
        info.author,
        info.publisher,
        info.published_label(),
    ):
        assert part and part in str(item.value)
    assert info.url and info.url in str(item.value)
    assert reply.custom_ids() == []  # one page: no paging buttons


async def test_a_long_source_list_is_paged_with_buttons(fake_discord: FakeDiscord, seeded: QAService) -> None:
    for n in range(SOURCES_PER_PAGE):
        seeded.add_bytes(f"# Note {n}\n\nShort note number {n}.".encode(), f"note-{n}.md", "test")
    total = len(seeded.sources())

    [first] = await fake_discord.slash("sources")
    assert len(first.embeds[0].fields) == SOURCES_PER_PAGE
    [second] = await fake_discord.click(first, first.button("Next"))

    assert len(second.embeds[0].fields) == total - SOURCES_PER_PAGE
    assert second.embeds[0].footer.text == "Page 2 of 2"
    shown = {str(f.value).split("`")[1] for f in first.embeds[0].fields + second.embeds[0].fields}
    assert shown == set(seeded.source_ids())


async def test_sources_opens_at_the_page_asked_for(fake_discord: FakeDiscord, seeded: QAService) -> None:
    for n in range(SOURCES_PER_PAGE):
        seeded.add_bytes(f"# Note {n}\n\nShort note number {n}.".encode(), f"note-{n}.md", "test")

    [second] = await fake_discord.slash("sources", page=2)
    [past_the_end] = await fake_discord.slash("sources", page=9)

    assert second.embeds[0].footer.text == "Page 2 of 2"
    assert past_the_end.embeds[0].footer.text == "Page 2 of 2"  # the last there is


async def test_a_moderator_adds_an_attachment_and_it_answers_from_it_at_once(
    fake_discord: FakeDiscord, seeded: QAService, tmp_path: Path
) -> None:
    moderator = fake_discord.members[1]
    upload = fake_discord.attachment(article(tmp_path))

    [added] = await fake_discord.slash(
        "kb add",
        member=moderator,
        permissions=MANAGE_SERVER,
        attachments={"file": upload},
        author="Ines Harrow",
        publisher="Coastal Gazette",
        published="2023-06-01",
        url="https://example.org/varnholm",
    )

    assert added.ephemeral and (added.content or "").startswith("Added varnholm")
    assert "only" not in (added.content or "")  # the shared knowledge base: answered everywhere
    [event] = seeded.moderation_events(limit=1)
    assert (event.actor, event.action, event.source_id) == (f"discord:{moderator.id}", "added", "varnholm")

    [answer] = await fake_discord.slash("ask", question="Who built the Varnholm lighthouse?")
    [embed] = answer.embeds
    assert embed.title == "The Varnholm lighthouse"
    assert embed.url == "https://example.org/varnholm"
    assert "Mara Quince" in (embed.description or "")
    assert field(embed, "Author") == "Ines Harrow"
    assert field(embed, "Published") == "1 Jun 2023"


async def with_librarian(make_bot: BotFactory) -> tuple[FakeDiscord, discord.Member]:
    """A bot whose moderators are the server's Librarians role, and a member holding it."""
    bot = await make_bot()
    fake_discord = FakeDiscord(bot)
    librarian = fake_discord.members[1]
    role = make_role(fake_discord.guild, "Librarians")
    await dpytest.add_role(librarian, role)
    use_settings(bot, discord_moderator_role_id=role.id)
    return fake_discord, librarian


async def test_a_moderator_by_role_removes_a_source_picked_by_autocomplete(
    make_bot: BotFactory, seeded: QAService
) -> None:
    fake_discord, librarian = await with_librarian(make_bot)

    choices = await fake_discord.autocomplete("kb remove", "source_id", SEED_ID[:6], member=librarian)
    assert SEED_ID in choices

    [removed] = await fake_discord.slash("kb remove", member=librarian, source_id=SEED_ID)

    assert removed.ephemeral and (removed.content or "").startswith(f"Removed {SEED_ID}")
    assert seeded.source_ids() == []
    [answer] = await fake_discord.slash("ask", question="Why won't Lukashenko send troops to Ukraine?")
    assert "/sources" in (answer.content or "")  # answered from the change at once: nothing left to quote


async def test_suggestions_stop_past_their_budget_and_leave_changes_possible(
    make_bot: BotFactory, seeded: QAService
) -> None:
    fake_discord, librarian = await with_librarian(make_bot)

    offered = [
        await fake_discord.autocomplete("kb remove", "source_id", SEED_ID[: 1 + n % 6], member=librarian)
        for n in range(LOOKUPS_PER_MINUTE + 5)
    ]

    assert all(SEED_ID in choices for choices in offered[:LOOKUPS_PER_MINUTE])
    assert offered[LOOKUPS_PER_MINUTE:] == [[]] * 5  # each keystroke past the budget costs no query
    [removed] = await fake_discord.slash("kb remove", member=librarian, source_id=SEED_ID)
    assert (removed.content or "").startswith(f"Removed {SEED_ID}")


async def test_everyone_else_is_refused_privately_and_nothing_changes(
    fake_discord: FakeDiscord, seeded: QAService, tmp_path: Path
) -> None:
    before, events_before = seeded.source_ids(), len(seeded.moderation_events())
    upload = fake_discord.attachment(article(tmp_path))

    [refused_add] = await fake_discord.slash("kb add", attachments={"file": upload})
    [refused_remove] = await fake_discord.slash("kb remove", source_id=SEED_ID)
    [refused_in_dm] = await fake_discord.slash("kb remove", source_id=SEED_ID, in_dm=True)

    assert refused_add.ephemeral and (refused_add.content or "").startswith(NOT_A_MODERATOR)
    assert refused_remove.ephemeral and (refused_remove.content or "").startswith(NOT_A_MODERATOR)
    assert refused_in_dm.ephemeral
    assert seeded.source_ids() == before
    assert len(seeded.moderation_events()) == events_before


async def test_binary_oversized_and_unreadable_files_get_a_clear_private_error(
    fake_discord: FakeDiscord, seeded: QAService, tmp_path: Path
) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.7 ...")
    bad_front_matter = article(tmp_path, "broken.md", "---\ntitle: [unclosed\n---\n\nSome text.\n")
    fine = article(tmp_path)
    events_before = len(seeded.moderation_events())

    async def add(upload: dict[str, Any], published: str = "2020-01-01") -> str:
        [reply] = await fake_discord.slash(
            "kb add", permissions=MANAGE_SERVER, attachments={"file": upload}, published=published
        )
        assert reply.ephemeral
        return reply.content or ""

    assert "binary" in await add(fake_discord.attachment(binary))
    assert ".md" in await add(fake_discord.attachment(pdf))
    assert "too large" in await add(fake_discord.attachment(fine, size=seeded.settings.max_upload_bytes + 1))
    assert "front matter" in await add(fake_discord.attachment(bad_front_matter))
    assert "YYYY-MM-DD" in await add(fake_discord.attachment(fine), published="last Tuesday")
    [no_file] = await fake_discord.slash("kb add", permissions=MANAGE_SERVER)
    assert no_file.ephemeral and "url" in (no_file.content or "")
    assert seeded.source_ids() == [SEED_ID]
    assert len(seeded.moderation_events()) == events_before


@pytest.mark.parametrize("chunked", [False, True])
async def test_a_file_larger_than_discord_said_is_given_up_at_the_cap(
    make_bot: BotFactory, seeded: QAService, tmp_path: Path, chunked: bool
) -> None:
    """The size checked is the one Discord says; discord.py's `Attachment.read` held the whole body,
    whatever the server sent. Without a Content-Length, only the bytes tell."""
    most = 200_000
    fake = FakeDiscord(await make_bot(max_upload_bytes=most))
    liar = tmp_path / "liar.txt"
    liar.write_bytes(b"word " * (100 * most // 5))  # a hundred times the cap
    upload = fake.attachment(liar, size=1000, chunked=chunked)

    [reply] = await fake.slash("kb add", permissions=MANAGE_SERVER, attachments={"file": upload})

    assert reply.ephemeral
    assert reply.content == f"liar.txt is larger than Discord said (over {megabytes(most)})."
    assert seeded.source_ids() == [SEED_ID]
    if chunked:  # the download stopped soon after the cap (and the sockets' buffers), not at the end
        assert fake.served["liar.txt"].bytes_sent < len(fake.served["liar.txt"].data) // 2


async def test_a_compressed_file_is_refused_without_being_inflated(
    make_bot: BotFactory, seeded: QAService, tmp_path: Path
) -> None:
    """Inflated, 64 KB of gzip sent would be 64 MB held before a byte of them could be counted."""
    fake = FakeDiscord(await make_bot(max_upload_bytes=200_000))
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip
    bomb = tmp_path / "bomb.txt"
    bomb.write_bytes(b"".join(compressor.compress(bytes(1 << 20)) for _ in range(64)) + compressor.flush())
    upload = fake.attachment(bomb)
    fake.served["bomb.txt"].headers = {"Content-Encoding": "gzip"}

    [reply] = await fake.slash("kb add", permissions=MANAGE_SERVER, attachments={"file": upload})

    assert reply.content == "Discord sent bomb.txt encoded as 'gzip'; please send it again."
    assert seeded.source_ids() == [SEED_ID]


@pytest.mark.parametrize("answer", ["deleted", "redirected"])
async def test_a_file_the_cdn_does_not_serve_is_reported_as_not_downloaded(
    fake_discord: FakeDiscord, seeded: QAService, tmp_path: Path, answer: str
) -> None:
    """A redirect is not followed: the address is Discord's, and where it leads is not checked."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    moved_to = fake_discord.attachment(article(elsewhere, "other.md"))
    upload = fake_discord.attachment(article(tmp_path), redirect=moved_to["url"])
    if answer == "deleted":
        upload |= {"url": upload["url"] + "-deleted"}

    [reply] = await fake_discord.slash("kb add", permissions=MANAGE_SERVER, attachments={"file": upload})

    assert reply.ephemeral
    assert reply.content == f"I could not download {upload['filename']} from Discord; try again."
    assert seeded.source_ids() == [SEED_ID]
    assert fake_discord.served["other.md"].downloads == 0


async def test_a_refusal_naming_a_stored_title_shows_it_as_written(
    fake_discord: FakeDiscord, seeded: QAService, tmp_path: Path
) -> None:
    """The title is anyone's writing: the refusal rendered its Markdown, masked link included."""
    title = "Cape Zork [click here](https://evil.example)"
    seeded.add_bytes(
        f"---\nid: zork\ntitle: {title}\n---\nThe cape has a lighthouse.\n".encode(), "zork.md", "cli"
    )

    [refused] = await fake_discord.slash(
        "kb add",
        permissions=MANAGE_SERVER,
        attachments={"file": fake_discord.attachment(article(tmp_path))},
        id="zork",
    )

    content = refused.content or ""
    assert refused.ephemeral and "already belongs to" in content
    assert "\\[click here](https://evil.example)" in content  # shown as written: no masked link


async def test_removing_an_unknown_source_says_so(fake_discord: FakeDiscord, seeded: QAService) -> None:
    [reply] = await fake_discord.slash("kb remove", permissions=MANAGE_SERVER, source_id="no-such-source")

    assert reply.ephemeral and "no-such-source" in (reply.content or "")
    assert seeded.source_ids() == [SEED_ID]


LIGHTHOUSE_PAGE = f"""<!doctype html>
<html><head><title>The Varnholm lighthouse</title>
<meta name="author" content="Ines Harrow"></head>
<body><article><h1>The Varnholm lighthouse</h1>
{"".join(f"<p>{p}</p>" for p in LIGHTHOUSE.split(chr(10) * 2)[1:])}
</article></body></html>"""


@pytest.fixture
def lighthouse_page() -> Iterator[str]:
    with serve_pages({"/varnholm": ("text/html", LIGHTHOUSE_PAGE.encode())}) as base:
        yield f"{base}/varnholm"


async def test_a_moderator_adds_a_web_page_by_url(
    make_bot: BotFactory, settings: Settings, encoder: Encoder, lighthouse_page: str
) -> None:
    intranet = open_service(settings.model_copy(update={"allow_private_urls": True}), encoder=encoder)
    fake_discord = FakeDiscord(await make_bot(service=intranet))

    [added] = await fake_discord.slash(
        "kb add", permissions=MANAGE_SERVER, url=lighthouse_page, publisher="Coastal Gazette", id="lighthouse"
    )

    assert added.ephemeral and (added.content or "").startswith("Added lighthouse")
    [answer] = await fake_discord.slash("ask", question="Who built the Varnholm lighthouse?")
    [embed] = answer.embeds
    assert embed.url == lighthouse_page
    assert "Mara Quince" in (embed.description or "")
    assert field(embed, "Publisher") == "Coastal Gazette"
    intranet.close()


async def test_a_url_inside_the_private_network_is_refused(
    fake_discord: FakeDiscord, seeded: QAService, lighthouse_page: str
) -> None:
    [refused] = await fake_discord.slash("kb add", permissions=MANAGE_SERVER, url=lighthouse_page)

    assert refused.ephemeral and "127.0.0.1" in (refused.content or "")
    assert seeded.source_ids() == [SEED_ID]


async def test_an_answer_from_a_source_with_huge_metadata_still_fits_discord(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    upload = fake_discord.attachment(article(tmp_path))
    await fake_discord.slash(
        "kb add",
        permissions=MANAGE_SERVER,
        attachments={"file": upload},
        title="The Varnholm lighthouse, " * 40,
        author="Ines Harrow and colleagues, " * 80,
        publisher="Coastal Gazette " * 100,
    )

    [answer] = await fake_discord.slash("ask", question="Who built the Varnholm lighthouse?")

    [embed] = answer.embeds
    assert "Mara Quince" in (embed.description or "")
    assert len(embed.title or "") <= EMBED_TITLE_LIMIT
    assert all(len(str(f.value)) <= EMBED_FIELD_VALUE_LIMIT for f in embed.fields)
    assert len(embed) <= EMBED_TOTAL_LIMIT


async def test_a_community_source_with_a_long_title_is_still_offered_for_removal(
    make_bot: BotFactory, seeded: QAService, tmp_path: Path
) -> None:
    """A community's id is the server's prefix (28 characters) before the title's slug (up to 80):
    Discord refuses every suggestion when one is over 100 characters, and `/kb remove` offered none.
    It is offered without the prefix, and removes the source."""
    fake = FakeDiscord(await make_bot(home=False, community_collections=True))
    admin = fake.members[0]
    headline = "How the Varnholm lighthouse keepers rescued eleven fishermen from the trawler Solvig in 1901"
    article = tmp_path / f"{headline}.md"
    article.write_text("The keepers rowed out in the storm of 1901.\n", encoding="utf-8")
    [added] = await fake.slash(
        "kb add", member=admin, permissions=MANAGE_SERVER, attachments={"file": fake.attachment(article)}
    )
    assert (added.content or "").startswith("Added"), added.content

    offered = await fake.autocomplete("kb remove", "source_id", "", member=admin, permissions=MANAGE_SERVER)

    assert len(offered) == 1 and offered[0].startswith("how-the-varnholm-lighthouse-keepers-")
    [removed] = await fake.slash("kb remove", member=admin, permissions=MANAGE_SERVER, source_id=offered[0])
    assert (removed.content or "").startswith("Removed"), removed.content
    assert not [i for i in seeded.source_ids(EVERYWHERE) if "varnholm" in i]


async def test_a_change_reported_past_the_interactions_15_minutes_reaches_the_moderator_in_a_dm(
    fake_discord: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A change queued behind long ones ends past the token's 15 minutes: its report was logged as a
    bug, and an apology was tried through the same dead token."""
    fake_discord.api.follow_ups_expired = True
    attachment = fake_discord.attachment(article(tmp_path))

    await fake_discord.slash("kb add", permissions=MANAGE_SERVER, attachments={"file": attachment})

    report = dpytest.get_message()
    assert isinstance(report.channel, discord.DMChannel) and "Added varnholm" in report.content
    assert report.content.startswith(f"In {fake_discord.guild.name}: ")  # the DM says which server
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


async def test_a_report_in_a_dm_names_a_server_the_bot_has_no_record_of_by_its_id(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    """The bot removed from the server while the change waited: the DM began "In : Added …"."""
    fake_discord.api.follow_ups_expired = True
    fake_discord.guild.name = ""  # discord.py's stand-in for a server it no longer has
    attachment = fake_discord.attachment(article(tmp_path))

    await fake_discord.slash("kb add", permissions=MANAGE_SERVER, attachments={"file": attachment})

    report = dpytest.get_message()
    assert report.content.startswith(f"In server {fake_discord.guild.id}: Added varnholm"), report.content


async def test_a_change_refused_past_the_interactions_15_minutes_is_told_in_a_dm(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    fake_discord.api.follow_ups_expired = True
    attachment = fake_discord.attachment(article(tmp_path, "empty.md", ""))

    await fake_discord.slash("kb add", permissions=MANAGE_SERVER, attachments={"file": attachment})

    refusal = dpytest.get_message()
    assert isinstance(refusal.channel, discord.DMChannel) and "empty" in refusal.content


async def test_a_change_behind_another_says_so_at_once(
    fake_discord: FakeDiscord, seeded: QAService, tmp_path: Path
) -> None:
    """The moderator saw "thinking…" alone for the 441 s of a 5 MB add before theirs."""
    adding, release = threading.Event(), threading.Event()

    def long_add() -> None:
        adding.set()
        release.wait(timeout=30)

    grant = Grant("discord:77", None)
    other = asyncio.create_task(fake_discord.bot.chat.changes.run(grant, long_add))
    await asyncio.to_thread(adding.wait, 5)
    attachment = fake_discord.attachment(article(tmp_path))
    asking = asyncio.create_task(
        fake_discord.slash("kb add", permissions=MANAGE_SERVER, attachments={"file": attachment})
    )
    await asyncio.sleep(0.5)
    release.set()
    notice, report = await asyncio.wait_for(asking, 30)
    await other

    assert notice.content == QUEUED and notice.ephemeral
    assert report.content is not None and report.content.startswith("Added varnholm")


async def test_an_add_still_under_way_after_a_while_says_so_before_its_report(
    fake_discord: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 4.5 MB add took 515 s with "thinking…" alone to show for it."""
    monkeypatch.setattr(changes, "STILL_WORKING_SECONDS", 0.0)  # every add is a long one
    attachment = fake_discord.attachment(article(tmp_path))

    notice, report = await fake_discord.slash(
        "kb add", permissions=MANAGE_SERVER, attachments={"file": attachment}
    )

    assert notice.ephemeral and (notice.content or "").replace("\u2060", "") == (  # a name is no link
        "Still adding varnholm.md: a large document takes minutes to add. I'll report when it is done."
    )
    assert report.content is not None and report.content.startswith("Added varnholm")


async def test_a_change_the_queue_refuses_is_not_first_told_it_will_run(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    """The queue's notice went out before the queue refused the change, so both were said at once."""
    release = threading.Event()
    held = [
        asyncio.create_task(fake_discord.bot.chat.changes.run(Grant(f"discord:{n}", None), release.wait, 30))
        for n in range(MODERATORS_MAX_WAITING)
    ]
    await asyncio.sleep(0.1)
    attachment = fake_discord.attachment(article(tmp_path))

    replies = await fake_discord.slash("kb add", permissions=MANAGE_SERVER, attachments={"file": attachment})
    release.set()
    await asyncio.gather(*held)

    assert [reply.content for reply in replies] == [
        f"I'm busy with other changes to my sources ({MODERATORS_MAX_WAITING} in line); send this one "
        "again once they are done."
    ]
