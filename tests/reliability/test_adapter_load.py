"""Load through the Telegram adapter: 500 questions from 100 people while a moderator adds and removes a
source, end to end through python-telegram-bot, its real flood limiter and the fake Bot API server."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import AsyncIterator
from functools import partial
from typing import Any

import pytest

from bot.chat import context as chat_context
from bot.chat.answer_queue import AnswerQueue
from bot.settings import Settings
from bot.telegram_bot.render import NOT_FOUND
from index.service import QAService
from tests.bot.telegram import conftest as telegram_fixtures
from tests.bot.telegram.conftest import MODERATOR_ID, StartBot
from tests.conftest import KNOWLEDGE, SEED_ID
from tests.fakes.fake_telegram import BOT_USERNAME, Chat, FakeBotApi, SentMessage
from tests.reliability.conftest import kb_state

USERS = 100
QUESTIONS_PER_USER = 5
GROUP_USERS = 10  # the first users ask by mention in a group of their own, the rest in private
# Early enough that questions remain after each acknowledgement: Telegram's flood limit (30 messages a
# second, kept by python-telegram-bot) queues it behind up to one answer per person.
ADD_AFTER_REPLIES = 100
REMOVE_AFTER_REPLIES = 250

SEED_TEXT = (KNOWLEDGE / f"{SEED_ID}.md").read_text(encoding="utf-8")
ARTICLE_ID = "skerryvane"
ARTICLE_TITLE = "The keeper of Skerryvane lighthouse"
ARTICLE = f"""---
title: {ARTICLE_TITLE}
publisher: Northern Coast Gazette
---

Skerryvane lighthouse was kept for forty-one years by Margit Halvorsen, who trimmed its wick every night.

In the great storm of 1953 she rowed out alone and rescued eleven fishermen from the wrecked trawler Solvig.
"""
ARTICLE_QUESTIONS = (
    "Who rescued the fishermen from the trawler Solvig?",
    "Who kept Skerryvane lighthouse for forty-one years?",
)
QUESTIONS = (
    "Why won't Lukashenko send troops to Ukraine?",
    ARTICLE_QUESTIONS[0],
    "Which countries are playing both sides?",
    "Who did Khamenei meet in Tehran?",
    ARTICLE_QUESTIONS[1],
    "How did Russia's influence among former Soviet countries change?",
    "What is a good recipe for banana bread?",
)


class TimedBotApi(FakeBotApi):
    """The fake server, also noting when each message reached it, by chat and by the message it replies to.

    In groups the bot replies to the question's message; in a private chat python-telegram-bot does not
    quote, so there a reply is matched by its chat and its order.
    """

    def __post_init__(self) -> None:
        super().__post_init__()
        self.sent_at: dict[int, float] = {}
        self.by_chat: dict[int, list[SentMessage]] = {}
        self.replies_to: dict[tuple[int, int], list[SentMessage]] = {}

    async def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        result = await super()._api_sendMessage(params)
        sent = self.messages[-1]
        self.sent_at[sent.message_id] = time.perf_counter()
        self.by_chat.setdefault(sent.chat_id, []).append(sent)
        if sent.reply_to is not None:
            self.replies_to.setdefault((sent.chat_id, sent.reply_to), []).append(sent)
        return result

    def replies_in(self, chat_id: int) -> list[SentMessage]:
        return self.by_chat.get(chat_id, [])


def _has_replies(api: TimedBotApi, chat_id: int, count: int) -> bool:
    return len(api.replies_in(chat_id)) >= count


def _verbatim(quote: str) -> str:
    return quote.removeprefix("… ").removesuffix(" …")


# The Telegram suite's fixtures, here under their own names (pytest registers them by those).
bot_settings = telegram_fixtures.bot_settings
start_bot = telegram_fixtures.start_bot


@pytest.fixture
async def fake_api() -> AsyncIterator[TimedBotApi]:
    async with TimedBotApi() as api:
        yield api


async def test_500_questions_from_100_people_while_a_source_comes_and_goes(
    bot_settings: Settings,
    seeded: QAService,
    start_bot: StartBot,
    fake_api: TimedBotApi,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every question gets exactly one reply, and no reply mixes the knowledge base before and after.

    Positions in the fake server's list of sent messages order events without clocks: a question
    "pushed after" a reply means that reply was already in the list when the question was queued.

    - Exactly once: each question message gets one sendMessage with its reply_to_message_id, in its
      chat, and nothing else reaches the askers.
    - Consistent: every answer's quote is a verbatim slice of the bundled article or the added one,
      and its attribution names that same source (never one source's words under another's name).
    - Never before the add, never after the removal: a quote from the added article appears only in
      replies sent after the moderator's /add was queued, to questions queued before the removal was
      acknowledged. `remove()` refreshes this process's index before it returns, so a question queued
      after the acknowledgement must not see the source, not even through the answer cache.
    - The new state is seen at once: every question about the article queued after the addition was
      acknowledged and answered before /remove was queued is answered from the article.
    """
    assert not seeded.ask(ARTICLE_QUESTIONS[0]).answered  # only the added article can answer it
    before = kb_state(seeded)
    # Five questions each within seconds is not abuse here; the limit has tests of its own.
    # Nor is the burst of all 100 people asking at once at the start: past the 64 questions that may be
    # in flight (tested on its own too), some heard "busy". Peaks of 62, 85 and 88 in three runs.
    monkeypatch.setattr(chat_context, "AnswerQueue", partial(AnswerQueue, max_in_flight=USERS + 1))
    await start_bot(bot_settings.model_copy(update={"rate_limit_per_minute": 1000}), seeded)
    # (chat, question message) -> question, when it was sent, messages the bot had sent by then, reply
    pushed: dict[tuple[int, int], tuple[str, float, int]] = {}
    reply_for: dict[tuple[int, int], SentMessage] = {}
    moderator_chat = fake_api.private_chat(MODERATOR_ID)
    marks: dict[str, int] = {}

    async def user(n: int) -> None:
        user_id = 20_000 + n
        in_group = n < GROUP_USERS
        chat: Chat = fake_api.group_chat(-300_000 - n) if in_group else fake_api.private_chat(user_id)
        for i in range(QUESTIONS_PER_USER):
            question = QUESTIONS[(n + i) % len(QUESTIONS)]
            position = len(fake_api.messages)
            started = time.perf_counter()
            message_id = await fake_api.user_sends(
                chat, user_id, f"@{BOT_USERNAME} {question}" if in_group else question
            )
            key = (chat.id, message_id)
            pushed[key] = (question, started, position)
            # One question at a time, as people do: the next waits for this one's reply.
            await fake_api.wait_until(partial(_has_replies, fake_api, chat.id, i + 1), timeout=120)
            reply_for[key] = fake_api.replies_to[key][0] if in_group else fake_api.replies_in(chat.id)[i]

    def answered() -> int:
        return len(fake_api.messages) - len(fake_api.replies_in(moderator_chat.id))

    async def moderator() -> None:
        await fake_api.wait_until(lambda: answered() >= ADD_AFTER_REPLIES, timeout=120)
        marks["add_queued"] = len(fake_api.messages)
        await fake_api.user_uploads(
            moderator_chat, MODERATOR_ID, f"{ARTICLE_ID}.md", ARTICLE.encode(), caption="/add"
        )
        await fake_api.wait_until(lambda: len(fake_api.replies_in(moderator_chat.id)) >= 1, timeout=120)
        marks["add_acknowledged"] = fake_api.messages.index(fake_api.replies_in(moderator_chat.id)[0])
        await fake_api.wait_until(lambda: answered() >= REMOVE_AFTER_REPLIES, timeout=120)
        marks["remove_queued"] = len(fake_api.messages)
        await fake_api.user_sends(moderator_chat, MODERATOR_ID, f"/remove {ARTICLE_ID}")
        await fake_api.wait_until(lambda: len(fake_api.replies_in(moderator_chat.id)) >= 2, timeout=120)
        marks["remove_acknowledged"] = fake_api.messages.index(fake_api.replies_in(moderator_chat.id)[1])

    started = time.perf_counter()
    await asyncio.gather(moderator(), *(user(n) for n in range(USERS)))
    elapsed = time.perf_counter() - started
    # Let the bot poll once more: it has then taken every update, so a duplicate would be on its way.
    polls = fake_api.calls.count("getUpdates")
    await fake_api.wait_until(lambda: fake_api.calls.count("getUpdates") > polls)
    await asyncio.sleep(0.5)

    add_report, remove_report = fake_api.sent_to(moderator_chat)
    assert add_report.text.startswith(f"Added {ARTICLE_ID}"), add_report.text
    assert remove_report.text.startswith(f"Removed {ARTICLE_ID}"), remove_report.text
    assert kb_state(seeded).sources == before.sources
    assert fake_api.rejected == []

    # Exactly once.
    assert len(pushed) == USERS * QUESTIONS_PER_USER
    user_replies = [m for m in fake_api.messages if m.chat_id != moderator_chat.id]
    assert len(user_replies) == len(pushed)
    for chat_id in {chat_id for chat_id, _ in pushed}:
        assert len(fake_api.replies_in(chat_id)) == QUESTIONS_PER_USER, chat_id
    for (chat_id, message_id), reply in reply_for.items():
        if chat_id < 0:
            assert fake_api.replies_to[(chat_id, message_id)] == [reply]

    latencies = []
    from_article = 0
    for key, (question, asked_at, position) in pushed.items():
        reply = reply_for[key]
        latencies.append(fake_api.sent_at[reply.message_id] - asked_at)
        reply_position = fake_api.messages.index(reply)
        quotes = reply.parsed.spans("blockquote")
        if not quotes:
            assert reply.text == NOT_FOUND, reply.text
            source = None
        else:
            quote = _verbatim(quotes[0])
            in_seed, in_article = quote in SEED_TEXT, quote in ARTICLE
            assert in_seed != in_article, (question, quote)
            source = "article" if in_article else "seed"
            attribution = reply.text[reply.text.index(quotes[0]) + len(quotes[0]) :]
            assert (ARTICLE_TITLE in attribution) == in_article, reply.text
        if source == "article":
            from_article += 1
            assert reply_position >= marks["add_queued"], question
            assert position <= marks["remove_acknowledged"], (question, position, marks)
        # Asked after the add was acknowledged and answered before the removal was even queued: the
        # article was there the whole time. (A question queued just before the removal may be taken
        # after it: updates are handled concurrently, and a removal is quicker than an answer.)
        if (
            question in ARTICLE_QUESTIONS
            and marks["add_acknowledged"] < position
            and (reply_position < marks["remove_queued"])
        ):
            assert source == "article", (question, reply.text)
        if position > marks["remove_acknowledged"]:
            assert source != "article", (question, reply.text)

    asked_late = sum(1 for _, _, position in pushed.values() if position > marks["remove_acknowledged"])
    ordered = sorted(latencies)
    p50 = statistics.median(ordered)
    p99 = ordered[int(0.99 * len(ordered)) - 1]
    print(
        f"\nTelegram load: {len(pushed)} questions from {USERS} people in {elapsed:.1f} s; "
        f"latency p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms; "
        f"{from_article} answers from the added article, {asked_late} questions after its removal"
    )
    # The run really exercised both sides of the change.
    assert from_article > 0 and asked_late > 0
