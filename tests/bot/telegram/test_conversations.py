"""Conversations on Telegram: a reply to an answer is a follow-up, answered in that answer's context;
forum topics keep their answers; long quotes open collapsed; the whole paragraph is a button away."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.chat.chatter import YOU_ARE_WELCOME
from bot.settings import Settings
from bot.telegram_bot.button_presses import ALREADY_POSTED
from bot.telegram_bot.keyboards import OTHER_PASSAGES, WHOLE_PARAGRAPH
from index.service import QAService
from tests.bot.telegram.conftest import HOME_GROUP, RunningBot, StartBot
from tests.conftest import LONG_READ, LONG_READ_QUESTION
from tests.fakes.fake_telegram import FakeBotApi

LIGHTHOUSE = b"""---
title: The Skerryvane lighthouse
author: Ingrid Solberg
---

The Skerryvane lighthouse was built in 1844 by the engineer Alan Mathers on a bare reef.

Its keeper, Tomas Reid, rescued eleven fishermen from the trawler Solvig in the storm of 1901.
"""


async def test_a_reply_to_an_answer_is_answered_in_its_context(
    telegram_bot: RunningBot, fake_api: FakeBotApi
) -> None:
    """ "What does he say about Belarus?" means nothing alone; after "Who is Sergei Sazonov?" it asks
    for Sazonov's words on Belarus, which the same article quotes."""
    chat = fake_api.private_chat(3101)
    await fake_api.user_sends(chat, 3101, "Who is Sergei Sazonov?")
    [first] = await fake_api.replies(chat)
    assert "Sazonov" in first.text

    await fake_api.user_sends(chat, 3101, "What does he say about Belarus?", reply_to=first)
    [_, follow_up] = await fake_api.replies(chat, count=2)

    [quote] = follow_up.parsed.spans("blockquote")
    assert "occupied country" in quote, quote  # Sazonov: Belarus is de facto an occupied country


async def test_thanks_under_an_answer_in_a_private_chat_gets_no_reply_either(
    telegram_bot: RunningBot, fake_api: FakeBotApi
) -> None:
    """Answered "I couldn't find that in my sources", and counted as an unanswered question. Thanks
    that reply to nothing are welcomed (a private chat's every message gets a reply)."""
    chat = fake_api.private_chat(3125)
    await fake_api.user_sends(chat, 3125, "Who is Sergei Sazonov?")
    [first] = await fake_api.replies(chat)

    for reaction in ("thanks!", "👍", "ok thanks"):
        await fake_api.user_sends(chat, 3125, reaction, reply_to=first)
    await fake_api.user_sends(chat, 3125, "thanks")
    await fake_api.replies(chat, count=2)
    await fake_api.wait_until(lambda: not fake_api.waiting_updates)
    await asyncio.sleep(0.5)  # every update handled

    [_, welcomed] = fake_api.sent_to(chat)
    assert welcomed.text == YOU_ARE_WELCOME


async def test_thanks_under_an_answer_in_a_group_gets_no_reply(
    telegram_bot: RunningBot, fake_api: FakeBotApi
) -> None:
    """In a group a reply to the bot is a question: "thanks!" and "👍" were each answered with "I couldn't
    find that in my sources" for the whole group to read, and so were thanks naming another member,
    praise the small talk did not list ("well said" quoted the passage again), praise with thanks,
    a verdict ("wrong") and a word to another member ("@alice look at this")."""
    group = fake_api.group_chat(-100_3121)
    await fake_api.user_sends(group, 3121, "/ask Who is Sergei Sazonov?")
    [first] = await fake_api.replies(group)

    reactions = ("thanks!", "👍", "lol", "thanks @alice_smith", "@alice_smith", "well said", "+1")
    # Praise and thanks together, several votes, a verdict on the answer (a review found these answered).
    reactions += ("great answer, thanks", "Thanks, that helps", "+1000", "+1 +1", "bad bot", "wrong")
    reactions += ("@alice_smith look at this",)  # to alice, not to the bot
    for reaction in reactions:
        await fake_api.user_sends(group, 3122, reaction, reply_to=first)
    # An inline bot's result sent in reply: its text is the other bot's, not a question.
    await fake_api.user_sends(
        group, 3122, "Sazonov: a Russian-born philosopher", reply_to=first, via_bot="wiki"
    )
    await fake_api.user_sends(group, 3122, "What does he say about Belarus?", reply_to=first)
    [_, follow_up] = await fake_api.replies(group, count=2)

    assert "occupied country" in follow_up.text
    assert len(fake_api.messages) == 2


async def test_other_passages_under_a_follow_up_are_asked_in_its_context(
    telegram_bot: RunningBot, fake_api: FakeBotApi
) -> None:
    """ "Why?" alone matches nothing; the passages listed under its answer must be the ones it was
    answered among, about Lukashenko."""
    chat = fake_api.private_chat(3111)
    await fake_api.user_sends(chat, 3111, "Why won't Lukashenko send troops to Ukraine?")
    [first] = await fake_api.replies(chat)
    await fake_api.user_sends(chat, 3111, "Why?", reply_to=first)
    [_, follow_up] = await fake_api.replies(chat, count=2)
    assert OTHER_PASSAGES in follow_up.buttons()

    await fake_api.user_presses(3111, follow_up, OTHER_PASSAGES)
    [*_, others] = await fake_api.replies(chat, count=3)

    assert "Lukashenko" in others.text, others.text


async def test_in_a_group_a_reply_to_the_bot_is_a_follow_up_without_a_mention(
    telegram_bot: RunningBot, fake_api: FakeBotApi
) -> None:
    group = fake_api.group_chat(HOME_GROUP)
    await fake_api.user_sends(group, 3201, "/ask Why won't Lukashenko send troops to Ukraine?")
    [first] = await fake_api.replies(group)

    await fake_api.user_sends(group, 3202, "And what was his stance after 2014?", reply_to=first)
    [_, follow_up] = await fake_api.replies(group, count=2)

    assert "stay neutral" in follow_up.text, follow_up.text


async def test_a_follow_up_to_an_answer_whose_source_was_removed_is_answered_fresh(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot
) -> None:
    seeded.add_bytes(LIGHTHOUSE, "skerryvane.md", "test")
    await start_bot(bot_settings, seeded)
    chat = fake_api.private_chat(3301)
    await fake_api.user_sends(chat, 3301, "Who built the Skerryvane lighthouse?")
    [first] = await fake_api.replies(chat)
    assert "Alan Mathers" in first.text
    seeded.remove("skerryvane", "test")

    await fake_api.user_sends(chat, 3301, "Who did its keeper rescue?", reply_to=first)
    [_, follow_up] = await fake_api.replies(chat, count=2)

    assert "Solvig" not in follow_up.text and "Skerryvane" not in follow_up.text
    assert "Tomas Reid" not in follow_up.text


async def test_a_question_in_a_forum_topic_is_answered_in_that_topic(
    telegram_bot: RunningBot, fake_api: FakeBotApi
) -> None:
    forum = fake_api.group_chat(-100_555, title="Reading club")
    await fake_api.user_sends(forum, 3401, "/ask Who is Dmitry Oreshkin?", topic=77)
    [answer] = await fake_api.replies(forum)

    assert answer.topic == 77
    assert "Oreshkin" in answer.text


async def test_the_whole_paragraph_is_a_button_away(
    telegram_bot: RunningBot, fake_api: FakeBotApi, long_read: QAService
) -> None:
    chat = fake_api.private_chat(3501)
    await fake_api.user_sends(chat, 3501, LONG_READ_QUESTION)
    [answer] = await fake_api.replies(chat)
    assert "built in 1844" not in answer.text  # the quote is the paragraph's end

    await fake_api.user_presses(3501, answer, WHOLE_PARAGRAPH)
    [_, paragraph] = await fake_api.replies(chat, count=2)

    assert paragraph.reply_to == answer.message_id
    [shown] = paragraph.parsed.spans("blockquote")
    [bold] = paragraph.parsed.spans("b")
    assert bold in shown and len(shown) >= len(bold)
    assert "built in 1844" in shown and "Tomas Reid" in shown
    assert LONG_READ.id not in paragraph.text and "Ingrid Solberg" in paragraph.text


async def test_an_answer_that_is_its_whole_paragraph_has_no_button_for_it(
    telegram_bot: RunningBot, fake_api: FakeBotApi
) -> None:
    """Pressed, it posted the answer again word for word, for the whole group to read."""
    chat = fake_api.private_chat(3505)
    await fake_api.user_sends(chat, 3505, "What did Sazonov call Belarus?")
    [answer] = await fake_api.replies(chat)

    assert "de facto an occupied country" in answer.text
    assert WHOLE_PARAGRAPH not in answer.buttons() and OTHER_PASSAGES in answer.buttons()


async def test_a_second_press_of_a_button_already_answered_is_told_where_to_look(
    telegram_bot: RunningBot, fake_api: FakeBotApi, long_read: QAService
) -> None:
    """A client that has not yet seen the button go sends the press again: it was told "This button
    doesn't work here", as a forged press is."""
    chat = fake_api.private_chat(3502)
    await fake_api.user_sends(chat, 3502, LONG_READ_QUESTION)
    [answer] = await fake_api.replies(chat)
    pressed = answer.buttons()[WHOLE_PARAGRAPH]
    await fake_api.user_presses(3502, answer, WHOLE_PARAGRAPH)
    await fake_api.replies(chat, count=2)
    await fake_api.wait_until(lambda: WHOLE_PARAGRAPH not in answer.buttons())

    await fake_api.user_presses(3502, answer, WHOLE_PARAGRAPH, data=pressed)
    await fake_api.wait_until(lambda: len(fake_api.callback_answers) >= 2)

    assert fake_api.callback_answers[-1].get("text") == ALREADY_POSTED
    assert not fake_api.callback_answers[-1].get("show_alert")
    assert len(fake_api.sent_to(chat)) == 2  # posted once


async def test_a_press_on_an_answer_deleted_meanwhile_is_no_error(
    telegram_bot: RunningBot, fake_api: FakeBotApi, long_read: QAService, caplog: pytest.LogCaptureFixture
) -> None:
    """An admin deleted the answer as someone pressed: the paragraph was posted, then taking the button
    away failed, which was logged as a bug and shown to the presser as an apology."""
    chat = fake_api.private_chat(3504)
    await fake_api.user_sends(chat, 3504, LONG_READ_QUESTION)
    [answer] = await fake_api.replies(chat)
    fake_api.user_deletes(chat, answer.message_id)

    with caplog.at_level(logging.WARNING):
        await fake_api.user_presses(3504, answer, WHOLE_PARAGRAPH)
        [_, paragraph] = await fake_api.replies(chat, count=2)
        await fake_api.wait_until(lambda: "editMessageReplyMarkup" in fake_api.calls)
        await asyncio.sleep(0.2)  # its failure handled

    assert "built in 1844" in paragraph.text
    assert not [a for a in fake_api.callback_answers if a.get("show_alert")]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_button_under_a_passage_since_removed_tells_the_presser_alone(
    bot_settings: Settings, long_read: QAService, fake_api: FakeBotApi, start_bot: StartBot
) -> None:
    """Said in the group on every press, it let one person post to everyone as fast as they could tap."""
    await start_bot(bot_settings, long_read)
    group = fake_api.group_chat(HOME_GROUP)
    await fake_api.user_sends(group, 3502, f"/ask {LONG_READ_QUESTION}")
    [answer] = await fake_api.replies(group)
    long_read.remove(LONG_READ.id, "cli")

    for _ in range(3):
        await fake_api.user_presses(3503, answer, WHOLE_PARAGRAPH)
    await fake_api.wait_until(lambda: len(fake_api.callback_answers) >= 3)

    assert len(fake_api.sent_to(group)) == 1  # the answer alone
    assert all(a.get("show_alert") and "no longer" in a["text"] for a in fake_api.callback_answers)


async def test_a_reply_to_a_post_without_buttons_goes_on_with_the_conversation(
    telegram_bot: RunningBot, fake_api: FakeBotApi, long_read: QAService
) -> None:
    """The whole paragraph, and a refused follow-up, carry no buttons, which is where a reply finds its
    question: "What did he get in return?" in reply to either was asked afresh, about no one (and
    refused)."""
    group = fake_api.group_chat(-100_3131)
    await fake_api.user_sends(group, 3131, f"/ask {LONG_READ_QUESTION}")
    [answer] = await fake_api.replies(group)
    await fake_api.user_presses(3131, answer, WHOLE_PARAGRAPH)
    [_, paragraph] = await fake_api.replies(group, count=2)
    await fake_api.user_sends(group, 3132, "How do I bake sourdough bread at home?", reply_to=answer)
    [*_, refusal] = await fake_api.replies(group, count=3)
    assert refusal.reply_markup is None and refusal.text.startswith(("I couldn't find", "I don't have"))

    for post in (paragraph, refusal):
        await fake_api.user_sends(group, 3133, "What did he get in return?", reply_to=post)
    [*_, after_paragraph, after_refusal] = await fake_api.replies(group, count=5)

    for follow_up in (after_paragraph, after_refusal):
        assert "given a medal by the lifeboat society" in follow_up.text, follow_up.text  # alone: refused
