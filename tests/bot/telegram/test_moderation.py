"""Moderators change the knowledge base from Telegram; everyone else is refused and nothing changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from bot.chat import changes, uploads
from bot.chat.authority import NOT_A_MODERATOR
from bot.chat.uploads import megabytes
from bot.settings import Settings
from bot.telegram_bot.handlers import PRIVATE_HINT
from bot.telegram_bot.moderation import OWN_MESSAGE
from index.service import QAService
from tests.bot.telegram.conftest import MODERATOR_ID, RunningBot, StartBot
from tests.conftest import SEED_ID
from tests.fakes.fake_telegram import BOT_USERNAME, FakeBotApi
from tests.fakes.pages import serve_pages

LIGHTHOUSE = b"""---
title: The keeper of Skerryvane lighthouse
publisher: Northern Coast Gazette
published: 2021-03-14
url: https://gazette.example/skerryvane
---

Skerryvane lighthouse was kept for forty-one years by Margit Halvorsen, who trimmed its wick every night.

In the great storm of 1953 she rowed out alone and rescued eleven fishermen from the wrecked trawler Solvig.
"""
LIGHTHOUSE_QUESTION = "Who rescued the fishermen from the trawler Solvig?"

MARKUP_ARTICLE = (
    b'---\ntitle: "Tags & <b>brackets</b>: a </blockquote> test"\nauthor: "R&D <team>"\n'
    b"url: https://example.org/a?b=1&c=<2>\n---\n\n"
    b"The compiler rejected <b>bold</b> & <i>italic</i> tags inside a </blockquote> element, "
    b"and *stars*, _underscores_ and [brackets](links) too.\n\n"
    b"Escaping ampersands (&amp;) twice is the classic mistake "
    b'when quoting HTML snippets like <a href="x">.\n'
)


async def test_moderator_adds_a_document_and_the_next_question_is_answered_from_it(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService
) -> None:
    chat = fake_api.private_chat(MODERATOR_ID)
    await fake_api.user_uploads(
        chat, MODERATOR_ID, "skerryvane.md", LIGHTHOUSE, caption="/add author=Ingrid Solberg"
    )
    [report] = await fake_api.replies(chat)
    assert report.text.startswith("Added skerryvane")
    assert "passages" in report.text
    [event] = seeded.moderation_events(limit=1)
    assert (event.actor, event.action, event.source_id) == (f"telegram:{MODERATOR_ID}", "added", "skerryvane")

    asker = fake_api.private_chat(3001)
    await fake_api.user_sends(asker, 3001, LIGHTHOUSE_QUESTION)
    [answer] = await fake_api.replies(asker)
    assert "rescued eleven fishermen" in answer.parsed.spans("blockquote")[0]
    assert "Ingrid Solberg" in answer.text
    assert (
        "“The keeper of Skerryvane lighthouse”",
        "https://gazette.example/skerryvane",
    ) in answer.parsed.links()


async def test_an_add_still_under_way_after_a_while_says_so_before_its_report(
    telegram_bot: RunningBot, fake_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 4.5 MB add took 515 s with "typing…" alone to show for it."""
    monkeypatch.setattr(changes, "STILL_WORKING_SECONDS", 0.0)  # every add is a long one
    chat = fake_api.private_chat(MODERATOR_ID)

    await fake_api.user_uploads(chat, MODERATOR_ID, "skerryvane.md", LIGHTHOUSE, caption="/add")

    notice, report = await fake_api.replies(chat, 2)
    shown = notice.text.replace("\u2060", "")  # the name is kept from reading as a link
    assert shown.startswith("Still adding skerryvane.md: a large document takes minutes to add.")
    assert report.text.startswith("Added skerryvane")


async def test_the_report_of_an_add_with_the_longest_dotted_credits_reaches_the_moderator(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService
) -> None:
    """Each dot before a letter gets a word joiner (no credit may draw a link), so fields at their
    longest grew the report past Telegram's limit: the source was added, and the moderator told
    "Sorry, something went wrong"."""
    dotted = "a." * 150
    document = (
        f'---\ntitle: "{dotted}"\nauthor: "{dotted}"\npublisher: "{dotted}"\n'
        f'url: "https://example.org/{"p." * 1014}"\n---\n\nThe reservoir held water for the whole valley.\n'
    )
    chat = fake_api.private_chat(MODERATOR_ID)
    await fake_api.user_uploads(chat, MODERATOR_ID, "dots.md", document.encode(), caption="/add")

    [report] = await fake_api.replies(chat)
    assert report.text.startswith("Added dots") and fake_api.rejected == []
    assert "dots" in seeded.source_ids()


async def test_moderator_adds_a_replied_text_message_then_removes_it(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService
) -> None:
    group = fake_api.group_chat(-100300)
    body = LIGHTHOUSE.split(b"---\n", 2)[2].decode()
    await fake_api.user_replies_to_user(
        group, MODERATOR_ID, "/add title=Skerryvane notes author=Ingrid Solberg", body, replied_author=4000
    )
    [added] = await fake_api.replies(group)
    assert added.text.startswith('Added skerryvane-notes ("Skerryvane notes")')
    assert "skerryvane-notes" in seeded.source_ids()

    await fake_api.user_sends(group, 4001, f"@{BOT_USERNAME} {LIGHTHOUSE_QUESTION}")
    [_, answer] = await fake_api.replies(group, count=2)
    assert "Ingrid Solberg" in answer.text

    await fake_api.user_sends(group, MODERATOR_ID, "/remove skerryvane-notes")
    [*_, removed] = await fake_api.replies(group, count=3)
    assert removed.text.startswith("Removed skerryvane-notes")
    assert seeded.source_ids() == [SEED_ID]

    await fake_api.user_sends(group, 4001, f"@{BOT_USERNAME} {LIGHTHOUSE_QUESTION}")
    [*_, after] = await fake_api.replies(group, count=4)
    assert "Ingrid Solberg" not in after.text


async def test_a_replied_text_message_is_credited_to_whom_it_comes_from_and_when(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService
) -> None:
    """Added with no `author=`, such a source was quoted as "— source telegram-…": no author, place or
    date, though the message carried them. A forward from a channel credits the channel and who
    signed the post; a member's own message credits the member."""
    group = fake_api.group_chat(-100300)
    body = LIGHTHOUSE.split(b"---\n", 2)[2].decode()
    posted = dt.datetime(2024, 3, 2, 9, 30, tzinfo=dt.UTC)
    channel = {"id": -1009001, "type": "channel", "title": "Orrin News"}
    origin = {
        "type": "channel", "chat": channel, "message_id": 77, "date": int(posted.timestamp()),
        "author_signature": "Tam Reed",
    }  # fmt: skip
    await fake_api.user_replies_to_user(
        group, MODERATOR_ID, "/add", body, replied_author=4000, forward_origin=origin
    )
    await fake_api.replies(group)
    await fake_api.user_sends(group, 4001, f"@{BOT_USERNAME} {LIGHTHOUSE_QUESTION}")
    [_, answer] = await fake_api.replies(group, count=2)

    assert "Tam Reed" in answer.text and "Orrin News" in answer.text and "2 Mar 2024" in answer.text

    await fake_api.user_replies_to_user(
        group,
        MODERATOR_ID,
        "/add id=member-notes",
        "The harbour light was rebuilt in 1960.",
        replied_author=4000,
    )
    await fake_api.replies(group, count=3)
    await fake_api.user_sends(group, 4001, f"@{BOT_USERNAME} When was the harbour light rebuilt?")
    [*_, member_answer] = await fake_api.replies(group, count=4)
    assert "User 4000" in member_answer.text  # the member who wrote it, as Telegram names them


async def test_the_bots_own_answer_is_not_added_as_a_source(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService
) -> None:
    """Added, the answer was quoted again as a source of its own ("— source telegram-…"), its credit
    line lost in its text; /help's reply, added, answered "How do I ask in a group?"."""
    group = fake_api.group_chat(-100300)
    await fake_api.user_sends(group, 4001, f"@{BOT_USERNAME} {LIGHTHOUSE_QUESTION}")
    [answer] = await fake_api.replies(group)

    await fake_api.user_sends(group, MODERATOR_ID, "/add", reply_to=answer)
    [_, refused] = await fake_api.replies(group, count=2)

    assert refused.text == OWN_MESSAGE
    assert seeded.source_ids() == [SEED_ID]


async def test_a_slash_in_a_title_is_part_of_its_source_id(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService
) -> None:
    """The title named a file, so "Budget / draft" became the id "draft", and "Policy / draft" was
    then refused as taking over another source."""
    group = fake_api.group_chat(-100300)
    body = LIGHTHOUSE.split(b"---\n", 2)[2].decode()
    for title in ("Budget / draft", "Policy / draft"):
        command = f"/add title={title}"
        await fake_api.user_replies_to_user(group, MODERATOR_ID, command, body, replied_author=4000)
    first, second = await fake_api.replies(group, count=2)

    assert first.text.startswith('Added budget-draft ("Budget / draft")')
    assert second.text.startswith('Added policy-draft ("Policy / draft")')


async def test_a_message_its_author_edited_since_is_not_added_by_someone_else(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService
) -> None:
    """A stranger can swap a message's text (or file) after the moderator read it, and the reply to
    it carries the swapped version: that is not what the moderator vouched for."""
    group = fake_api.group_chat(-100300)
    body = LIGHTHOUSE.split(b"---\n", 2)[2].decode()
    await fake_api.user_replies_to_user(
        group, MODERATOR_ID, "/add title=Skerryvane notes", body, replied_author=4000, edited=True
    )
    [refused] = await fake_api.replies(group)
    assert "edited" in refused.text and "Forward it to me" in refused.text
    assert seeded.source_ids() == [SEED_ID]

    await fake_api.user_replies_to_user(  # the moderator's own edits are theirs to vouch for
        group, MODERATOR_ID, "/add title=Skerryvane notes", body, replied_author=MODERATOR_ID, edited=True
    )
    [_, added] = await fake_api.replies(group, count=2)
    assert added.text.startswith('Added skerryvane-notes ("Skerryvane notes")')


@pytest.fixture
def article_site() -> Iterator[str]:
    """An article page on 127.0.0.1 for `/add URL`."""
    page = (
        "<html><head><title>Skerryvane lighthouse</title>"
        '<meta name="author" content="Ingrid Solberg"></head><body><article>'
        "<h1>Skerryvane lighthouse</h1>"
        + "".join(f"<p>{p}</p>" for p in LIGHTHOUSE.decode().split("---\n", 2)[2].split("\n\n"))
        + "</article></body></html>"
    )
    with serve_pages({"/skerryvane": ("text/html", page.encode())}) as base:
        yield f"{base}/skerryvane"


async def test_moderator_adds_a_web_page_by_url(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot, article_site: str
) -> None:
    seeded.settings = seeded.settings.model_copy(update={"allow_private_urls": True})
    await start_bot(bot_settings, seeded)
    chat = fake_api.private_chat(MODERATOR_ID)
    await fake_api.user_sends(chat, MODERATOR_ID, f"/add {article_site} publisher=Northern Coast Gazette")
    [report] = await fake_api.replies(chat)
    assert report.text.startswith("Added"), report.text
    asker = fake_api.private_chat(3002)
    await fake_api.user_sends(asker, 3002, LIGHTHOUSE_QUESTION)
    [answer] = await fake_api.replies(asker)
    assert "rescued eleven fishermen" in answer.parsed.spans("blockquote")[0]
    assert "Northern Coast Gazette" in answer.text
    assert any(href == article_site for _, href in answer.parsed.links())


def _article(title: str, sentence: str) -> bytes:
    return f"---\ntitle: {title}\n---\n\n{sentence}\n".encode()


@pytest.mark.parametrize("caption_on", ["first", "last"])
async def test_an_album_captioned_add_adds_every_file_with_the_captions_credit(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService, caption_on: str
) -> None:
    """Only the captioned file of an album was added; the others were passed over without a word."""
    chat = fake_api.private_chat(MODERATOR_ID)
    files = [
        (
            f"album-{n}.md",
            _article(f"Harbour note {n}", f"The harbour crane number {n} was painted {colour}."),
        )
        for n, colour in enumerate(("red", "green", "blue"))
    ]
    captioned = 0 if caption_on == "first" else len(files) - 1
    for n, (name, data) in enumerate(files):
        caption = "/add author=Ines Harbour title=Ignored elsewhere" if n == captioned else None
        await fake_api.user_uploads(chat, MODERATOR_ID, name, data, caption=caption, album="album-1")

    reports = await fake_api.replies(chat, count=3)

    assert sorted(report.text.split(" ", 2)[1] for report in reports) == ["album-0", "album-1", "album-2"]
    added = {summary.source.id: summary.source for summary in seeded.sources()}
    assert {added[f"album-{n}"].author for n in range(3)} == {"Ines Harbour"}
    titles = [added[f"album-{n}"].title for n in range(3)]
    assert titles[captioned] == "Ignored elsewhere" and titles.count("Ignored elsewhere") == 1


async def test_an_album_whose_captioned_file_is_refused_still_adds_the_others(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService
) -> None:
    """The files sent before a refused captioned one got no reply and were not added; those after it were."""
    chat = fake_api.private_chat(MODERATOR_ID)
    await fake_api.user_uploads(chat, MODERATOR_ID, "first.md", _article("First", "One."), album="a2")
    await fake_api.user_uploads(chat, MODERATOR_ID, "photo.png", b"\x89PNG", caption="/add", album="a2")
    await fake_api.user_uploads(chat, MODERATOR_ID, "third.md", _article("Third", "Three."), album="a2")

    replies = sorted(reply.text for reply in await fake_api.replies(chat, count=3))

    assert replies[0].startswith("Added first") and replies[1].startswith("Added third")
    assert "photo.png" in replies[2]
    assert {"first", "third"} <= {summary.source.id for summary in seeded.sources()}


async def test_a_strangers_album_is_not_added_file_by_file(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService
) -> None:
    before = seeded.sources()
    chat = fake_api.private_chat(5003)
    await fake_api.user_uploads(chat, 5003, "a.md", _article("A", "Alpha text."), caption="/add", album="x")
    await fake_api.user_uploads(chat, 5003, "b.md", _article("B", "Beta text."), album="x")

    replies = {reply.text for reply in await fake_api.replies(chat, count=2)}

    assert replies == {NOT_A_MODERATOR, PRIVATE_HINT}  # its file is no moderator's /add: the hint
    assert seeded.sources() == before and "getFile" not in fake_api.calls


async def test_non_moderators_are_refused_and_nothing_changes(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService
) -> None:
    before = seeded.sources()
    events_before = len(seeded.moderation_events())
    private = fake_api.private_chat(5001)
    await fake_api.user_uploads(private, 5001, "skerryvane.md", LIGHTHOUSE, caption="/add")
    await fake_api.user_sends(private, 5001, "/add https://example.org/article")
    await fake_api.user_sends(private, 5001, f"/remove {SEED_ID}")
    group = fake_api.group_chat(-100400)
    await fake_api.user_replies_to_user(group, 5002, "/add", LIGHTHOUSE.decode(), replied_author=MODERATOR_ID)
    await fake_api.user_sends(group, 5002, f"/remove@{BOT_USERNAME} {SEED_ID}")

    replies = [*await fake_api.replies(private, count=3), *await fake_api.replies(group, count=2)]
    assert all(r.text.startswith(NOT_A_MODERATOR) for r in replies), [r.text for r in replies]
    assert seeded.sources() == before
    assert len(seeded.moderation_events()) == events_before
    assert "getFile" not in fake_api.calls  # the upload was not even downloaded


async def test_group_admins_moderate_only_when_the_setting_allows_it(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot
) -> None:
    home = {"telegram_admins_moderate": True, "telegram_home_chats": frozenset({-100500})}
    await start_bot(bot_settings.model_copy(update=home), seeded)
    group = fake_api.group_chat(-100500)
    fake_api.chat_member_status[(group.id, 6001)] = "administrator"
    await fake_api.user_sends(group, 6002, f"/remove {SEED_ID}")  # a plain member
    await fake_api.user_sends(group, 6001, f"/remove {SEED_ID}")  # an administrator
    await fake_api.replies(group, count=2)
    texts = sorted(m.text for m in fake_api.sent_to(group))
    assert texts[0].startswith(NOT_A_MODERATOR)
    assert texts[1].startswith(f"Removed {SEED_ID}")
    assert seeded.source_ids() == []


@pytest.mark.parametrize(
    ("filename", "data", "expected"),
    [
        ("huge.md", b"word " * (1_200_000), "too large"),
        ("binary.md", b"\x00\x01\x02PK\x03\x04" * 100, "binary"),
        ("archive.zip", b"PK\x03\x04" + b"\x00" * 200, "not a supported file"),
        ("latin1.txt", "Café crème, s'il vous plaît".encode("latin-1"), "not UTF-8"),
        ("front.md", b"---\ntitle: [unclosed\n---\nBody text here.\n", "front matter"),
    ],
)
async def test_unusable_uploads_get_a_clear_reply_and_nothing_is_stored(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService, filename: str, data: bytes,
    expected: str,
) -> None:  # fmt: skip
    events_before = len(seeded.moderation_events())
    chat = fake_api.private_chat(MODERATOR_ID)
    await fake_api.user_uploads(chat, MODERATOR_ID, filename, data, caption="/add")
    [reply] = await fake_api.replies(chat)
    assert expected in reply.text
    assert seeded.source_ids() == [SEED_ID]
    assert len(seeded.moderation_events()) == events_before


async def test_a_file_of_unknown_size_is_refused_without_downloading_it(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService
) -> None:
    """A local Bot API server serves files of up to 2 GB: one whose size is not given had no bound."""
    chat = fake_api.private_chat(MODERATOR_ID)
    data = b"word " * 1000
    await fake_api.user_uploads(chat, MODERATOR_ID, "big.txt", data, caption="/add", size_unsaid=True)
    [reply] = await fake_api.replies(chat)

    assert "how large" in reply.text
    assert fake_api.downloads == [] and seeded.source_ids() == [SEED_ID]


async def test_a_file_telegram_will_not_give_gets_a_message_not_an_apology(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService
) -> None:
    """The Bot API refuses getFile over 20 MB ("file is too big"): the sender's to know, not a bug."""
    fake_api.inject("getFile", 400, description="Bad Request: file is too big")
    chat = fake_api.private_chat(MODERATOR_ID)
    data = b"word " * 100
    await fake_api.user_uploads(chat, MODERATOR_ID, "huge.txt", data, caption="/add", size_unsaid=True)
    [reply] = await fake_api.replies(chat)

    assert reply.text == "I could not download huge.txt from Telegram; try again."
    assert seeded.source_ids() == [SEED_ID]


@pytest.mark.parametrize("chunked", [False, True])
async def test_a_download_larger_than_telegram_said_is_given_up_at_the_cap(
    bot_settings: Settings, start_bot: StartBot, fake_api: FakeBotApi, seeded: QAService, chunked: bool
) -> None:
    """The size checked is the one Telegram says; a server that sends more had all of it held in memory
    (a local Bot API server serves up to 2 GB). Without a Content-Length, only the bytes tell."""
    most = 200_000
    await start_bot(bot_settings.model_copy(update={"max_upload_bytes": most}), seeded)
    fake_api.chunked_downloads = chunked
    chat = fake_api.private_chat(MODERATOR_ID)
    data = b"word " * (100 * most // 5)  # a hundred times the cap
    await fake_api.user_uploads(chat, MODERATOR_ID, "liar.txt", data, caption="/add", size_said=1000)
    [reply] = await fake_api.replies(chat)

    assert reply.text == f"liar.txt is larger than Telegram said (over {megabytes(most)})."
    assert seeded.source_ids() == [SEED_ID]
    if chunked:  # the download stopped soon after the cap (and the sockets' buffers), not at the end
        assert fake_api.bytes_served < len(data) // 2


async def test_a_download_that_trickles_in_is_given_up_with_a_message(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uploads, "DOWNLOAD_SECONDS", 0.5)
    fake_api.download_delay = 30
    chat = fake_api.private_chat(MODERATOR_ID)
    await fake_api.user_uploads(chat, MODERATOR_ID, "skerryvane.md", LIGHTHOUSE, caption="/add")
    [reply] = await fake_api.replies(chat)

    assert "took too long" in reply.text
    assert seeded.source_ids() == [SEED_ID]


@pytest.mark.parametrize(
    ("command", "caption"),
    [("/remove " + "x" * 4088, None), (None, "/add published=" + "\u200b" * 1000)],
    ids=["remove-a-4k-id", "add-with-a-4k-date"],
)
async def test_an_error_about_a_huge_argument_still_reaches_the_moderator(
    telegram_bot: RunningBot,
    fake_api: FakeBotApi,
    seeded: QAService,
    command: str | None,
    caption: str | None,
) -> None:
    """Telegram refuses a message over 4,096 characters: an error echoing the argument must fit."""
    chat = fake_api.private_chat(MODERATOR_ID)
    if command is not None:
        await fake_api.user_sends(chat, MODERATOR_ID, command)
    else:
        await fake_api.user_uploads(
            chat, MODERATOR_ID, "note.md", b"# Note\n\nSome text to quote.", caption=caption
        )
    [reply] = await fake_api.replies(chat)
    assert "no source with the id" in reply.text or "Cannot read the date" in reply.text
    assert len(reply.text) < 300
    assert seeded.source_ids() == [SEED_ID]


async def test_a_document_captioned_for_another_bot_in_a_private_chat_is_not_added_and_says_so(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService
) -> None:
    """A private chat has no other bot to address: the document got no reply at all, and its sender
    waited for an add that never came (in a group, it is the other bot's)."""
    chat, group = fake_api.private_chat(MODERATOR_ID), fake_api.group_chat(-100_5300)
    await fake_api.user_uploads(group, MODERATOR_ID, "note.md", b"# Note\n\nText.", caption="/add@other_bot")
    await fake_api.user_uploads(chat, MODERATOR_ID, "note.md", b"# Note\n\nText.", caption="/add@other_bot")
    [reply] = await fake_api.replies(chat)

    assert "I don't know that command" in reply.text
    assert fake_api.sent_to(group) == [] and seeded.source_ids() == [SEED_ID]


async def test_an_article_full_of_markup_is_quoted_without_parse_errors(
    telegram_bot: RunningBot, fake_api: FakeBotApi
) -> None:
    chat = fake_api.private_chat(MODERATOR_ID)
    # Plain text, whose tags are its words (in Markdown they would be markup, not quoted).
    await fake_api.user_uploads(chat, MODERATOR_ID, "markup.txt", MARKUP_ARTICLE, caption="/add")
    await fake_api.replies(chat)
    await fake_api.user_sends(
        chat, MODERATOR_ID, "Which tags did the compiler reject inside a blockquote element?"
    )
    [_, answer] = await fake_api.replies(chat, count=2)
    assert fake_api.rejected == []
    [quote] = answer.parsed.spans("blockquote")
    assert "<b>bold</b> & <i>italic</i> tags inside a </blockquote> element" in quote
    assert "R&D <team>" in answer.text
    # The link's "<" and ">" were percent-encoded when it was added.
    assert ("“Tags & <b>brackets</b>: a </blockquote> test”", "https://example.org/a?b=1&c=%3C2%3E") in (
        answer.parsed.links()
    )

    await fake_api.user_sends(chat, MODERATOR_ID, "/sources")
    [*_, sources] = await fake_api.replies(chat, count=3)
    assert "Tags & <b>brackets</b>: a </blockquote> test" in sources.text
    assert fake_api.rejected == []


async def test_a_source_with_enormous_metadata_still_fits_in_one_message(
    telegram_bot: RunningBot, fake_api: FakeBotApi
) -> None:
    title = "A very long title & <more> " * 150
    author = "Author, co-author & <friends> " * 150
    article = (
        f'---\ntitle: "{title.strip()}"\nauthor: "{author.strip()}"\nurl: https://example.org/long\n---\n\n'
        "The Skerryvane foghorn sounded for ninety seconds every three minutes during the storm.\n"
    ).encode()
    chat = fake_api.private_chat(MODERATOR_ID)
    await fake_api.user_uploads(chat, MODERATOR_ID, "long.md", article, caption="/add id=long-metadata")
    await fake_api.replies(chat)
    await fake_api.user_sends(chat, MODERATOR_ID, "How often did the Skerryvane foghorn sound?")
    [_, answer] = await fake_api.replies(chat, count=2)
    await fake_api.user_sends(chat, MODERATOR_ID, "/sources")
    [*_, sources] = await fake_api.replies(chat, count=3)
    assert fake_api.rejected == []  # the fake server refuses anything over 4,096 characters
    assert "ninety seconds" in answer.parsed.spans("blockquote")[0]
    assert "A very long title & <more>" in answer.text and "long-metadata" in sources.text
