"""Careless and hostile input through the chat adapters: a clear reply, and the knowledge base unchanged.

The same table of questions and of uploads goes through Telegram (python-telegram-bot against the fake
Bot API) and Discord (dpytest and interaction payloads). Every case checks the reply the person sees
and that the knowledge base (sources, content hashes, passage counts, change revision) is as before; on
Discord every message sent must not ping (`allowed_mentions` with nothing to parse). Cases run as
subtests of one bot per adapter and table, so the bot starts a few times, not a hundred.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
import discord.ext.test as dpytest
import pytest

from bot.chat.refusals import NEAR_MISS
from bot.discord_bot.app import create_bot
from bot.discord_bot.render import NOT_FOUND as DISCORD_NOT_FOUND
from bot.settings import Settings
from bot.telegram_bot.moderation import ADD_USAGE
from bot.telegram_bot.render import NOT_FOUND as TELEGRAM_NOT_FOUND
from index.service import QAService
from tests.bot.discord import conftest as discord_fixtures
from tests.bot.discord.conftest import BotFactory
from tests.bot.discord.test_render import visible
from tests.bot.telegram import conftest as telegram_fixtures
from tests.bot.telegram.conftest import HOME_GROUP, MODERATOR_ID, StartBot
from tests.conftest import KNOWLEDGE, SEED_ID
from tests.fakes.fake_discord import FakeDiscord
from tests.fakes.fake_telegram import BOT_USERNAME, Chat, FakeBotApi, telegram_entities
from tests.reliability.conftest import kb_state

# The other suites' fixtures, under their own names (pytest registers them by those).
bot_settings = telegram_fixtures.bot_settings
start_bot = telegram_fixtures.start_bot
make_bot = discord_fixtures.make_bot

SEED_TEXT = (KNOWLEDGE / f"{SEED_ID}.md").read_text(encoding="utf-8")
TROOPS = "Why won't Lukashenko send troops to Ukraine?"
MANAGE_SERVER = discord.Permissions(manage_guild=True, send_messages=True)
FIFTY_MB = 50 * 1024 * 1024
GOOD_ARTICLE = b"---\ntitle: Travelling light\n---\n\nA paragraph about packing for a long walk.\n"


@dataclass(frozen=True)
class Question:
    """A question as typed; `expect` is a fragment of the refusal, or "answer" (quotes the bundled
    article about Lukashenko) or "any" (an answer from the article, or the honest "not found")."""

    id: str
    text: str
    expect: str


QUESTIONS = [
    Question("whitespace", "  \t  ", "empty"),
    Question("unicode-spaces", "\u3000\u2003\u00a0", "empty"),
    Question("only-nul-bytes", "\x00\x00\x00", "empty"),
    Question("only-control-chars", "\x01\x02\x1b", "empty"),
    Question("100-kb-message", "Why? " * 20_480, "too long"),
    Question("nul-inside", TROOPS.replace(" send", "\x00 send"), "answer"),
    Question("control-chars-inside", TROOPS.replace(" send", "\x07\x1b[31m send"), "answer"),
    Question("lone-surrogate", TROOPS.replace("Why", "Why \ud83e"), "answer"),
    Question("html-injection", TROOPS.replace("Lukashenko", "<b>Lukashenko</b></blockquote>"), "answer"),
    Question("markdown-injection", f"*_[{TROOPS}]()~`", "answer"),
    Question("everyone-in-question", f"@everyone {TROOPS}", "answer"),
    Question("role-mention-in-question", f"<@&123456789> {TROOPS}", "answer"),
    Question("rtl-override", "\u202e" + TROOPS, "answer"),
    Question("arabic-rtl", "لماذا لا يرسل لوكاشينكو قوات إلى أوكرانيا؟", "any"),
    Question("cjk", "卢卡申科为什么不派兵去乌克兰？", "any"),
    Question("emoji-sequences", "🤔🇺🇦👨‍👩‍👧", "quoting my sources"),  # how to ask: nothing to search
    Question("combining-zalgo", "Z̸̢̛a̵l̶g̷o̴ ̸L̶u̵k̶a̴s̵h̸e̷n̷k̵o̴", "any"),
    Question("only-everyone", "@everyone", "any"),
    Question("only-role-mention", "<@&123456789>", "any"),
    Question("html-closing-tags", "</blockquote></b><a href='x'>", "any"),
]


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.md", "---\ntitle: Zipped\n---\nSome text.\n")
    return buffer.getvalue()


@dataclass(frozen=True)
class Upload:
    """A file a moderator tries to add; `size` overrides the size the platform reports (a 50 MB upload
    is refused from its announced size, before anything is downloaded)."""

    id: str
    filename: str
    data: bytes
    expect: str
    size: int | None = None


UPLOADS = [
    Upload("binary", "photo.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary"),
    Upload("zip", "archive.zip", _zip(), ".md"),
    Upload("zip-named-md", "archive.md", _zip(), "binary"),
    Upload("50-mb", "big.md", b"A line of text.\n", "too large", size=FIFTY_MB),
    Upload("wrong-extension", "paper.pdf", b"%PDF-1.7 ...", ".md"),
    Upload("non-utf8", "latin1.txt", "Café crème, déjà vu".encode("latin-1"), "not UTF-8"),
    Upload("empty-file", "empty.md", b"", "empty"),
    Upload(
        "html-without-article",
        "nav.html",
        b"<html><head><title>Nav</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
        "no article text",
    ),
    Upload("front-matter-syntax", "bad.md", b"---\ntitle: [unclosed\n---\nBody text.\n", "front matter"),
    Upload("front-matter-list", "list.md", b"---\n- a\n- b\n---\nBody text.\n", "not a mapping"),
]


def _check_answer(question: Question, quote: str | None, text: str, not_found: str) -> None:
    """The reply to an odd but legitimate question: a verbatim quote, or the honest "not found" (which
    may name the sources that came closest, quoting none)."""
    if question.expect == "answer":
        assert quote is not None and "Lukashenko" in quote, text
    if quote is None:
        assert text == not_found or text.startswith(NEAR_MISS), text
    else:
        assert quote.removeprefix("… ").removesuffix(" …") in SEED_TEXT, quote


# -- Telegram --------------------------------------------------------------------------------------


class OpaqueFilesBotApi(FakeBotApi):
    """Like Telegram, file paths are the server's own ("documents/file_7"), never the upload's name, so
    a name like `../../x.md` reaches the bot only as the document's file_name."""

    async def user_uploads(
        self, chat: Chat, user_id: int, filename: str, data: bytes, caption: str | None = None
    ) -> int:
        file_id = f"documents/file_{len(self._files)}"
        self._files[file_id] = data
        message = self._user_message(chat, user_id)
        message["document"] = {
            "file_id": file_id, "file_unique_id": file_id, "file_name": filename, "file_size": len(data),
        }  # fmt: skip
        if caption is not None:
            message["caption"] = caption
            if entities := telegram_entities(caption):
                message["caption_entities"] = entities
        await self._push({"message": message})
        return int(message["message_id"])


@pytest.fixture
async def fake_api() -> AsyncIterator[OpaqueFilesBotApi]:
    async with OpaqueFilesBotApi() as api:
        yield api


@pytest.fixture
async def telegram(bot_settings: Any, seeded: QAService, start_bot: StartBot) -> QAService:
    await start_bot(bot_settings, seeded)
    return seeded


async def test_telegram_questions(telegram: QAService, fake_api: FakeBotApi, subtests: Any) -> None:
    before = kb_state(telegram)
    for n, question in enumerate(QUESTIONS):
        # In groups as a mention, in private as it is; a person of their own each, under any limit.
        for where, chat in (
            ("private", fake_api.private_chat(7000 + n)),
            ("group", fake_api.group_chat(-7000 - n)),
        ):
            with subtests.test(msg=f"{question.id} in {where}"):
                text = question.text if where == "private" else f"@{BOT_USERNAME} {question.text}"
                await fake_api.user_sends(chat, 7000 + n, text)
                [reply] = await fake_api.replies(chat)
                fake_api.messages.remove(reply)  # each chat is used once per case
                if question.expect in {"answer", "any"}:
                    quotes = reply.parsed.spans("blockquote")
                    _check_answer(question, quotes[0] if quotes else None, reply.text, TELEGRAM_NOT_FOUND)
                else:
                    assert question.expect in reply.text, reply.text
                    assert reply.parsed.spans("blockquote") == []
                assert fake_api.rejected == []  # every reply parsed as Telegram HTML
                assert kb_state(telegram) == before


async def test_telegram_commands_without_a_question_or_a_target(
    telegram: QAService, fake_api: FakeBotApi, subtests: Any
) -> None:
    before = kb_state(telegram)
    group = fake_api.group_chat(-7100)
    private = fake_api.private_chat(MODERATOR_ID)
    cases = [
        ("only-a-mention", group, 7101, f"@{BOT_USERNAME}", "empty"),
        ("mention-and-whitespace", group, 7102, f"  @{BOT_USERNAME}  \n ", "empty"),
        ("ask-without-question", group, 7103, f"/ask@{BOT_USERNAME}", "Ask your question after"),
        ("add-alone", private, MODERATOR_ID, "/add", ADD_USAGE),
        ("add-not-a-url", private, MODERATOR_ID, "/add ../../etc/passwd", "I don't understand"),
        ("add-javascript-url", private, MODERATOR_ID, "/add javascript:alert(1)", "I don't understand"),
        ("remove-alone", private, MODERATOR_ID, "/remove", "Send /remove SOURCE_ID"),
        ("remove-unknown", private, MODERATOR_ID, "/remove no-such-source", "/sources lists each"),
        ("remove-dotdot", private, MODERATOR_ID, "/remove ../../etc/passwd", "no source"),
        ("remove-dotdot-real-id", private, MODERATOR_ID, f"/remove ../{SEED_ID}", "no source"),
        ("remove-wrong-case", private, MODERATOR_ID, f"/remove {SEED_ID.upper()}", "no source"),
        ("remove-two-ids", private, MODERATOR_ID, f"/remove {SEED_ID} other", "Send /remove SOURCE_ID"),
        ("add-loopback-url", private, MODERATOR_ID, "/add http://127.0.0.1:9/x.md", "private or local"),
        ("add-metadata-url", private, MODERATOR_ID, "/add http://169.254.169.254/latest", "private or local"),
    ]
    for case, chat, user_id, text, expected in cases:
        with subtests.test(msg=case):
            await fake_api.user_sends(chat, user_id, text)
            [reply] = await fake_api.replies(chat)
            fake_api.messages.remove(reply)
            assert expected.lower() in reply.text.lower(), reply.text
            assert kb_state(telegram) == before
    assert fake_api.rejected == []


@pytest.mark.parametrize(
    ("replied_text", "expected"),
    [
        pytest.param("\x00\x00\x00", "binary", id="nul-bytes"),
        pytest.param("   \u3000 ", "empty", id="whitespace"),
        pytest.param("# Only a heading", "no text to quote", id="only-a-heading"),
        pytest.param("---\ntitle: [unclosed\n---\nBody.", "front matter", id="bad-front-matter"),
    ],
)
async def test_telegram_add_replying_to_an_unusable_message(
    telegram: QAService, fake_api: FakeBotApi, replied_text: str, expected: str
) -> None:
    before = kb_state(telegram)
    group = fake_api.group_chat(HOME_GROUP)
    await fake_api.user_replies_to_user(group, MODERATOR_ID, "/add", replied_text, replied_author=7201)
    [reply] = await fake_api.replies(group)
    assert expected.lower() in reply.text.lower(), reply.text
    assert kb_state(telegram) == before


async def test_telegram_uploads(telegram: QAService, fake_api: FakeBotApi, subtests: Any) -> None:
    before = kb_state(telegram)
    chat = fake_api.private_chat(MODERATOR_ID)
    for upload in UPLOADS:
        with subtests.test(msg=upload.id):
            data = upload.data if upload.size is None else b"x" * upload.size
            downloads = fake_api.calls.count("getFile")
            await fake_api.user_uploads(chat, MODERATOR_ID, upload.filename, data, caption="/add")
            [reply] = await fake_api.replies(chat)
            fake_api.messages.remove(reply)
            assert upload.expect.lower() in reply.text.lower(), reply.text
            assert "\n" not in reply.text
            assert kb_state(telegram) == before
            if upload.size is not None:
                assert fake_api.calls.count("getFile") == downloads  # refused before downloading


async def test_telegram_path_ids_and_adding_twice(
    telegram: QAService, fake_api: FakeBotApi, tmp_path: Path
) -> None:
    """A source id or file name with `../` becomes a plain slug; the same file twice changes nothing."""
    chat = fake_api.private_chat(MODERATOR_ID)
    await fake_api.user_uploads(chat, MODERATOR_ID, "a.md", GOOD_ARTICLE, caption="/add id=../../etc/passwd")
    [first] = await fake_api.replies(chat)
    assert first.text.startswith('Added etc-passwd ("Travelling light")'), first.text
    await fake_api.user_uploads(chat, MODERATOR_ID, "../../../tmp/evil.md", GOOD_ARTICLE, caption="/add")
    [_, *rest] = await fake_api.replies(chat, count=2)
    assert any(m.text.startswith('Added evil ("Travelling light")') for m in rest), [m.text for m in rest]
    assert sorted(telegram.source_ids()) == sorted([SEED_ID, "etc-passwd", "evil"])
    assert not (tmp_path / "etc").exists() and not Path("/tmp/evil.md").exists()

    after_first = kb_state(telegram)
    await fake_api.user_uploads(chat, MODERATOR_ID, "a.md", GOOD_ARTICLE, caption="/add id=../../etc/passwd")
    [*_, again] = await fake_api.replies(chat, count=3)
    assert again.text == 'etc-passwd ("Travelling light"): unchanged, already in the knowledge base.'
    assert kb_state(telegram) == after_first


# -- Discord ---------------------------------------------------------------------------------------


@dataclass
class SentPayloads:
    """What the bot sent to Discord, as JSON: interaction responses and channel messages."""

    bodies: list[dict[str, Any]]

    def assert_nothing_pings(self) -> None:
        assert self.bodies, "the bot sent nothing"
        for body in self.bodies:
            mentions = body.get("allowed_mentions")
            assert mentions is not None, body
            assert mentions.get("parse") == [] and not mentions.get("roles") and not mentions.get("users"), (
                body
            )


@pytest.fixture
async def discord_bot_sent(
    make_bot: BotFactory, seeded: QAService, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[FakeDiscord, SentPayloads]]:
    # A person of their own per case is not possible with dpytest's two members: no limit here.
    fake = FakeDiscord(await make_bot(rate_limit_per_minute=1_000_000))
    # dpytest swaps in a connection state without the bot's own default for allowed mentions; the
    # real bot keeps the one it was built with, so the fake gets that one back.
    fake.bot._connection.allowed_mentions = create_bot(seeded, settings)._connection.allowed_mentions
    sent = SentPayloads([])
    real_request = fake.api.request

    async def noting_request(route: Any, session: Any, **kwargs: Any) -> Any:
        body = kwargs.get("payload") or {}
        body = body.get("data") or {} if "type" in body else body  # an interaction callback wraps it
        if body.get("content") or body.get("embeds"):
            sent.bodies.append(body)
        return await real_request(route, session, **kwargs)

    real_parameters = discord.abc.handle_message_parameters  # builds what channel.send posts

    def noting_parameters(*args: Any, **kwargs: Any) -> Any:
        params = real_parameters(*args, **kwargs)
        sent.bodies.append(dict(params.payload or {}))
        return params

    monkeypatch.setattr(fake.api, "request", noting_request)
    monkeypatch.setattr(discord.abc, "handle_message_parameters", noting_parameters)
    yield fake, sent


async def test_discord_questions(
    discord_bot_sent: tuple[FakeDiscord, SentPayloads], seeded: QAService, subtests: Any
) -> None:
    fake, sent = discord_bot_sent
    before = kb_state(seeded)
    assert fake.bot.user is not None
    for question in QUESTIONS:
        with subtests.test(msg=f"{question.id} by /ask"):
            sent.bodies.clear()
            [reply] = await fake.slash("ask", question=question.text)
            _check_discord_reply(question, reply.content, reply.embeds, reply.ephemeral)
            sent.assert_nothing_pings()
            assert kb_state(seeded) == before
        with subtests.test(msg=f"{question.id} by mention"):
            sent.bodies.clear()
            await dpytest.message(f"<@{fake.bot.user.id}> {question.text}")
            message = dpytest.get_message()
            _check_discord_reply(question, message.content, message.embeds, ephemeral=None)
            sent.assert_nothing_pings()
            assert kb_state(seeded) == before


def _check_discord_reply(
    question: Question, content: str | None, embeds: list[discord.Embed], ephemeral: bool | None
) -> None:
    if question.expect in {"answer", "any"}:
        quote = visible(embeds[0].description or "") if embeds else None
        _check_answer(question, quote, content or "", DISCORD_NOT_FOUND)
    else:
        assert question.expect in (content or "").lower(), content
        assert not embeds
        assert ephemeral in {True, None}  # a refused /ask is shown only to the asker


async def test_discord_uploads(
    discord_bot_sent: tuple[FakeDiscord, SentPayloads], seeded: QAService, tmp_path: Path, subtests: Any
) -> None:
    fake, _ = discord_bot_sent
    before = kb_state(seeded)
    for upload in UPLOADS:
        with subtests.test(msg=upload.id):
            path = tmp_path / upload.id / upload.filename
            path.parent.mkdir()
            path.write_bytes(upload.data)
            attachment = fake.attachment(path, size=upload.size)
            [reply] = await fake.slash("kb add", permissions=MANAGE_SERVER, attachments={"file": attachment})
            assert reply.ephemeral
            assert upload.expect.lower() in (reply.content or "").lower(), reply.content
            assert kb_state(seeded) == before


async def test_discord_path_ids_adding_twice_bad_urls_and_unknown_ids(
    discord_bot_sent: tuple[FakeDiscord, SentPayloads], seeded: QAService, tmp_path: Path, subtests: Any
) -> None:
    fake, _ = discord_bot_sent
    path = tmp_path / "travel.md"
    path.write_bytes(GOOD_ARTICLE)
    attachment = fake.attachment(path) | {"filename": "../../etc/passwd.md"}

    [added] = await fake.slash("kb add", permissions=MANAGE_SERVER, attachments={"file": attachment})
    assert (added.content or "").startswith('Added passwd ("Travelling light")'), added.content
    assert sorted(seeded.source_ids()) == sorted([SEED_ID, "passwd"])
    assert not (tmp_path / "etc").exists()

    after_first = kb_state(seeded)
    [again] = await fake.slash("kb add", permissions=MANAGE_SERVER, attachments={"file": attachment})
    assert "unchanged" in (again.content or ""), again.content
    assert kb_state(seeded) == after_first

    for url, expected in [
        ("javascript:alert(1)", "http(s)"),
        ("ftp://127.0.0.1/file.md", "http(s)"),
        ("http://127.0.0.1:9/x.md", "private or local"),
        ("http://169.254.169.254/latest", "private or local"),
    ]:
        with subtests.test(msg=f"add {url}"):
            [reply] = await fake.slash("kb add", permissions=MANAGE_SERVER, url=url)
            assert reply.ephemeral and expected in (reply.content or ""), reply.content
            assert kb_state(seeded) == after_first

    for source_id in ("no-such-source", "../../etc/passwd", f"../{SEED_ID}", SEED_ID.upper(), "x\x00y", "%"):
        with subtests.test(msg=f"remove {source_id!r}"):
            [reply] = await fake.slash("kb remove", permissions=MANAGE_SERVER, source_id=source_id)
            assert reply.ephemeral and "no source" in (reply.content or ""), reply.content
            assert (reply.content or "").endswith("/sources lists each source's id."), reply.content
            assert kb_state(seeded) == after_first
