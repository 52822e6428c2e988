"""The buttons under an answer or a listing, pressed as groups press them: at once, under a message
Telegram no longer shows the bot, in forum topics, and many times over."""

from __future__ import annotations

import asyncio
import logging

import pytest
from telegram.error import ChatMigrated

from bot.chat.buttons import CANNOT_POST_HERE, NO_OTHER_PASSAGES
from bot.chat.rate_limit import GROUP_REPLIES_PER_MINUTE
from bot.settings import Settings
from bot.telegram_bot.button_presses import ALREADY_POSTED
from bot.telegram_bot.keyboards import OTHER_PASSAGES, WHOLE_PARAGRAPH
from bot.telegram_bot.updates import not_posted_because
from index.service import QAService
from tests.bot.telegram.conftest import RunningBot, StartBot
from tests.conftest import LONG_READ_QUESTION
from tests.fakes.fake_telegram import FakeBotApi

QUESTION = "Why won't Lukashenko send troops to Ukraine?"
LISTED = 8  # sources, so that /sources has a second page


async def test_two_buttons_pressed_at_once_both_go_once_posted(
    telegram_bot: RunningBot, fake_api: FakeBotApi, long_read: QAService
) -> None:
    """Each press took away its own button from the buttons as they were when pressed: the later edit
    brought the other back, and pressing it then was acknowledged with nothing posted or said."""
    group = fake_api.group_chat(-100_910)
    await fake_api.user_sends(group, 911, f"/ask {LONG_READ_QUESTION}")
    [answer] = await fake_api.replies(group)
    other_passages = answer.buttons()[OTHER_PASSAGES]
    fake_api.held.add("sendMessage")  # Telegram slow a moment: both presses are in flight together

    await fake_api.user_presses(912, answer, OTHER_PASSAGES)
    await fake_api.user_presses(913, answer, WHOLE_PARAGRAPH)
    await fake_api.wait_until(lambda: fake_api.calls.count("sendMessage") >= 3)
    fake_api.release_held()
    await fake_api.replies(group, 3)
    await fake_api.wait_until(lambda: fake_api.calls.count("editMessageReplyMarkup") >= 2)

    assert OTHER_PASSAGES not in answer.buttons() and WHOLE_PARAGRAPH not in answer.buttons()
    await fake_api.user_presses(914, answer, OTHER_PASSAGES, data=other_passages)  # from a stale client
    await fake_api.wait_until(lambda: len(fake_api.callback_answers) >= 3)
    assert fake_api.callback_answers[-1].get("text") == ALREADY_POSTED
    assert len(fake_api.sent_to(group)) == 3


async def test_a_button_under_a_message_telegram_no_longer_shows_still_posts(
    telegram_bot: RunningBot, fake_api: FakeBotApi, long_read: QAService
) -> None:
    """Telegram sends an old or deleted message as its id alone: "Already posted" was said though
    nothing was, as its buttons could not be seen."""
    chat = fake_api.private_chat(920)
    await fake_api.user_sends(chat, 920, LONG_READ_QUESTION)
    [answer] = await fake_api.replies(chat)

    await fake_api.user_presses(920, answer, OTHER_PASSAGES, seen=False)
    [_, alternatives] = await fake_api.replies(chat, 2)

    assert alternatives.text.startswith("Other passages") and alternatives.reply_to == answer.message_id
    assert ALREADY_POSTED not in [told.get("text") for told in fake_api.callback_answers]
    assert set(answer.buttons()) >= {OTHER_PASSAGES, WHOLE_PARAGRAPH}  # none taken away unseen


async def test_a_button_in_a_forum_topic_posts_in_that_topic(
    telegram_bot: RunningBot, fake_api: FakeBotApi, long_read: QAService
) -> None:
    forum = fake_api.group_chat(-100_930, title="Reading club")
    await fake_api.user_sends(forum, 931, f"/ask {LONG_READ_QUESTION}", topic=77)
    [answer] = await fake_api.replies(forum)

    await fake_api.user_presses(932, answer, WHOLE_PARAGRAPH)
    [_, paragraph] = await fake_api.replies(forum, 2)

    assert answer.topic == paragraph.topic == 77


async def test_a_press_in_a_topic_closed_since_tells_the_presser_and_may_be_tried_again(
    telegram_bot: RunningBot, fake_api: FakeBotApi, long_read: QAService
) -> None:
    forum = fake_api.group_chat(-100_950, title="Forum")
    await fake_api.user_sends(forum, 951, f"/ask {LONG_READ_QUESTION}", topic=77)
    [answer] = await fake_api.replies(forum)
    fake_api.inject("sendMessage", 400, description="Bad Request: TOPIC_CLOSED")

    await fake_api.user_presses(952, answer, WHOLE_PARAGRAPH)
    await fake_api.wait_until(lambda: len(fake_api.callback_answers) >= 1)

    assert [a.get("text") for a in fake_api.callback_answers] == [CANNOT_POST_HERE]
    assert len(fake_api.sent_to(forum)) == 1
    await fake_api.user_presses(952, answer, WHOLE_PARAGRAPH)  # reopened: the press posts
    [_, paragraph] = await fake_api.replies(forum, 2)
    assert paragraph.topic == 77


async def test_turning_a_listings_pages_counts_against_the_pressers_share_of_a_group(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService
) -> None:
    """Each page turned is an edit, which waits for the group's flood limit: a few accounts pressing
    "Next" under one listing filled every update slot, and nobody anywhere was answered."""
    for number in range(LISTED):
        note = f"# Note {number}\n\nThe harbour log records ship {number}.\n"
        seeded.add_bytes(note.encode(), f"n{number}.md", "test")
    group = fake_api.group_chat(-100_940)
    await fake_api.user_sends(group, 941, "/sources")
    [listing] = await fake_api.replies(group)
    [next_page] = [label for label in listing.buttons() if "Next" in label]

    for _ in range(GROUP_REPLIES_PER_MINUTE + 1):
        await fake_api.user_presses(942, listing, next_page)
    await fake_api.wait_until(lambda: len(fake_api.callback_answers) > GROUP_REPLIES_PER_MINUTE)
    await asyncio.sleep(0.2)

    said = [told.get("text") or "" for told in fake_api.callback_answers]
    assert sum("more than I can answer you here" in text for text in said) == 1
    assert fake_api.calls.count("editMessageText") <= GROUP_REPLIES_PER_MINUTE


async def test_a_page_pressed_under_a_message_telegram_no_longer_shows_is_posted_anew(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService
) -> None:
    """A token is signed for its chat, not its message: a modified client sent a listing's "Next ›"
    under an old answer, whose buttons Telegram no longer shows the bot, and the answer was replaced
    by a page of sources for everyone. A listing a day old is such a message too: its page is posted."""
    for number in range(LISTED):
        note = f"# Note {number}\n\nThe harbour log records ship {number}.\n"
        seeded.add_bytes(note.encode(), f"n{number}.md", "test")
    group = fake_api.group_chat(-100_945)
    await fake_api.user_sends(group, 946, f"/ask {QUESTION}")
    [answer] = await fake_api.replies(group)
    await fake_api.user_sends(group, 947, "/sources")
    [_, listing] = await fake_api.replies(group, 2)
    next_page = next(data for label, data in listing.buttons().items() if "Next" in label)

    await fake_api.user_presses(947, answer, "", data=next_page, seen=False)
    [*_, page] = await fake_api.replies(group, 3)

    assert fake_api.edits == []
    assert "page 2 of 2" in page.text


async def test_a_press_whose_post_waits_out_the_flood_limit_still_takes_its_button_away(
    telegram_bot: RunningBot, fake_api: FakeBotApi, long_read: QAService
) -> None:
    group = fake_api.group_chat(-100_990)
    await fake_api.user_sends(group, 991, f"/ask {LONG_READ_QUESTION}")
    [answer] = await fake_api.replies(group)
    fake_api.held.add("sendMessage")  # the post waits its turn, longer than Telegram waits for the press

    await fake_api.user_presses(992, answer, WHOLE_PARAGRAPH)
    await fake_api.wait_until(lambda: fake_api.calls.count("sendMessage") >= 2)
    fake_api.inject(
        "answerCallbackQuery", 400, description="Bad Request: query is too old and response timeout expired"
    )
    fake_api.release_held()
    [_, paragraph] = await fake_api.replies(group, 2)
    await fake_api.wait_until(lambda: WHOLE_PARAGRAPH not in answer.buttons())

    assert paragraph.reply_to == answer.message_id
    assert OTHER_PASSAGES in answer.buttons()


async def test_a_vote_answered_after_telegram_stopped_waiting_is_kept_and_no_bug_is_logged(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService, caplog: pytest.LogCaptureFixture
) -> None:
    """A vote that waited past Telegram's 15 s for the database (an add holding it) was taken for a
    bug: two ERROR tracebacks, one for the refused answer and one for telling the presser about it."""
    group = fake_api.group_chat(-100_995)
    await fake_api.user_sends(group, 996, f"/ask {QUESTION}")
    [answer] = await fake_api.replies(group)
    fake_api.inject(
        "answerCallbackQuery", 400, description="Bad Request: query is too old and response timeout expired"
    )

    with caplog.at_level(logging.INFO):
        await fake_api.user_presses(997, answer, "👍")
        await fake_api.wait_until(lambda: seeded.stats().thumbs_up == 1)
        await fake_api.wait_until(lambda: "A reply was not delivered" in caplog.text)

    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_other_passages_pressed_after_their_sources_went_tells_the_presser_alone(
    telegram_bot: RunningBot, fake_api: FakeBotApi, long_read: QAService
) -> None:
    """The group was told "No other passages matched", under an answer that still shows them."""
    group = fake_api.group_chat(-100_930)
    await fake_api.user_sends(group, 931, f"/ask {LONG_READ_QUESTION}")
    [answer] = await fake_api.replies(group)
    for listed in long_read.sources():
        long_read.remove(listed.source.id, "test")

    await fake_api.user_presses(932, answer, OTHER_PASSAGES)
    await fake_api.wait_until(lambda: len(fake_api.callback_answers) >= 1)

    told = fake_api.callback_answers[-1]
    assert told.get("text") == NO_OTHER_PASSAGES and told.get("show_alert")
    assert len(fake_api.sent_to(group)) == 1 and OTHER_PASSAGES in answer.buttons()


def test_a_press_in_a_group_upgraded_since_is_told_it_cannot_post_there_not_that_the_bot_is_busy() -> None:
    assert not_posted_because(ChatMigrated(-100_931)) == CANNOT_POST_HERE


async def test_other_passages_count_as_questions_for_the_rate_limit(
    bot_settings: Settings, seeded: QAService, start_bot: StartBot, fake_api: FakeBotApi
) -> None:
    """Each press searches again; counted as a light action, one person had 38 searches a minute."""
    await start_bot(bot_settings.model_copy(update={"rate_limit_per_minute": 2}), seeded)
    chat = fake_api.private_chat(960)
    await fake_api.user_sends(chat, 960, QUESTION)
    [answer] = await fake_api.replies(chat)
    more = answer.buttons()[OTHER_PASSAGES]

    await fake_api.user_presses(960, answer, OTHER_PASSAGES)
    await fake_api.replies(chat, 2)
    await fake_api.wait_until(lambda: OTHER_PASSAGES not in answer.buttons())
    await fake_api.user_presses(960, answer, "", data=more)  # a double tap: nothing searched
    await fake_api.wait_until(lambda: len(fake_api.callback_answers) >= 2)
    await fake_api.user_presses(960, answer, "", data=more, seen=False)  # searched again
    await fake_api.wait_until(lambda: len(fake_api.callback_answers) >= 3)

    double_tap, searched = fake_api.callback_answers[-2:]
    assert double_tap.get("text") == ALREADY_POSTED
    assert "at most 2 questions a minute" in searched.get("text", "")
