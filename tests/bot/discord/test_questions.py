"""Asking on Discord: /ask, mentions, DMs, the honest "not found", and the buttons under an answer."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext.test import factories

from bot.chat.answer_queue import ANSWERS_BUSY, AnswerQueue
from bot.chat.chatter import ABOUT_NOW, NOT_A_QUESTION, SORRY, YOU_ARE_WELCOME
from bot.discord_bot.app import MAX_RATE_LIMIT_WAIT, QABot, create_bot
from bot.discord_bot.cog import MAX_WAITING_PER_CHANNEL, QACog
from bot.discord_bot.errors import APOLOGY, OUTDATED_COMMAND
from bot.discord_bot.render import HELP, NOT_FOUND, TEXT_ONLY
from bot.settings import Settings
from index.service import MAX_QUESTION_CHARS, QAService
from tests.bot.discord.conftest import BotFactory
from tests.bot.discord.test_render import bold_runs, visible
from tests.fakes.fake_discord import (
    FakeDiscord,
    HeldSends,
    HttpAnswer,
    delete_every_message_replied_to,
    forbid_sending,
    mention,
    refuse_sending,
)

QUESTION = "Why won't Lukashenko send troops to Ukraine?"
UNRELATED = "What is a good recipe for banana bread?"


def field(embed: discord.Embed, name: str) -> str | None:
    return next((f.value for f in embed.fields if f.name == name), None)


def assert_quotes_the_answer(embed: discord.Embed, seeded: QAService, question: str) -> None:
    expected = seeded.ask(question)
    assert expected.answered and expected.source and expected.quote and expected.highlight
    assert embed.title == expected.source.title
    assert embed.url == expected.source.url
    assert field(embed, "Author") == expected.source.author
    assert field(embed, "Publisher") == expected.source.publisher
    assert field(embed, "Published") == expected.source.published_label()
    description = embed.description or ""
    assert all(line.startswith(">") for line in description.split("\n")), "the quote is a block quote"
    assert visible(description) == expected.display_quote(), "the quote is verbatim"
    assert " ".join(bold_runs(description)) == " ".join(expected.highlight.split())


async def test_ask_answers_with_the_quote_its_best_sentence_and_attribution(
    fake_discord: FakeDiscord, seeded: QAService
) -> None:
    replies = await fake_discord.slash("ask", question=QUESTION)

    assert len(replies) == 1
    answer = replies[0]
    assert not answer.ephemeral and len(answer.embeds) == 1
    assert_quotes_the_answer(answer.embeds[0], seeded, QUESTION)
    assert fake_discord.api.by_token  # the work was deferred first, so Discord's 3 s deadline never bites
    assert all(log.deferred for log in fake_discord.api.by_token.values())
    assert seeded.stats().questions == 1  # recorded with the asker, for the feedback buttons


async def test_nothing_relevant_gets_an_honest_reply_pointing_to_sources(
    fake_discord: FakeDiscord, seeded: QAService
) -> None:
    assert not seeded.ask(UNRELATED).answered

    [reply] = await fake_discord.slash("ask", question=UNRELATED)

    assert reply.content == NOT_FOUND and "/sources" in reply.content
    assert reply.embeds == [] and reply.custom_ids() == []


async def test_ask_help_gets_the_help_privately_not_a_quote(
    fake_discord: FakeDiscord, seeded: QAService
) -> None:
    [reply] = await fake_discord.slash("ask", question="what can you do?")

    assert reply.ephemeral and reply.content == HELP and not reply.embeds
    assert seeded.stats().questions == 0


async def test_a_message_that_asks_the_sources_nothing_gets_a_fitting_reply_not_a_refusal(
    fake_discord: FakeDiscord, discord_bot: QABot, seeded: QAService
) -> None:
    """A DM "thanks" or "👍", and "/ask what time is it?", were told "I couldn't find that in my
    sources", as if the sources lacked something."""
    [now] = await fake_discord.slash("ask", question="What time is it?")
    member = dpytest.get_config().members[0]
    dm = await member.create_dm()
    replies = []
    for message in ("thanks!", "👍", "bad bot"):
        await dpytest.message(message, channel=dm, member=member)
        replies.append(dpytest.get_message().content)

    assert now.ephemeral and now.content == ABOUT_NOW and not now.embeds
    assert replies == [YOU_ARE_WELCOME, NOT_A_QUESTION, SORRY]
    assert seeded.stats().questions == 0


async def test_thanks_and_help_do_not_use_up_the_questions_of_a_minute(
    make_bot: BotFactory, seeded: QAService
) -> None:
    """Ten DM "thanks" counted as ten questions: the limit notice came next, and then a real question
    got no answer at all. As on Telegram, they are light requests."""
    await make_bot(rate_limit_per_minute=2)
    member = dpytest.get_config().members[0]
    dm = await member.create_dm()
    for message in ("thanks!", "👍", "help", "ok thanks"):
        await dpytest.message(message, channel=dm, member=member)
        assert not dpytest.get_message().embeds

    await dpytest.message(QUESTION, channel=dm, member=member)

    assert dpytest.get_message().embeds  # answered with a quote


async def test_an_overlong_question_is_refused_privately(
    fake_discord: FakeDiscord, seeded: QAService
) -> None:
    [reply] = await fake_discord.slash("ask", question="why " * (MAX_QUESTION_CHARS // 3))

    assert reply.ephemeral and "too long" in (reply.content or "")
    assert seeded.stats().questions == 0


async def test_someone_asking_too_fast_is_told_to_wait_and_others_are_not_held_up(
    make_bot: BotFactory, seeded: QAService
) -> None:
    fake_discord = FakeDiscord(await make_bot(rate_limit_per_minute=1))
    alice, bob = fake_discord.members

    [first] = await fake_discord.slash("ask", member=alice, question=QUESTION)
    [too_soon] = await fake_discord.slash("ask", member=alice, question=QUESTION)
    [someone_else] = await fake_discord.slash("ask", member=bob, question=QUESTION)

    assert first.embeds and someone_else.embeds
    assert too_soon.ephemeral and "try again" in (too_soon.content or "")
    assert seeded.stats().questions == 2


async def test_other_passages_count_as_questions_for_the_rate_limit(make_bot: BotFactory) -> None:
    """Each press searches again; counted as a light action, one person had 38 searches a minute."""
    fake_discord = FakeDiscord(await make_bot(rate_limit_per_minute=2))

    [answer] = await fake_discord.slash("ask", question=QUESTION)
    [others] = await fake_discord.click(answer, answer.button("Other passages"))
    [too_many] = await fake_discord.click(answer, answer.button("Other passages"))

    assert others.embeds
    assert too_many.ephemeral and "at most 2 questions a minute" in (too_many.content or "")


async def test_ask_while_too_many_questions_are_being_answered_is_refused_to_the_asker_alone(
    fake_discord: FakeDiscord, seeded: QAService
) -> None:
    """Refused after the public "thinking…", the refusal replaced it for the whole channel to read."""
    bot = fake_discord.bot
    assert isinstance(bot, QABot)
    bot.chat.answers = AnswerQueue(max_in_flight=0)  # every answering slot taken

    [reply] = await fake_discord.slash("ask", question=QUESTION)

    assert reply.ephemeral and reply.content == ANSWERS_BUSY
    assert not any(log.deferred for log in fake_discord.api.by_token.values())


async def test_a_bug_is_logged_with_its_traceback_and_the_user_gets_an_apology(
    fake_discord: FakeDiscord,
    seeded: QAService,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken_ask(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the index is on fire")

    monkeypatch.setattr(seeded, "ask", broken_ask)

    [reply] = await fake_discord.slash("ask", question=QUESTION)

    assert reply.content == APOLOGY
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR and r.exc_info]
    assert "the index is on fire" in str(record.exc_info[1])  # type: ignore[index]


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("ask", {}),
        ("ask", {"query": QUESTION}),
        ("kb", {}),
        ("quote", {"text": "x"}),
        ("ask", {"question": 42}),  # an option of another type (a TypeError and an apology before)
        ("kb add", {"url": 7}),
    ],
)
async def test_a_command_discord_shows_as_it_no_longer_is_gets_told_to_reload_not_an_apology(
    fake_discord: FakeDiscord, caplog: pytest.LogCaptureFixture, command: str, options: dict[str, str | int]
) -> None:
    """After an update, or where /kb is no longer registered, Discord sends the old command for a while,
    with options of other names, or other types."""
    [reply] = await fake_discord.slash(command, **options)

    assert reply.ephemeral and reply.content == OUTDATED_COMMAND
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_suggestions_asked_for_a_command_no_longer_registered_are_none_not_an_error(
    fake_discord: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    """The error message was sent where Discord takes only suggestions: refused, and logged as an ERROR."""
    offered = await fake_discord.autocomplete("quote", "text", "Sazo")

    assert offered == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_thumbs_up_and_down_are_stored_with_the_question(
    fake_discord: FakeDiscord, seeded: QAService
) -> None:
    [answer] = await fake_discord.slash("ask", question=QUESTION)

    [thanks] = await fake_discord.click(answer, answer.button("👍"))
    assert thanks.ephemeral and "👍" in (thanks.content or "")
    assert (seeded.stats().thumbs_up, seeded.stats().thumbs_down) == (1, 0)

    await fake_discord.click(answer, answer.button("👎"))  # changing one's mind counts once
    assert (seeded.stats().thumbs_up, seeded.stats().thumbs_down) == (0, 1)


async def test_other_passages_shows_the_runner_up_quotes_with_their_sources(
    fake_discord: FakeDiscord, seeded: QAService
) -> None:
    expected = seeded.ask(QUESTION).alternatives
    assert expected, "the bundled article has more than one relevant passage"
    [answer] = await fake_discord.slash("ask", question=QUESTION)

    [others] = await fake_discord.click(answer, answer.button("Other passages"))

    assert others.ephemeral
    assert [visible(e.description or "") for e in others.embeds] == [a.display_quote() for a in expected]
    assert [e.title for e in others.embeds] == [a.source.title for a in expected]


async def test_a_mention_in_a_channel_is_answered_and_other_chatter_ignored(
    discord_bot: QABot, seeded: QAService
) -> None:
    assert discord_bot.user is not None
    await dpytest.message(f"<@{discord_bot.user.id}> {QUESTION}")

    reply = dpytest.get_message()
    assert_quotes_the_answer(reply.embeds[0], seeded, QUESTION)

    await dpytest.message(f"I was reading about why Lukashenko won't send troops to Ukraine, {QUESTION}")
    assert dpytest.verify().message().nothing()
    assert seeded.stats().questions == 1


async def test_a_bare_mention_under_a_members_question_asks_that_question(
    discord_bot: QABot, seeded: QAService
) -> None:
    """It was told "the message was empty"."""
    assert discord_bot.user is not None
    asker, helper = dpytest.get_config().members[:2]
    asked = await dpytest.message(QUESTION, member=asker)  # not addressed to the bot: chatter
    assert dpytest.verify().message().nothing()
    channel = dpytest.get_config().channels[0]
    data = factories.make_message_dict(
        channel, helper, content=f"<@{discord_bot.user.id}>", guild_id=channel.guild.id, type=19
    )
    data["message_reference"] = {"message_id": str(asked.id), "channel_id": str(channel.id)}
    data["referenced_message"] = factories.dict_from_message(asked)
    data["mentions"] = [factories.dict_from_user(discord_bot.user)]  # type: ignore[arg-type]
    discord_bot._connection.parse_message_create(data)  # type: ignore[arg-type]
    await dpytest.run_all_events()

    assert_quotes_the_answer(dpytest.get_message().embeds[0], seeded, QUESTION)


async def test_a_flood_of_mentions_is_told_once_to_wait_then_refused_quietly(
    make_bot: BotFactory, seeded: QAService
) -> None:
    bot = await make_bot(rate_limit_per_minute=1)
    assert bot.user is not None
    for _ in range(6):
        await dpytest.message(f"<@{bot.user.id}> {QUESTION}")

    replies = []
    while not dpytest.sent_queue.empty():
        replies.append(dpytest.get_message())
    assert len(replies) == 2  # the answer, then one "please wait"
    assert replies[0].embeds and "try again in" in replies[1].content
    assert seeded.stats().questions == 1


async def test_a_flood_of_empty_mentions_is_rate_limited_too(make_bot: BotFactory, seeded: QAService) -> None:
    """Each "the message was empty" is a message the bot sends: it counts like a question."""
    bot = await make_bot(rate_limit_per_minute=1)
    assert bot.user is not None
    for _ in range(6):
        await dpytest.message(f"<@{bot.user.id}>")

    replies = []
    while not dpytest.sent_queue.empty():
        replies.append(dpytest.get_message().content)
    assert len(replies) == 2  # told once it was empty, once to wait, then silence
    assert "empty" in replies[0] and "try again in" in replies[1]


async def test_a_question_deleted_before_its_answer_still_gets_the_answer(
    make_bot: BotFactory, seeded: QAService, caplog: pytest.LogCaptureFixture
) -> None:
    """By its asker, a moderator or AutoMod: Discord refuses a reply to it, and the apology too."""
    bot = await make_bot()
    assert bot.user is not None
    delete_every_message_replied_to(bot)

    with caplog.at_level(logging.WARNING):
        await dpytest.message(f"<@{bot.user.id}> {QUESTION}")
        await dpytest.message(f"<@{bot.user.id}>")  # an empty question: told so

    answer, told = dpytest.get_message(), dpytest.get_message()
    assert_quotes_the_answer(answer.embeds[0], seeded, QUESTION)
    assert "empty" in told.content
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def _until(condition: Callable[[], bool], seconds: float = 30.0) -> None:
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.01)

    await asyncio.wait_for(poll(), seconds)


async def test_replies_waiting_for_a_flooded_channels_limit_are_bounded(
    make_bot: BotFactory, seeded: QAService, caplog: pytest.LogCaptureFixture
) -> None:
    """Accounts each within their own budget mentioning the bot in one channel: every reply waited for
    the channel's flood limit, holding its task and answer, for as long as the flood lasted."""
    bot = await make_bot(rate_limit_per_minute=1000)
    assert bot.user is not None
    cog = bot.get_cog("Q&A")
    assert isinstance(cog, QACog)
    held = HeldSends(bot)
    member, channel = dpytest.get_config().members[0], dpytest.get_config().channels[0]
    flood = MAX_WAITING_PER_CHANNEL + 4

    def dropped() -> int:
        return sum("dropped" in record.getMessage() for record in caplog.records)

    with caplog.at_level(logging.INFO):
        try:
            for _ in range(flood):
                mention(bot, member, f"<@{bot.user.id}> {QUESTION}")
            full = MAX_WAITING_PER_CHANNEL
            await _until(lambda: held.waiting == full and dropped() == flood - full)
        finally:
            held.release()  # else a failure leaves the sends waiting for ever
        await _until(lambda: dpytest.sent_queue.qsize() == MAX_WAITING_PER_CHANNEL)
        await _until(lambda: cog.sending.waiting(str(channel.id)) == 0)

    replies = [dpytest.get_message() for _ in range(MAX_WAITING_PER_CHANNEL)]
    assert all(reply.channel.id == channel.id for reply in replies)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    await dpytest.message(f"<@{bot.user.id}> {QUESTION}")  # the flood over, the channel is answered
    assert_quotes_the_answer(dpytest.get_message().embeds[0], seeded, QUESTION)


async def test_a_refusal_takes_no_place_from_answers_waiting_for_the_channel(
    make_bot: BotFactory, seeded: QAService
) -> None:
    """Refusals are ready at once: ten "busy" notices to a flood's refused askers took the channel's
    waiting places, and the answers worked out after them were dropped. Notices take half at most."""
    bot = await make_bot(rate_limit_per_minute=100)
    assert bot.user is not None
    held = HeldSends(bot)
    member, half = dpytest.get_config().members[0], MAX_WAITING_PER_CHANNEL // 2
    try:
        for _ in range(half):
            mention(bot, member, f"<@{bot.user.id}> {QUESTION}")
        await _until(lambda: held.waiting == half)  # answers wait for the channel's flood limit
        mention(bot, member, f"<@{bot.user.id}> {'why ' * MAX_QUESTION_CHARS}")  # refused: too long
        await asyncio.sleep(0.5)
        assert held.waiting == half  # the refusal did not join them
    finally:
        held.release()
    await _until(lambda: held.waiting == 0)
    await asyncio.sleep(0.2)

    replies = [dpytest.get_message() for _ in range(dpytest.sent_queue.qsize())]
    assert len(replies) == half and all(reply.embeds for reply in replies)


async def test_a_mention_where_the_bot_may_not_post_is_no_error(
    make_bot: BotFactory, seeded: QAService, caplog: pytest.LogCaptureFixture
) -> None:
    """A channel it can read but not write in: the answer and then the apology failed, two tracebacks."""
    bot = await make_bot()
    assert bot.user is not None
    forbid_sending(bot)

    with caplog.at_level(logging.INFO):
        await dpytest.message(f"<@{bot.user.id}> {QUESTION}")

    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("Could not answer in channel" in r.getMessage() for r in caplog.records)


async def test_where_the_bot_may_not_read_history_the_answer_is_sent_without_replying(
    discord_bot: QABot, seeded: QAService, caplog: pytest.LogCaptureFixture
) -> None:
    """Discord refuses a reply without Read Message History (the server's choice of the bot's
    permissions): the answer and then its apology failed, logged as two ERROR tracebacks."""
    no_history = {"code": 160002, "message": "Cannot reply without permission to read message history"}
    refuse_sending(
        discord_bot, discord.HTTPException(HttpAnswer(400, "Bad Request"), no_history), replies_only=True
    )  # type: ignore[arg-type]
    assert discord_bot.user is not None
    await dpytest.message(f"<@{discord_bot.user.id}> {QUESTION}")

    reply = dpytest.get_message()
    assert_quotes_the_answer(reply.embeds[0], seeded, QUESTION)
    assert reply.reference is None
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_reply_waits_out_a_channels_429_for_a_bounded_time(
    seeded: QAService, settings: Settings
) -> None:
    """discord.py waited out five 429s of any length: a day's retry_after held the reply a day."""
    bot = create_bot(seeded, settings)
    try:
        assert bot.http.max_ratelimit_timeout == MAX_RATE_LIMIT_WAIT  # past it, discord.RateLimited
    finally:
        await bot.http.close()


@pytest.mark.parametrize("failure", ["outage", "long 429"])
async def test_an_answer_discord_fails_to_take_is_one_warning_and_no_apology(
    discord_bot: QABot, caplog: pytest.LogCaptureFixture, failure: str
) -> None:
    """A 503 past discord.py's retries, or a channel's 429 asking for a longer wait than a reply is
    held (`MAX_RATE_LIMIT_WAIT`; discord.py waited out five of any length): no bug here, and the
    apology would fail the same way."""
    outage = discord.DiscordServerError(HttpAnswer(503, "Service Unavailable"), "upstream connect error")  # type: ignore[arg-type]
    tried = refuse_sending(discord_bot, outage if failure == "outage" else discord.RateLimited(600.0))
    assert discord_bot.user is not None
    await dpytest.message(f"<@{discord_bot.user.id}> {QUESTION}")

    assert len(tried) == 1
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "Discord did not take an answer" in caplog.text


async def test_any_direct_message_is_a_question(discord_bot: QABot, seeded: QAService) -> None:
    member = dpytest.get_config().members[0]
    dm = await member.create_dm()

    await dpytest.message(QUESTION, channel=dm, member=member)

    reply = dpytest.get_message()
    assert reply.channel.id == dm.id
    assert_quotes_the_answer(reply.embeds[0], seeded, QUESTION)


async def test_thanks_in_reply_to_an_answer_in_a_dm_gets_no_reply(
    discord_bot: QABot, seeded: QAService
) -> None:
    """As in a server: "thanks!" under an answer was answered "I couldn't find that in my sources" and
    counted as an unanswered question."""
    member = dpytest.get_config().members[0]
    dm = await member.create_dm()
    await dpytest.message(QUESTION, channel=dm, member=member)
    answer = dpytest.get_message()

    for thanks in ("thanks!", "👍", "ok thanks"):
        data = factories.make_message_dict(dm, member, content=thanks, type=19)
        data["message_reference"] = {"message_id": str(answer.id), "channel_id": str(dm.id)}
        data["referenced_message"] = factories.dict_from_message(answer)
        discord_bot._connection.parse_message_create(data)  # type: ignore[arg-type]
        await dpytest.run_all_events()
    await dpytest.message(
        "What did Sazonov call Belarus?", channel=dm, member=member
    )  # still a DM's question

    assert "occupied country" in (dpytest.get_message().embeds[0].description or "")
    assert dpytest.verify().message().nothing()
    assert seeded.stats().questions == 2


async def test_a_dm_with_nothing_written_is_asked_for_text(discord_bot: QABot, seeded: QAService) -> None:
    member = dpytest.get_config().members[0]
    dm = await member.create_dm()

    await dpytest.message("", channel=dm, member=member)  # what a picture, a sticker or a forward carries

    assert dpytest.get_message().content == TEXT_ONLY
    assert seeded.stats().questions == 0


@pytest.mark.parametrize(
    "message", ["help", "hi", "Hello there!"]
)  # a greeting was told "I couldn't find that"
async def test_help_asked_in_words_gets_the_help_not_a_quote(
    discord_bot: QABot, seeded: QAService, message: str
) -> None:
    member = dpytest.get_config().members[0]
    dm = await member.create_dm()

    await dpytest.message(message, channel=dm, member=member)

    reply = dpytest.get_message()
    assert reply.content == HELP and not reply.embeds
    assert seeded.stats().questions == 0


async def test_a_bare_mention_is_told_to_ask_something(discord_bot: QABot, seeded: QAService) -> None:
    assert discord_bot.user is not None
    await dpytest.message(f"<@{discord_bot.user.id}>")

    reply = dpytest.get_message()
    assert "ask a question" in reply.content.lower()
    assert seeded.stats().questions == 0


async def test_an_answer_is_sent_when_discord_will_not_show_typing(
    discord_bot: QABot, seeded: QAService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The typing indicator decorates an answer; its failure (no permission, an outage) loses nothing."""

    class _Outage:
        status = 503
        reason = "Service Unavailable"

    async def send_typing(_channel_id: int) -> None:
        raise discord.DiscordServerError(_Outage(), "upstream connect error")  # type: ignore[arg-type]

    monkeypatch.setattr(discord_bot._connection.http, "send_typing", send_typing)
    assert discord_bot.user is not None
    await dpytest.message(f"<@{discord_bot.user.id}> {QUESTION}")

    reply = dpytest.get_message()
    assert_quotes_the_answer(reply.embeds[0], seeded, QUESTION)


async def test_a_channel_where_the_bot_may_not_post_embeds_gets_the_answer_as_text(
    discord_bot: QABot, seeded: QAService, caplog: pytest.LogCaptureFixture
) -> None:
    """Without Embed Links Discord refuses an embed-only message: the bot said what it did not know
    and was silent on what it did."""
    assert discord_bot.user is not None
    channel = dpytest.get_config().channels[0]
    me = channel.guild.me
    channel._overwrites = [discord.abc._Overwrites({"id": me.id, "type": 1, "allow": "0", "deny": "16384"})]
    assert not channel.permissions_for(me).embed_links

    with caplog.at_level(logging.WARNING):
        for _ in range(2):
            await dpytest.message(f"<@{discord_bot.user.id}> {QUESTION}")

    answers = [dpytest.get_message(), dpytest.get_message()]
    for answer in answers:
        assert not answer.embeds and answer.content.startswith("> ")
        assert "would mean he is losing control" in answer.content and "— Oleg Sukhov" in answer.content
    assert [r.getMessage() for r in caplog.records if "Embed Links" in r.getMessage()] != []
    assert len([r for r in caplog.records if "Embed Links" in r.getMessage()]) == 1  # once a channel


async def test_a_message_discord_delivers_twice_is_answered_once(
    discord_bot: QABot, seeded: QAService
) -> None:
    """A resume that replays an event already handled had its question answered twice."""
    assert discord_bot.user is not None
    channel, member = dpytest.get_config().channels[0], dpytest.get_config().members[0]
    data = factories.make_message_dict(
        channel,
        member,
        content=f"<@{discord_bot.user.id}> {QUESTION}",
        guild_id=channel.guild.id,
        member=member,
    )
    data["mentions"] = [factories.dict_from_user(discord_bot.user)]  # type: ignore[arg-type]
    for _ in range(2):
        discord_bot._connection.parse_message_create(data)  # type: ignore[arg-type]
        await dpytest.run_all_events()

    assert_quotes_the_answer(dpytest.get_message().embeds[0], seeded, QUESTION)
    assert dpytest.verify().message().nothing()
    assert seeded.stats().questions == 1
