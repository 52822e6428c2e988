"""Conversations on Discord: a reply to an answer is a follow-up; `QABOT_DISCORD_THREADS` answers a
channel question in its own thread, whose messages need no mention; the whole paragraph is a button
away, shown privately."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext.test import factories

from bot.chat.answer_queue import ANSWERS_BUSY, MAX_ANSWERS_PER_PLACE
from bot.discord_bot import cog as cog_module
from bot.discord_bot import conversations
from bot.discord_bot.cog import THREADS_PER_CHANNEL_PER_MINUTE, QACog
from bot.discord_bot.conversations import follow_up_of, spoken_question
from index.service import QAService
from tests.bot.discord.conftest import BotFactory, make_role
from tests.bot.discord.test_questions import visible
from tests.conftest import LONG_READ_QUESTION
from tests.fakes.fake_discord import FakeDiscord, HttpAnswer, Reply

QUESTION = "Why won't Lukashenko send troops to Ukraine?"
REFUSED = HttpAnswer(403, "Forbidden")
LIGHTHOUSE = b"""---
title: The Skerryvane lighthouse
---

The Skerryvane lighthouse was built in 1844 by the engineer Alan Mathers on a bare reef.

Its keeper, Tomas Reid, rescued eleven fishermen from the trawler Solvig in the storm of 1901.
"""


def question_id_of(fake: FakeDiscord, answer: Reply) -> int:
    cog = fake.bot.get_cog("Q&A")
    assert isinstance(cog, QACog)
    press = cog.chat.signer.read(answer.button("👍").removeprefix("qabot:"), answer.message["channel_id"])
    assert press is not None
    return press.number


async def test_a_reply_to_an_answer_is_a_follow_up_of_its_question(
    fake_discord: FakeDiscord, seeded: QAService
) -> None:
    [answer] = await fake_discord.slash(
        "ask", question="What was Putin trying to achieve by invading Ukraine?"
    )
    follow_up = "Did it work?"

    await fake_discord.user_replies(answer, follow_up)

    reply = dpytest.get_message()
    in_context = seeded.ask(follow_up, follow_up_of=question_id_of(fake_discord, answer))
    alone = seeded.ask(follow_up)
    assert in_context.highlight and in_context.highlight in visible(reply.embeds[0].description or "")
    assert "it backfired" in (in_context.quote or "") and "it backfired" not in (alone.quote or "")
    assert seeded.stats().questions == 2


async def test_a_reply_that_only_thanks_gets_no_reply_though_it_pings_the_bot(
    fake_discord: FakeDiscord, seeded: QAService
) -> None:
    """Discord's replies ping the replied-to author by default, which lists the bot among the reply's
    mentions: "thanks!" was answered "I couldn't find that in my sources"; and so was a word to
    someone else ("@alice look at this"), a role or the whole channel ("@everyone this is wrong")."""
    [answer] = await fake_discord.slash("ask", question=QUESTION)

    reactions = ("thanks!", "👍", "thanks <@1234567>", "<@1234567>", "great answer", "+1")
    to_others = ("<@1234567> look at this", "<@&9500> this answer is wrong", "@everyone is this right?")
    for reaction in (*reactions, "great answer, thanks", "wrong", *to_others, "@here can someone check"):
        await fake_discord.user_replies(answer, reaction, pings=True)
        assert dpytest.verify().message().nothing(), reaction
    assert seeded.stats().questions == 1

    await fake_discord.user_replies(answer, "@here's what I wonder: who is Sergei Sazonov?", pings=True)
    assert "Sazonov" in visible(dpytest.get_message().embeds[0].description or "")  # a word, no mention


async def test_a_mention_of_the_role_discord_made_for_the_bot_is_a_question(
    discord_bot: discord.Client, seeded: QAService
) -> None:
    """Typing "@qabot" offers the bot and its role by the same name; the role's mention was ignored."""
    assert discord_bot.user is not None
    guild = dpytest.get_config().guilds[0]
    role = make_role(guild, "qabot")
    role.tags = discord.RoleTags({"bot_id": str(discord_bot.user.id)})  # type: ignore[typeddict-item]

    await dpytest.message(f"<@&{role.id}> {QUESTION}")

    answer = dpytest.get_message()
    assert "Lukashenko" in visible(answer.embeds[0].description or "")


async def test_a_follow_up_to_an_answer_whose_source_was_removed_is_answered_fresh(
    fake_discord: FakeDiscord, seeded: QAService
) -> None:
    seeded.add_bytes(LIGHTHOUSE, "skerryvane.md", "test")
    [answer] = await fake_discord.slash("ask", question="Who built the Skerryvane lighthouse?")
    assert "Alan Mathers" in (answer.embeds[0].description or "")
    seeded.remove("skerryvane", "test")

    await fake_discord.user_replies(answer, "Who did its keeper rescue?")

    reply = dpytest.get_message()
    shown = reply.content + "".join(e.description or "" for e in reply.embeds)
    assert "Solvig" not in shown and "Skerryvane" not in shown


async def test_the_whole_paragraph_is_shown_privately(
    fake_discord: FakeDiscord, long_read: QAService
) -> None:
    [answer] = await fake_discord.slash("ask", question=LONG_READ_QUESTION)
    assert "built in 1844" not in (answer.embeds[0].description or "")  # the quote: the paragraph's end

    [paragraph] = await fake_discord.click(answer, answer.button("Whole paragraph"))

    assert paragraph.ephemeral
    assert "built in 1844" in (paragraph.embeds[0].description or "")


async def test_an_answer_that_is_its_whole_paragraph_has_no_button_for_it(fake_discord: FakeDiscord) -> None:
    [answer] = await fake_discord.slash("ask", question="What did Sazonov call Belarus?")

    assert "de facto an occupied country" in (answer.embeds[0].description or "")
    with pytest.raises(AssertionError, match="no button"):
        answer.button("Whole paragraph")
    assert answer.button("Other passages")


def _thread_data(guild: discord.Guild, channel_id: int, owner_id: int, name: str) -> dict[str, Any]:
    metadata = {"archived": False, "locked": False, "auto_archive_duration": 1440}
    return {
        "id": str(channel_id), "type": 11, "guild_id": str(guild.id), "name": name,
        "parent_id": str(guild.text_channels[0].id), "owner_id": str(owner_id), "member_count": 1,
        "message_count": 0, "rate_limit_per_user": 0,
        "thread_metadata": {**metadata, "archive_timestamp": "2026-01-01T00:00:00+00:00"},
    }  # fmt: skip


@pytest.fixture
async def threads_bot(make_bot: BotFactory, monkeypatch: pytest.MonkeyPatch) -> discord.Client:
    """The bot with QABOT_DISCORD_THREADS on; dpytest has no threads, so starting one is faked at its
    HTTP client, and the new thread registered in the server as the gateway would."""
    bot = await make_bot(discord_threads=True)
    guild = dpytest.get_config().guilds[0]
    state = bot._connection
    made: list[str] = []

    async def start_thread_with_message(channel_id: int, message_id: int, **options: Any) -> dict[str, Any]:
        assert bot.user is not None
        data = _thread_data(guild, 9_000_000 + len(made), bot.user.id, options["name"])
        made.append(options["name"])
        guild._add_thread(discord.Thread(guild=guild, state=state, data=data))  # type: ignore[arg-type]
        return data

    monkeypatch.setattr(state.http, "start_thread_with_message", start_thread_with_message, raising=False)
    bot.made_threads = made  # type: ignore[attr-defined]
    return bot


async def test_a_channel_question_opens_a_thread_whose_messages_need_no_mention(
    threads_bot: discord.Client, seeded: QAService
) -> None:
    assert threads_bot.user is not None
    await dpytest.message(f"<@{threads_bot.user.id}> {QUESTION}")

    answer = dpytest.get_message()
    assert threads_bot.made_threads == [QUESTION]  # type: ignore[attr-defined]
    thread = answer.channel
    assert isinstance(thread, discord.Thread) and thread.name == QUESTION
    assert "Lukashenko" in (answer.embeds[0].description or "")

    await dpytest.message("Who is Sergei Sazonov?", channel=thread)
    follow_up = dpytest.get_message()
    assert follow_up.channel.id == thread.id
    assert "Sazonov" in (follow_up.embeds[0].description or "")
    assert seeded.stats().questions == 2


async def test_a_thread_is_named_with_mentions_as_words_and_no_invisible_characters(
    threads_bot: discord.Client,
) -> None:
    assert threads_bot.user is not None
    question = "<@&4444> \u202eWhy won't <:think:1234> Lukashenko\u200b send troops to <#5555>? 👨\u200d👩"
    await dpytest.message(f"<@{threads_bot.user.id}> {question}")

    dpytest.get_message()
    assert threads_bot.made_threads == [  # type: ignore[attr-defined]
        "@role Why won't :think: Lukashenko send troops to #channel? 👨\u200d👩"
    ]


async def test_a_refused_channel_question_is_answered_in_place_without_a_thread(
    threads_bot: discord.Client,
) -> None:
    assert threads_bot.user is not None
    await dpytest.message(f"<@{threads_bot.user.id}> What is the recipe for borscht?")

    refusal = dpytest.get_message()
    assert threads_bot.made_threads == []  # type: ignore[attr-defined]
    assert not isinstance(refusal.channel, discord.Thread)


async def test_thanks_in_the_bots_thread_gets_no_reply(
    threads_bot: discord.Client, seeded: QAService
) -> None:
    """Every message in the bot's thread is a follow-up: "thanks!" and "👍" were each answered with
    "I couldn't find that in my sources" for the whole thread to read."""
    assert threads_bot.user is not None
    await dpytest.message(f"<@{threads_bot.user.id}> {QUESTION}")
    thread = dpytest.get_message().channel

    for reaction in ("thanks!", "👍", "ok, got it", "<:kekw:1234567890>", "thanks <@1234567>", "good job"):
        await dpytest.message(reaction, channel=thread)
        assert dpytest.verify().message().nothing(), reaction
    assert seeded.stats().questions == 1


async def test_a_channel_question_is_answered_in_place_where_no_thread_may_be_started(
    make_bot: BotFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = await make_bot(discord_threads=True)

    async def start_thread_with_message(*_args: Any, **_options: Any) -> dict[str, Any]:
        raise discord.Forbidden(REFUSED, {"code": 50013, "message": "Missing Permissions"})  # type: ignore[arg-type]

    monkeypatch.setattr(bot._connection.http, "start_thread_with_message", start_thread_with_message)
    assert bot.user is not None
    await dpytest.message(f"<@{bot.user.id}> {QUESTION}")

    answer = dpytest.get_message()
    assert not isinstance(answer.channel, discord.Thread)
    assert "Lukashenko" in (answer.embeds[0].description or "")


async def test_a_thread_the_bot_may_start_but_not_write_in_is_deleted_and_answered_in_place(
    threads_bot: discord.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    deleted: list[int] = []

    async def send(_thread: discord.Thread, *_args: Any, **_options: Any) -> discord.Message:
        raise discord.Forbidden(REFUSED, {"code": 50001, "message": "Missing Access"})  # type: ignore[arg-type]

    async def delete(thread: discord.Thread, **_options: Any) -> None:
        deleted.append(thread.id)

    monkeypatch.setattr(discord.Thread, "send", send)
    monkeypatch.setattr(discord.Thread, "delete", delete)
    assert threads_bot.user is not None
    await dpytest.message(f"<@{threads_bot.user.id}> {QUESTION}")

    answer = dpytest.get_message()
    assert not isinstance(answer.channel, discord.Thread)
    assert "Lukashenko" in (answer.embeds[0].description or "")
    assert deleted == [9_000_000]  # the thread it started, left empty


@pytest.mark.parametrize(
    ("kind", "content"),
    [(discord.MessageType.channel_name_change, "Who is Sergei Sazonov?"), (discord.MessageType.pins_add, "")],
)
async def test_a_system_message_in_the_bots_thread_is_no_question(
    fake_discord: FakeDiscord, seeded: QAService, kind: discord.MessageType, content: str
) -> None:
    """Renaming the bot's thread (its new name is the message's content) or pinning in it is no question."""
    bot = fake_discord.bot
    assert bot.user is not None
    guild, state = fake_discord.guild, bot._connection
    thread = discord.Thread(guild=guild, state=state, data=_thread_data(guild, 9_300_000, bot.user.id, "t"))  # type: ignore[arg-type]
    guild._add_thread(thread)
    notice = _message(state, thread, fake_discord.members[0], type=kind.value, content=content)

    bot.dispatch("message", notice)
    await dpytest.run_all_events()

    assert dpytest.verify().message().nothing()
    assert seeded.stats().questions == 0


async def test_a_message_in_the_bots_thread_follows_up_the_latest_answer_there(
    fake_discord: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No reply needed in the bot's own thread: the latest answer with buttons names the question."""
    bot = fake_discord.bot
    assert bot.user is not None
    guild, state = fake_discord.guild, bot._connection
    thread = discord.Thread(guild=guild, state=state, data=_thread_data(guild, 9_100_000, bot.user.id, "t"))  # type: ignore[arg-type]
    cog = bot.get_cog("Q&A")
    assert isinstance(cog, QACog)
    token = cog.chat.signer.token("up", 4321, str(thread.id))
    button = {"type": 2, "style": 2, "custom_id": f"qabot:{token}", "emoji": {"name": "👍"}}
    answer = _message(state, thread, bot.user, components=[{"type": 1, "components": [button]}])
    chatter = _message(state, thread, fake_discord.members[0])
    follow_up = _message(state, thread, fake_discord.members[0])

    async def history(_thread: discord.Thread, **_options: Any) -> AsyncIterator[discord.Message]:
        for earlier in shown:  # newest first, as Discord returns them
            yield earlier

    shown = [chatter, answer]
    monkeypatch.setattr(discord.Thread, "history", history)

    assert await follow_up_of(follow_up, bot.user, cog.chat.signer, cog.chat.posts) == 4321
    other_place = cog.chat.signer.token("up", 4321, "another-channel")
    button["custom_id"] = f"qabot:{other_place}"
    shown[:] = [_message(state, thread, bot.user, components=[{"type": 1, "components": [button]}])]
    assert (
        await follow_up_of(follow_up, bot.user, cog.chat.signer, cog.chat.posts) is None
    )  # signed for elsewhere


def _message(state: Any, channel: discord.Thread, author: Any, **fields: Any) -> discord.Message:
    data = factories.make_message_dict(channel, author, content="words", guild_id=channel.guild.id)
    return discord.Message(state=state, channel=channel, data={**data, **fields})


async def test_a_reply_in_one_channel_to_an_answer_given_in_another_is_no_follow_up(
    fake_discord: FakeDiscord,
) -> None:
    """Tokens are checked against the channel the reply is sent in, as on Telegram, so an answer from
    elsewhere (a forward, a cross-channel reference) carries no context here."""
    bot = fake_discord.bot
    assert bot.user is not None
    guild, state = fake_discord.guild, bot._connection
    here = guild.text_channels[0]
    elsewhere = discord.Thread(guild=guild, state=state, data=_thread_data(guild, 9_200_000, 1, "t"))  # type: ignore[arg-type]
    cog = bot.get_cog("Q&A")
    assert isinstance(cog, QACog)
    token = cog.chat.signer.token("up", 4321, str(elsewhere.id))
    button = {"type": 2, "style": 2, "custom_id": f"qabot:{token}", "emoji": {"name": "👍"}}
    answer = factories.make_message_dict(elsewhere, bot.user, content="", guild_id=guild.id)
    answer["components"] = [{"type": 1, "components": [button]}]

    def reply_in(channel: Any) -> discord.Message:
        reference = {"message_id": answer["id"], "channel_id": str(elsewhere.id), "guild_id": str(guild.id)}
        return _message(
            state, channel, fake_discord.members[0], message_reference=reference, referenced_message=answer
        )

    assert await follow_up_of(reply_in(elsewhere), bot.user, cog.chat.signer, cog.chat.posts) == 4321
    assert await follow_up_of(reply_in(here), bot.user, cog.chat.signer, cog.chat.posts) is None


async def test_a_message_in_the_bots_thread_is_answered_where_the_bot_may_not_read_its_history(
    threads_bot: discord.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without Read Message History the latest answer cannot be found: the message is answered as a
    fresh question (it went unanswered, the 403 taken for a channel the bot may not post in)."""
    assert threads_bot.user is not None
    await dpytest.message(f"<@{threads_bot.user.id}> {QUESTION}")
    thread = dpytest.get_message().channel

    async def history(_thread: discord.Thread, **_options: Any) -> AsyncIterator[discord.Message]:
        raise discord.Forbidden(REFUSED, {"code": 50013, "message": "Missing Permissions"})  # type: ignore[arg-type]
        yield  # an async generator, as discord.py's history is iterated

    monkeypatch.setattr(discord.Thread, "history", history)
    await dpytest.message("Who is Sergei Sazonov?", channel=thread)

    follow_up = dpytest.get_message()
    assert follow_up.channel.id == thread.id
    assert "Sazonov" in (follow_up.embeds[0].description or "")


async def test_a_message_in_the_bots_thread_whose_history_hangs_is_answered_fresh_in_time(
    threads_bot: discord.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """discord.py waits out a channel's rate limit with no end: the message waited as long."""
    assert threads_bot.user is not None
    await dpytest.message(f"<@{threads_bot.user.id}> {QUESTION}")
    thread = dpytest.get_message().channel
    never = asyncio.Event()

    async def history(_thread: discord.Thread, **_options: Any) -> AsyncIterator[discord.Message]:
        await never.wait()  # Discord answering 429 after 429
        yield  # an async generator, as discord.py's history is iterated

    monkeypatch.setattr(discord.Thread, "history", history)
    monkeypatch.setattr(conversations, "HISTORY_SECONDS", 0.3)
    await asyncio.wait_for(dpytest.message("Who is Sergei Sazonov?", channel=thread), 10)

    follow_up = dpytest.get_message()
    assert follow_up.channel.id == thread.id
    assert "Sazonov" in (follow_up.embeds[0].description or "")


async def test_messages_in_a_thread_wait_for_its_history_only_within_the_places_for_questions(
    fake_discord: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many accounts posting in the bot's thread, each within its own limit: every message waited to
    read the history before any bound on questions applied (300 tasks held, none refused)."""
    bot, guild = fake_discord.bot, fake_discord.guild
    assert bot.user is not None
    thread = discord.Thread(
        guild=guild, state=bot._connection, data=_thread_data(guild, 9_100_001, bot.user.id, "t")
    )  # type: ignore[arg-type]
    cog = bot.get_cog(QACog.__cog_name__)
    assert isinstance(cog, QACog)
    reading = asyncio.Event()

    async def history(_thread: discord.Thread, **_options: Any) -> AsyncIterator[discord.Message]:
        await reading.wait()
        yield  # an async generator, as discord.py's history is iterated

    refused: list[str] = []

    async def reply_to(_message: discord.Message, **content: Any) -> None:
        refused.append(content.get("content") or "")

    monkeypatch.setattr(discord.Thread, "history", history)
    monkeypatch.setattr(cog_module, "reply_to", reply_to)
    monkeypatch.setattr(cog.chat, "limit", lambda *_args, **_options: None)  # each within their own
    messages = [
        asyncio.create_task(cog.on_message(_message(bot._connection, thread, fake_discord.members[0])))
        for _ in range(100)
    ]
    try:
        await asyncio.sleep(0.3)
        assert len(cog.chat.answers) == MAX_ANSWERS_PER_PLACE
        assert sum(task.done() for task in messages) == 100 - MAX_ANSWERS_PER_PLACE
        assert refused == [ANSWERS_BUSY] * (100 - MAX_ANSWERS_PER_PLACE)
    finally:
        reading.set()
        await asyncio.gather(*messages)


async def test_stickers_and_pictures_in_the_bots_thread_are_not_questions(
    threads_bot: discord.Client, seeded: QAService
) -> None:
    """People talk in the bot's thread too: a message with no text is left alone, not told it is an
    empty question."""
    assert threads_bot.user is not None
    await dpytest.message(f"<@{threads_bot.user.id}> {QUESTION}")
    thread = dpytest.get_message().channel

    await dpytest.message("", channel=thread)  # what a sticker or a picture alone carries as content

    assert dpytest.verify().message().nothing()
    assert seeded.stats().questions == 1


async def test_a_mention_in_the_bots_thread_is_not_part_of_the_question(
    threads_bot: discord.Client, seeded: QAService
) -> None:
    assert threads_bot.user is not None
    await dpytest.message(f"<@{threads_bot.user.id}> {QUESTION}")
    thread = dpytest.get_message().channel

    await dpytest.message(f"<@{threads_bot.user.id}> Who won the 2018 World Cup?", channel=thread)

    dpytest.get_message()
    [(unanswered, _count)] = seeded.stats().top_unanswered
    assert unanswered == "who won the 2018 world cup?"


async def test_mentions_emoji_and_timestamps_reach_the_search_as_words(
    threads_bot: discord.Client, seeded: QAService
) -> None:
    """Discord's markup was searched as typed: "<:think:1234>" as the word "think" and a number."""
    assert threads_bot.user is not None
    question = "<@&4444> Who won <:think:1234> the World Cup <#5555> on <t:1671321600:D> at <t:1671321600:t>?"
    await dpytest.message(f"<@{threads_bot.user.id}> {question}")

    dpytest.get_message()
    [(unanswered, _count)] = seeded.stats().top_unanswered
    assert unanswered == "who won the world cup on december 18, 2022 at ?"


async def test_the_ask_command_searches_its_question_as_words(
    fake_discord: FakeDiscord, seeded: QAService
) -> None:
    await fake_discord.slash("ask", question="<:kekw:1234> Any recipe for banana bread? <@9876543210>")

    [(unanswered, _count)] = seeded.stats().top_unanswered
    assert unanswered == "any recipe for banana bread?"


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("<a:party:5678> Who is Sazonov?", "Who is Sazonov?"),
        ("What happened on <t:1670198400>?", "What happened on December 5, 2022 ?"),
        ("What happened at <t:1670198400:R>", "What happened at December 5, 2022"),
        ("Who is <@!42> <@42>?", "Who is ?"),
        ("When is <t:99999999999999:D>?", "When is ?"),  # past any date: no date, no error
        ("<t:12>, <:a_b:1>", "January 1, 1970 ,"),
        ("<@&4444> <:kekw:1>", "<@&4444> <:kekw:1>"),  # markup alone: a message, though no question
    ],
)
def test_spoken_question_reads_discords_markup_as_a_reader_sees_it(written: str, spoken: str) -> None:
    assert spoken_question(written) == spoken


async def test_a_reply_to_someone_else_in_the_bots_thread_still_follows_up_the_latest_answer(
    fake_discord: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = fake_discord.bot
    assert bot.user is not None
    guild, state = fake_discord.guild, bot._connection
    thread = discord.Thread(guild=guild, state=state, data=_thread_data(guild, 9_400_000, bot.user.id, "t"))  # type: ignore[arg-type]
    cog = bot.get_cog("Q&A")
    assert isinstance(cog, QACog)
    token = cog.chat.signer.token("up", 4321, str(thread.id))
    button = {"type": 2, "style": 2, "custom_id": f"qabot:{token}", "emoji": {"name": "👍"}}
    answer = _message(state, thread, bot.user, components=[{"type": 1, "components": [button]}])
    chatter = factories.make_message_dict(thread, fake_discord.members[1], content="hm", guild_id=guild.id)
    reference = {"message_id": chatter["id"], "channel_id": str(thread.id), "guild_id": str(guild.id)}
    reply = _message(
        state, thread, fake_discord.members[0], message_reference=reference, referenced_message=chatter
    )

    async def history(_thread: discord.Thread, **_options: Any) -> AsyncIterator[discord.Message]:
        for earlier in (discord.Message(state=state, channel=thread, data=chatter), answer):
            yield earlier

    monkeypatch.setattr(discord.Thread, "history", history)
    assert await follow_up_of(reply, bot.user, cog.chat.signer, cog.chat.posts) == 4321


async def test_a_channel_gets_a_few_new_threads_a_minute_then_answers_in_place(
    threads_bot: discord.Client,
) -> None:
    """Each new thread is announced in the channel and stays listed: a crowd asking within their own
    budgets could bury a channel in them."""
    assert threads_bot.user is not None
    for _ in range(THREADS_PER_CHANNEL_PER_MINUTE + 1):
        await dpytest.message(f"<@{threads_bot.user.id}> {QUESTION}")

    answers = [dpytest.get_message() for _ in range(THREADS_PER_CHANNEL_PER_MINUTE + 1)]
    assert len(threads_bot.made_threads) == THREADS_PER_CHANNEL_PER_MINUTE  # type: ignore[attr-defined]
    assert not isinstance(answers[-1].channel, discord.Thread)
    assert "Lukashenko" in (answers[-1].embeds[0].description or "")


async def test_a_reply_to_a_refused_follow_up_goes_on_with_the_conversation(
    fake_discord: FakeDiscord, seeded: QAService
) -> None:
    """A refusal carries no buttons, which is where a reply finds its question: "What country is he
    from?" in reply to one was asked afresh, about no one, and quoted a line about Putin."""
    [answer] = await fake_discord.slash("ask", question="Who is Sergei Sazonov?")
    await fake_discord.user_replies(answer, "How do I bake sourdough bread at home?")
    refusal = dpytest.get_message()
    assert "couldn't find" in refusal.content and not refusal.embeds

    as_sent = {**factories.dict_from_message(refusal), "channel_id": str(refusal.channel.id)}
    shown = Reply(refusal.content, refusal.embeds, [], False, as_sent)
    await fake_discord.user_replies(shown, "What country is he from?")

    follow_up = dpytest.get_message()
    assert "Sergei Sazonov, a Russian-born" in visible(follow_up.embeds[0].description or "")
    assert "Sergei Sazonov, a Russian-born" not in (seeded.ask("What country is he from?").quote or "")


async def test_a_message_in_a_server_discord_py_has_not_loaded_is_not_taken_for_a_dm(
    fake_discord: FakeDiscord, seeded: QAService
) -> None:
    """In a server not in the cache (not yet loaded, or just left) a message has no guild, as a DM has:
    "…see you at lunch", mentioning no one, was answered with a quote as every DM is."""
    bot = fake_discord.bot
    member = fake_discord.members[0]
    data = factories.make_message_dict(fake_discord.guild.text_channels[0], member, content=QUESTION)
    data |= {"guild_id": "9999", "channel_id": "99990001"}
    bot._connection.parse_message_create(data)  # type: ignore[arg-type]
    await dpytest.run_all_events()

    assert dpytest.verify().message().nothing()
    assert seeded.stats().questions == 0
