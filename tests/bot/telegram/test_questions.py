"""Questions in private chats and groups, end to end through python-telegram-bot and the fake Bot API."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import pytest
from telegram import Chat, Message, MessageEntity, User

from bot.chat.chatter import ABOUT_NOW, GOODBYE, NOT_A_QUESTION, SORRY, YOU_ARE_WELCOME
from bot.settings import Settings
from bot.telegram_bot.button_presses import ALREADY_POSTED
from bot.telegram_bot.handlers import PRIVATE_HINT
from bot.telegram_bot.keyboards import OTHER_PASSAGES, THUMBS_DOWN, WHOLE_PARAGRAPH
from bot.telegram_bot.polling import POLLING_STOPPED
from bot.telegram_bot.redaction import redact_from_logs
from bot.telegram_bot.render import NOT_FOUND
from bot.telegram_bot.transport import TRANSIENT_RETRIES
from bot.telegram_bot.updates import without_mentions
from index.errors import QabotError
from index.service import QAService
from tests.bot.telegram.conftest import RunningBot, StartBot
from tests.conftest import KNOWLEDGE, LONG_READ_QUESTION
from tests.fakes.fake_telegram import BOT_ID, BOT_USERNAME, FakeBotApi

QUESTION = "Why won't Lukashenko send troops to Ukraine?"
ARTICLE_TEXT = next(KNOWLEDGE.glob("*.md")).read_text(encoding="utf-8")


def verbatim(shown: str) -> str:
    """The quote without the ellipses that mark a paragraph going on beyond it."""
    return shown.removeprefix("… ").removesuffix(" …")


async def test_private_question_is_answered_with_quote_and_attribution(
    telegram_bot: RunningBot, fake_api: FakeBotApi
) -> None:
    chat = fake_api.private_chat(501)
    await fake_api.user_sends(chat, 501, QUESTION)
    [reply] = await fake_api.replies(chat)

    [quote] = reply.parsed.spans("blockquote")
    assert verbatim(quote) in ARTICLE_TEXT
    *_, best_sentence = reply.parsed.spans("b")  # long quotes also lead with it, above the quote
    assert best_sentence in quote
    assert "Lukashenko" in quote
    attribution = reply.text[reply.text.index(quote) + len(quote) :]
    assert (
        "Oleg Sukhov" in attribution and "The Kyiv Independent" in attribution and "5 Dec 2022" in attribution
    )
    [(link_text, href)] = reply.parsed.links()
    assert "How Russia loses allies" in link_text
    assert href.startswith("https://kyivindependent.com/how-russia-loses-allies")
    assert (chat.id, "typing") in fake_api.chat_actions
    assert {c["command"] for c in fake_api.commands} >= {"ask", "sources", "help"}
    assert fake_api.rejected == []


async def test_who_wrote_the_article_gets_its_byline_quoted_with_the_attribution(
    telegram_bot: RunningBot, fake_api: FakeBotApi
) -> None:
    chat = fake_api.private_chat(502)
    await fake_api.user_sends(chat, 502, "who wrote this article?")
    [reply] = await fake_api.replies(chat)

    assert reply.parsed.spans("blockquote") == ["Oleg Sukhov"]
    [(link_text, _)] = reply.parsed.links()
    assert "How Russia loses allies" in link_text
    assert WHOLE_PARAGRAPH not in reply.buttons()  # no passage to show around it
    assert fake_api.rejected == []


async def test_a_question_deleted_before_its_answer_still_gets_the_answer_without_an_error(
    telegram_bot: RunningBot, fake_api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    """By its asker, an admin or an anti-spam bot: a reply to it would fail, and so would the apology."""
    group = fake_api.group_chat(-100_203)
    fake_api.held = {"sendMessage"}
    with caplog.at_level(logging.WARNING):
        question = await fake_api.user_sends(group, 605, f"@{BOT_USERNAME} {QUESTION}")
        await fake_api.wait_until(lambda: "sendMessage" in fake_api.calls)
        fake_api.user_deletes(group, question)
        fake_api.release_held()
        [answer] = await fake_api.replies(group)

    assert "Lukashenko" in answer.text
    assert fake_api.rejected == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_an_update_the_library_cannot_read_is_skipped_and_the_next_answered(
    telegram_bot: RunningBot, fake_api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    """A poll without fields python-telegram-bot requires (as a Bot API server older than the library
    sends it) failed its whole batch, which was fetched again about 180 times a second: nothing else was
    answered, and each failure logged the batch at CRITICAL."""
    stranger, asker = fake_api.private_chat(611), fake_api.private_chat(612)
    poll = {"id": "5", "question": "Best lighthouse?", "options": [{"text": "A", "voter_count": 0}]}
    with caplog.at_level(logging.WARNING):
        await fake_api.user_sends_poll(stranger, 611, poll)
        await fake_api.user_sends(asker, 612, QUESTION)
        [answer] = await fake_api.replies(asker, timeout=20)

    assert "Lukashenko" in answer.text
    assert fake_api.calls.count("getUpdates") < 20
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    [skipped] = [r for r in caplog.records if "cannot be read" in r.getMessage()]
    assert "Best lighthouse" not in skipped.getMessage()


async def test_a_message_telegram_would_never_send_is_skipped_on_one_line(
    telegram_bot: RunningBot, fake_api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    """A forged webhook update (which needs the secret) or a broken server: a message without its chat
    failed in the handler and again in its apology (two ERROR tracebacks); a text that is no string,
    or a group upgrade in a private chat, got an apology."""
    stranger, asker = fake_api.private_chat(621), fake_api.private_chat(622)
    message = {"message_id": 1, "date": 0, "from": {"id": 621, "is_bot": False, "first_name": "S"}}
    with caplog.at_level(logging.WARNING):
        await fake_api.sends_update({"message": message | {"text": "hi"}})
        await fake_api.sends_update({"message": message | {"chat": stranger.to_json(), "text": 12345}})
        upgrade = message | {"chat": stranger.to_json(), "migrate_from_chat_id": -123}
        await fake_api.sends_update({"message": upgrade})
        await fake_api.user_sends(asker, 622, QUESTION)
        [answer] = await fake_api.replies(asker, timeout=20)
        await asyncio.sleep(0.5)  # time for a reply to any of the others

    assert "Lukashenko" in answer.text
    assert not fake_api.sent_to(stranger)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len([r for r in caplog.records if "no chat or a text that is no string" in r.getMessage()]) == 2


async def test_an_unknown_command_gets_a_hint_in_private_and_in_a_group_only_when_addressed_to_the_bot(
    telegram_bot: RunningBot, fake_api: FakeBotApi
) -> None:
    """Privately it got no reply at all; in a group a bare one may be another bot's command, but one
    the command menu addressed to this bot (`/weather@thisbot`) got nothing either."""
    private, group = fake_api.private_chat(613), fake_api.group_chat(-100_613)
    await fake_api.user_sends(group, 613, "/weather Kyiv")
    await fake_api.user_sends(group, 613, f"/weather@other_bot @{BOT_USERNAME} Kyiv")
    await fake_api.user_sends(private, 613, "/weather Kyiv")
    [hint] = await fake_api.replies(private)
    addressed = await fake_api.user_sends(group, 613, f"/weather@{BOT_USERNAME} Kyiv")
    mentioned = await fake_api.user_sends(group, 613, f"/weather @{BOT_USERNAME} Kyiv")  # a space between
    group_hints = await fake_api.replies(group, count=2)

    assert "/help" in hint.text
    assert [(reply.reply_to, reply.text) for reply in group_hints] == [
        (addressed, hint.text),
        (mentioned, hint.text),
    ]


@pytest.mark.parametrize(
    "refusal",
    [
        "Bad Request: not enough rights to send text messages to the chat",
        "Bad Request: have no rights to send a message",  # the bot muted
        "Bad Request: CHAT_WRITE_FORBIDDEN",
        "Bad Request: CHAT_RESTRICTED",
        "Bad Request: chat not found",
    ],
)
async def test_a_group_where_the_bot_may_not_post_is_no_error(
    telegram_bot: RunningBot, fake_api: FakeBotApi, caplog: pytest.LogCaptureFixture, refusal: str
) -> None:
    """Its admins took the bot's right to post away, or muted it: Telegram answers 400, which was
    logged as a bug, twice (the answer, then the apology)."""
    group = fake_api.group_chat(-100_204)
    for _ in range(2):
        fake_api.inject("sendMessage", 400, description=refusal)
    with caplog.at_level(logging.INFO):
        await fake_api.user_sends(group, 606, f"@{BOT_USERNAME} {QUESTION}")
        await fake_api.wait_until(lambda: fake_api.calls.count("sendMessage") >= 1)
        await asyncio.sleep(0.5)

    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert fake_api.calls.count("sendMessage") == 1  # no apology tried where nothing can be said


async def test_an_answer_to_a_group_upgraded_since_is_no_error(
    telegram_bot: RunningBot, fake_api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    """The group became a supergroup while its question was answered: Telegram refuses the old chat id."""
    group = fake_api.group_chat(-206)
    for _ in range(2):
        fake_api.inject(
            "sendMessage", 400, description="Bad Request: group chat was upgraded to a supergroup chat",
            parameters={"migrate_to_chat_id": -100_206},
        )  # fmt: skip
    with caplog.at_level(logging.INFO):
        await fake_api.user_sends(group, 206, f"@{BOT_USERNAME} {QUESTION}")
        await fake_api.wait_until(lambda: fake_api.calls.count("sendMessage") >= 1)
        await asyncio.sleep(0.5)

    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert fake_api.calls.count("sendMessage") == 1


async def test_telegram_failing_every_send_is_one_warning_not_a_bug_and_an_apology(
    telegram_bot: RunningBot, fake_api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    """Past the transport's retries a 502 was logged as a bug with its traceback, and four apologies
    were tried where the answer had just failed; an outage filled the log."""
    chat = fake_api.private_chat(205)
    for _ in range(TRANSIENT_RETRIES + 1):
        fake_api.inject("sendMessage", 502)
    with caplog.at_level(logging.INFO):
        await fake_api.user_sends(chat, 205, QUESTION)
        await fake_api.wait_until(lambda: fake_api.calls.count("sendMessage") >= TRANSIENT_RETRIES + 1, 15)
        await asyncio.sleep(0.5)

    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r for r in caplog.records if r.getMessage().startswith("A reply was not delivered")]
    assert fake_api.calls.count("sendMessage") == TRANSIENT_RETRIES + 1  # no apology after it
    await fake_api.user_sends(chat, 205, QUESTION)
    [answer] = await fake_api.replies(chat)  # Telegram back: answered
    assert answer.parsed.spans("blockquote")


async def test_question_without_an_answer_is_refused_honestly(
    telegram_bot: RunningBot, fake_api: FakeBotApi
) -> None:
    chat = fake_api.private_chat(502)
    await fake_api.user_sends(chat, 502, "What is the recommended tyre pressure for a racing bicycle?")
    [reply] = await fake_api.replies(chat)
    assert reply.text == NOT_FOUND
    assert "/sources" in reply.text
    assert reply.parsed.spans("blockquote") == []
    assert reply.buttons() == {}


async def test_a_message_that_asks_the_sources_nothing_gets_a_fitting_reply_not_a_refusal(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService
) -> None:
    """A private "thanks", "👍" or "what time is it?" was told "I couldn't find that in my sources", as
    if the sources lacked something; so was "@bot thanks" in a group."""
    chat = fake_api.private_chat(504)
    said = {
        "thanks!": YOU_ARE_WELCOME,
        "👍": NOT_A_QUESTION,
        "?": NOT_A_QUESTION,
        "What time is it?": ABOUT_NOW,
        "bad bot": SORRY,
        "bye": GOODBYE,
    }
    for number, message in enumerate(said, start=1):
        await fake_api.user_sends(chat, 504, message)
        replies = await fake_api.replies(chat, count=number)
        assert replies[-1].text == said[message], message
    group = fake_api.group_chat(-100204)
    await fake_api.user_sends(group, 504, f"@{BOT_USERNAME} thanks a lot!")
    [welcomed] = await fake_api.replies(group)

    assert welcomed.text == YOU_ARE_WELCOME
    assert seeded.stats().questions == 0  # no unanswered questions for a moderator to look into


async def test_a_private_chats_messages_fetched_together_are_answered_in_the_order_sent(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot
) -> None:
    """A private answer quotes no question: eight questions fetched in one batch (after a restart)
    were answered in whatever order their work finished, so nothing tied an answer to its question."""
    chat = fake_api.private_chat(506)
    sent = ["help", QUESTION, "thanks!", "Who is Sergei Sazonov?", "👍", "What did Iran admit?"]
    for text in sent:  # waiting for the bot's first poll: one batch
        await fake_api.user_sends(chat, 506, text)
    await start_bot(bot_settings, seeded)

    replies = await fake_api.replies(chat, count=len(sent))

    assert [r.reply_to for r in replies] == [None] * len(sent)  # as private answers are
    kinds = ["/sources" in r.text and not r.parsed.spans("blockquote") for r in replies]
    assert kinds[0] and replies[2].text == YOU_ARE_WELCOME and replies[4].text == NOT_A_QUESTION
    assert "Lukashenko" in replies[1].parsed.spans("blockquote")[0]
    assert "Sazonov" in replies[3].parsed.spans("blockquote")[0]


async def test_group_answers_mentions_replies_and_ask_but_ignores_chatter(
    telegram_bot: RunningBot, fake_api: FakeBotApi
) -> None:
    group = fake_api.group_chat(-100200)
    await fake_api.user_sends(group, 601, "Anyone watching the match tonight?")
    await fake_api.user_sends(group, 602, f"@someone_else {QUESTION}")
    await fake_api.user_sends(group, 603, QUESTION, edited=True)
    mention = await fake_api.user_sends(group, 604, f"@{BOT_USERNAME} {QUESTION}")
    [first] = await fake_api.replies(group)
    assert first.reply_to == mention
    assert "Lukashenko" in first.parsed.spans("blockquote")[0]

    follow_up = await fake_api.user_sends(
        group, 605, "Which countries does Russia still count on?", reply_to=first
    )
    ask = await fake_api.user_sends(group, 606, f"/ask@{BOT_USERNAME} Who is the Iranian Supreme Leader?")
    replies = await fake_api.replies(group, count=3)
    assert sorted(r.reply_to or 0 for r in replies) == sorted([mention, follow_up, ask])
    assert all(r.parsed.spans("blockquote") for r in replies)

    # Chatter, mentions of others and edits were seen before the last questions and got no reply.
    await fake_api.user_sends(group, 607, "ok thanks")
    await fake_api.wait_until(lambda: fake_api.calls.count("getUpdates") >= 3)
    assert len(fake_api.sent_to(group)) == 3


async def test_a_follow_up_in_a_group_shows_typing_in_the_group_not_in_a_reply_chain(
    telegram_bot: RunningBot, fake_api: FakeBotApi
) -> None:
    """Telegram gives a reply in any supergroup the id of its reply chain as a thread id; only a forum
    topic's may be sent back with "typing…", which Telegram refuses otherwise."""
    group = fake_api.group_chat(-100_207)
    await fake_api.user_sends(group, 608, f"/ask {QUESTION}")
    [answer] = await fake_api.replies(group)
    replied = {"message_id": answer.message_id, "date": 1, "chat": group.to_json(), "text": answer.text}
    replied["from"] = {"id": BOT_ID, "is_bot": True, "first_name": "qabot", "username": BOT_USERNAME}
    await fake_api.user_posts(
        group, 609, text="Which countries does Russia still count on?",
        message_thread_id=answer.message_id, reply_to_message=replied,
    )  # fmt: skip
    await fake_api.replies(group, 2)

    assert fake_api.chat_action_topics == [None, None]


@pytest.mark.parametrize(
    "service",
    [
        {"pinned_message": {"message_id": 1, "date": 0, "chat": {"id": 614, "type": "private"}}},
        {"message_auto_delete_timer_changed": {"message_auto_delete_time": 86400}},
        {"write_access_allowed": {"from_request": True}},
    ],
    ids=["pin", "auto-delete timer", "write access allowed"],
)
async def test_what_telegram_says_happened_in_a_private_chat_gets_no_reply(
    telegram_bot: RunningBot, fake_api: FakeBotApi, service: dict[str, object]
) -> None:
    """A pin, a timer set or the bot allowed to write was answered "Send me a question as text"."""
    chat = fake_api.private_chat(614)
    await fake_api.user_posts(chat, 614, **service)
    await fake_api.user_sends(chat, 614, QUESTION)
    [answer] = await fake_api.replies(chat)

    assert "Lukashenko" in answer.parsed.spans("blockquote")[0]


async def test_a_picture_captioned_with_a_mention_in_a_group_is_told_to_ask_in_text(
    telegram_bot: RunningBot, fake_api: FakeBotApi
) -> None:
    """It got no reply at all, as if the bot had not seen it; a caption that does not mention the bot
    is chatter."""
    group = fake_api.group_chat(-100_208)
    photo = [{"file_id": "p1", "file_unique_id": "p1", "width": 10, "height": 10, "file_size": 100}]
    caption = f"@{BOT_USERNAME} {QUESTION}"
    mention = {"type": "mention", "offset": 0, "length": len(BOT_USERNAME) + 1}
    await fake_api.user_posts(group, 610, photo=photo, caption=QUESTION)
    asked = await fake_api.user_posts(group, 611, photo=photo, caption=caption, caption_entities=[mention])
    [hint] = await fake_api.replies(group)

    assert hint.reply_to == asked and hint.text == PRIVATE_HINT


async def test_a_picture_captioned_with_ask_or_replying_to_an_answer_is_told_to_ask_in_text(
    telegram_bot: RunningBot, fake_api: FakeBotApi
) -> None:
    """`/ask …` and a reply to the bot are how a group asks (README); as a picture's caption neither
    got any reply. A captioned reply that only thanks is chatter still."""
    group = fake_api.group_chat(-100_209)
    photo = [{"file_id": "p2", "file_unique_id": "p2", "width": 10, "height": 10, "file_size": 100}]
    await fake_api.user_sends(group, 612, f"/ask {QUESTION}")
    [answer] = await fake_api.replies(group)
    command = {"type": "bot_command", "offset": 0, "length": 4}
    await fake_api.user_posts(
        group, 612, photo=photo, caption="thanks!", reply_to_message=fake_api.message_json(answer)
    )
    asked = await fake_api.user_posts(
        group, 612, photo=photo, caption=f"/ask {QUESTION}", caption_entities=[command]
    )
    replied = await fake_api.user_posts(
        group, 612, photo=photo, caption="And on this map?", reply_to_message=fake_api.message_json(answer)
    )
    [_, first, second] = await fake_api.replies(group, 3)

    assert (first.reply_to, second.reply_to) == (asked, replied)
    assert first.text == second.text == PRIVATE_HINT


async def test_people_mentioned_in_a_question_are_not_searched_for(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService
) -> None:
    """A mention was searched as a word: "@alice who is Sazonov?" matched at 0.45, not 0.70."""
    group = fake_api.group_chat(-100300)
    await fake_api.user_sends(group, 611, f"@{BOT_USERNAME} @alice_k who won the 2018 World Cup?")
    await fake_api.user_sends(group, 612, f"/ask@{BOT_USERNAME} any @bob_b recipe for banana bread?")
    private = fake_api.private_chat(613)
    await fake_api.user_sends(private, 613, "@carol_b what is the best pizza in Naples?")
    await fake_api.replies(group, count=2)
    await fake_api.replies(private)

    unanswered = {question for question, _count in seeded.stats().top_unanswered}
    assert unanswered == {
        "who won the 2018 world cup?",
        "any recipe for banana bread?",
        "what is the best pizza in naples?",
    }


def test_a_name_linked_to_its_person_is_left_out_of_the_question() -> None:
    olena = User(7, "Олена", False)
    text = "Ask Олена 👋 who is Sazonov?"
    linked = MessageEntity(MessageEntity.TEXT_MENTION, offset=4, length=5, user=olena)
    forged = MessageEntity(MessageEntity.MENTION, offset=30, length=9)  # past the text's end: ignored
    message = Message(1, datetime.now(UTC), Chat(1, Chat.PRIVATE), text=text, entities=[linked, forged])
    alone = MessageEntity(MessageEntity.TEXT_MENTION, offset=0, length=5, user=olena)
    only_a_name = Message(2, datetime.now(UTC), Chat(1, Chat.PRIVATE), text="Олена", entities=[alone])

    assert " ".join(without_mentions(message).split()) == "Ask 👋 who is Sazonov?"
    assert without_mentions(only_a_name) == "Олена"  # a mention alone is a message, though no question


async def test_other_passages_and_feedback_buttons(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService
) -> None:
    chat = fake_api.private_chat(701)
    await fake_api.user_sends(chat, 701, QUESTION)
    [answer] = await fake_api.replies(chat)
    # Its paragraph is the quote whole: "Whole paragraph" would post the answer again.
    assert set(answer.buttons()) == {OTHER_PASSAGES, "👍", THUMBS_DOWN}

    await fake_api.user_presses(701, answer, OTHER_PASSAGES)
    [_, alternatives] = await fake_api.replies(chat, count=2)
    assert alternatives.text.startswith("Other passages")
    assert alternatives.reply_to == answer.message_id
    quotes = alternatives.parsed.spans("blockquote")
    assert quotes and all(verbatim(q) in ARTICLE_TEXT for q in quotes)
    assert answer.parsed.spans("blockquote")[0] not in quotes
    await fake_api.wait_until(lambda: OTHER_PASSAGES not in answer.buttons())

    await fake_api.user_presses(701, answer, THUMBS_DOWN)
    await fake_api.wait_until(lambda: len(fake_api.callback_answers) >= 2)
    assert fake_api.callback_answers[-1]["text"] == "Thanks for the feedback!"
    stats = seeded.stats()
    assert (stats.thumbs_down, stats.thumbs_up) == (1, 0)


@pytest.mark.parametrize("label", [OTHER_PASSAGES, WHOLE_PARAGRAPH])
async def test_two_members_pressing_the_same_button_at_once_get_one_reply_in_the_group(
    telegram_bot: RunningBot, fake_api: FakeBotApi, long_read: QAService, label: str
) -> None:
    group = fake_api.group_chat(-100_702)
    await fake_api.user_sends(group, 702, f"/ask {LONG_READ_QUESTION}")
    [answer] = await fake_api.replies(group)
    fake_api.held.add("sendMessage")  # the first press's reply is on its way...

    await fake_api.user_presses(702, answer, label)
    await fake_api.wait_until(lambda: "sendMessage" in fake_api.calls[-3:])
    await fake_api.user_presses(703, answer, label)  # ...when the second press comes, button and all
    await fake_api.wait_until(lambda: len(fake_api.callback_answers) >= 1)  # the first: once posted
    assert fake_api.callback_answers[0].get("text") == ALREADY_POSTED
    fake_api.release_held()
    await fake_api.wait_until(lambda: label not in answer.buttons())
    await fake_api.user_presses(704, answer, label, data=answer.buttons().get(label, "gone"))
    await fake_api.wait_until(lambda: len(fake_api.callback_answers) >= 3)

    assert len(fake_api.sent_to(group)) == 2  # the answer and one reply to it


async def test_fifty_questions_at_once_are_all_answered(
    telegram_bot: RunningBot, fake_api: FakeBotApi
) -> None:
    questions = [
        QUESTION,
        "Which countries are playing both sides?",
        "Who did Khamenei meet in Tehran?",
        "How did Russia's influence among former Soviet countries change?",
        "What happened to the Kremlin's allies?",
    ]
    chats = [fake_api.private_chat(10_000 + n) for n in range(50)]
    await asyncio.gather(
        *(fake_api.user_sends(chat, chat.id, questions[n % len(questions)]) for n, chat in enumerate(chats))
    )
    await fake_api.wait_until(lambda: all(fake_api.sent_to(chat) for chat in chats))
    for chat in chats:
        [reply] = fake_api.sent_to(chat)
        assert reply.parsed.spans("blockquote"), reply.text
    assert fake_api.rejected == []


async def test_per_user_rate_limit_replies_politely(
    bot_settings: object, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot
) -> None:
    from bot.settings import Settings

    assert isinstance(bot_settings, Settings)
    await start_bot(bot_settings.model_copy(update={"rate_limit_per_minute": 2}), seeded)
    chat = fake_api.private_chat(801)
    for count in (1, 2, 3):
        await fake_api.user_sends(chat, 801, QUESTION)
        await fake_api.replies(chat, count=count)
    first, second, third = fake_api.sent_to(chat)
    assert first.parsed.spans("blockquote") and second.parsed.spans("blockquote")
    assert "at most 2 questions a minute" in third.text
    for _ in range(5):  # told once a minute: a flood is refused without a message each
        await fake_api.user_sends(chat, 801, QUESTION)
    other = fake_api.private_chat(802)  # the limit is per user
    await fake_api.user_sends(other, 802, QUESTION)
    [reply] = await fake_api.replies(other)
    assert reply.parsed.spans("blockquote")
    await asyncio.sleep(0.5)
    assert len(fake_api.sent_to(chat)) == 3


async def test_telegram_errors_are_retried_and_the_answer_still_arrives(
    telegram_bot: RunningBot, fake_api: FakeBotApi
) -> None:
    fake_api.inject("getUpdates", 502)  # the poll in flight is answered normally; the next one fails
    fake_api.inject("sendChatAction", 500)
    fake_api.inject("sendMessage", 429, parameters={"retry_after": 1})
    fake_api.inject("sendMessage", 502)
    chat = fake_api.private_chat(901)
    await fake_api.user_sends(chat, 901, QUESTION)
    [reply] = await fake_api.replies(chat)
    assert reply.parsed.spans("blockquote")
    assert fake_api.calls.count("sendMessage") == 3
    await fake_api.user_sends(chat, 901, "Who did Khamenei meet in Tehran?")  # polling recovered too
    [_, second] = await fake_api.replies(chat, count=2)
    assert second.parsed.spans("blockquote")
    assert all(not pending for pending in fake_api.faults.values())  # every injected failure was served


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # the bot's exit
async def test_a_token_revoked_while_running_stops_the_bot_with_a_message(
    telegram_bot: RunningBot, fake_api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    """Polling ends for good on Telegram's 401: the bot must not go on looking alive, answering nothing."""
    fake_api.inject("getUpdates", 401)  # as Telegram answers once the token is revoked in @BotFather

    await asyncio.to_thread(telegram_bot._thread.join, 30)

    assert not telegram_bot._thread.is_alive()
    assert [str(error) for error in telegram_bot._errors] == [POLLING_STOPPED]


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # the bot's exit
async def test_a_token_refused_at_the_first_poll_stops_the_bot_with_a_message(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi
) -> None:
    """Polling that ended before the watcher first looked for it (a token revoked between the start's
    check and the first poll) was never found: the process lived on, deaf, until a SIGTERM."""
    fake_api.inject("getUpdates", 401)
    running = RunningBot(bot_settings, seeded, fake_api)

    running._thread.start()
    await asyncio.to_thread(running._thread.join, 30)

    assert not running._thread.is_alive()
    assert [str(error) for error in running._errors] == [POLLING_STOPPED]


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # the bot's exit
async def test_telegram_failing_the_starts_requests_ends_it_in_one_line_and_a_blip_is_tried_again(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    """A few seconds of 5xx on deleting the webhook at the start (or a proxy's error page) ended in two
    tracebacks and "something went wrong inside qabot"; a failed command menu stopped the start too."""
    for _ in range(TRANSIENT_RETRIES + 1):  # past the transport's own retries
        fake_api.inject("deleteWebhook", 502)
    failing = RunningBot(bot_settings, seeded, fake_api)
    failing._thread.start()
    await asyncio.to_thread(failing._thread.join, 60)

    assert not failing._thread.is_alive()
    [error] = failing._errors
    assert isinstance(error, QabotError) and "did not take the bot's start-up requests" in str(error)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    caplog.clear()

    fake_api.inject("deleteWebhook", 502)  # a blip, then Telegram answers
    for _ in range(TRANSIENT_RETRIES + 1):  # the menu only: the bot answers without it
        fake_api.inject("setMyCommands", 500)
    starting = RunningBot(bot_settings, seeded, fake_api)
    await starting.start()
    try:
        chat = fake_api.private_chat(905)
        await fake_api.user_sends(chat, 905, QUESTION)
        [reply] = await fake_api.replies(chat)
        assert reply.parsed.spans("blockquote")
    finally:
        await starting.stop()
    assert "Telegram did not take the command menu" in caplog.text


async def test_fetch_errors_are_one_warning_each_not_tracebacks_of_an_update(
    telegram_bot: RunningBot, fake_api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    chat = fake_api.private_chat(903)
    with caplog.at_level(logging.WARNING):
        fake_api.inject("getUpdates", 409, description="Conflict: terminated by other getUpdates request")
        await fake_api.user_sends(chat, 903, QUESTION)  # polling goes on: the question is answered
        [reply] = await fake_api.replies(chat)

    assert reply.parsed.spans("blockquote")
    assert "another process is polling this bot's token" in caplog.text
    assert not [r for r in caplog.records if r.exc_info], "a fetch error logged a traceback"


async def test_a_proxy_error_page_while_polling_is_one_short_warning_not_a_traceback_with_the_page(
    telegram_bot: RunningBot, fake_api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    page = (
        "<html><head><title>502 Bad Gateway</title></head><body>" + "<p>nginx</p>" * 5_000 + "</body></html>"
    )
    chat = fake_api.private_chat(904)
    with caplog.at_level(logging.WARNING):
        fake_api.inject("getUpdates", 502, page=page)
        await fake_api.user_sends(chat, 904, QUESTION)  # polling goes on: the question is answered
        [reply] = await fake_api.replies(chat)

    assert reply.parsed.spans("blockquote")
    [warning] = [r for r in caplog.records if "not JSON" in r.getMessage()]
    assert warning.levelname == "WARNING" and "502 Bad Gateway" in warning.getMessage()
    assert len(warning.getMessage()) < 400
    assert not [r for r in caplog.records if r.exc_info], "the error page logged a traceback"


async def test_unexpected_error_is_logged_and_the_user_gets_an_apology(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    def broken_ask(*args: object, **kwargs: object) -> object:
        raise RuntimeError("index exploded")

    monkeypatch.setattr(seeded, "ask", broken_ask)
    chat = fake_api.private_chat(902)
    with caplog.at_level(logging.ERROR):
        await fake_api.user_sends(chat, 902, QUESTION)
        [reply] = await fake_api.replies(chat)
    assert reply.text.startswith("Sorry, something went wrong")
    assert "index exploded" not in reply.text
    assert any(r.exc_info and "index exploded" in str(r.exc_info[1]) for r in caplog.records)


async def test_the_token_never_reaches_the_logs(
    telegram_bot: RunningBot, fake_api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        redact_from_logs(fake_api.token)
        chat = fake_api.private_chat(903)
        await fake_api.user_sends(chat, 903, QUESTION)
        await fake_api.replies(chat)
        logging.getLogger("qabot.test").exception(
            "failed", exc_info=RuntimeError(f"url /bot{fake_api.token}/x")
        )
    assert "/bot<redacted>/" in caplog.text  # the URLs that carry the token were logged...
    assert fake_api.token not in caplog.text  # ...without it


async def test_a_bot_removed_from_a_chat_is_no_bug_and_the_next_chat_is_answered(
    telegram_bot: RunningBot, fake_api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    """Telegram's 403 ("bot was kicked", "blocked by the user") is the chat's doing: logged without a
    traceback, and no apology is tried where nothing can be delivered."""
    fake_api.inject("sendMessage", 403, description="Forbidden: bot was kicked from the group chat")
    gone, other = fake_api.private_chat(904), fake_api.private_chat(905)
    with caplog.at_level(logging.INFO):
        await fake_api.user_sends(gone, 904, QUESTION)
        await fake_api.wait_until(lambda: fake_api.calls.count("sendMessage") >= 1)
        await fake_api.user_sends(other, 905, QUESTION)
        [reply] = await fake_api.replies(other)

    assert reply.parsed.spans("blockquote")
    assert fake_api.calls.count("sendMessage") == 2  # the refused answer, then the other chat's
    assert not [r for r in caplog.records if r.exc_info], "a 403 was logged as a bug"


@pytest.mark.parametrize("photo", [False, True])
async def test_a_bare_mention_or_ask_under_a_members_question_asks_that_question(
    telegram_bot: RunningBot, fake_api: FakeBotApi, photo: bool
) -> None:
    """ "@bot" under someone's question was told "the message was empty", and a bare /ask was shown
    how to use /ask; a question written as a picture's caption is asked too."""
    group = fake_api.group_chat(-100_7310)
    question = fake_api.members_message(group, 7311, "Who is Sergei Sazonov?", photo=photo)

    await fake_api.user_sends(group, 7312, f"@{BOT_USERNAME}", reply_to=question)
    await fake_api.user_sends(group, 7313, "/ask", reply_to=question)
    answers = await fake_api.replies(group, count=2)

    assert all("Sazonov" in answer.text and answer.reply_markup for answer in answers), answers


async def test_a_photo_album_sent_privately_gets_the_hint_once(
    telegram_bot: RunningBot, fake_api: FakeBotApi
) -> None:
    """Each picture of an album is a message of its own: five pictures got five copies of the hint."""
    chat = fake_api.private_chat(615)
    for n in range(5):
        photo = [{"file_id": f"a{n}", "file_unique_id": f"a{n}", "width": 10, "height": 10, "file_size": 100}]
        await fake_api.user_posts(chat, 615, photo=photo, media_group_id="holiday")
    [hint] = await fake_api.replies(chat)
    await asyncio.sleep(0.5)

    assert hint.text == PRIVATE_HINT and len(fake_api.sent_to(chat)) == 1
