"""What the bot says to a message addressed to it that asks its sources nothing."""

from __future__ import annotations

import pytest

from bot.chat.chatter import ABOUT_NOW, GOODBYE, NOT_A_QUESTION, SORRY, YOU_ARE_WELCOME, reply_to_chatter


@pytest.mark.parametrize(
    ("message", "reply"),
    [
        ("thanks!", YOU_ARE_WELCOME),
        ("Thank you so much!", YOU_ARE_WELCOME),
        ("ok thanks", YOU_ARE_WELCOME),
        ("great answer, thanks", YOU_ARE_WELCOME),
        ("merci beaucoup", YOU_ARE_WELCOME),
        ("thanks, wrong answer", SORRY),  # thanks beside a verdict are no thanks for the answer
        ("bad bot", SORRY),
        ("nope", SORRY),
        ("no problem", NOT_A_QUESTION),  # "no", but no verdict
        ("my bad", NOT_A_QUESTION),
        ("gtg, bye", GOODBYE),
        ("lol", NOT_A_QUESTION),
        ("👍", NOT_A_QUESTION),
        ("?", NOT_A_QUESTION),
        ("What time is it?", ABOUT_NOW),
        ("will it rain tomorrow", ABOUT_NOW),
        ("what is the bitcoin price now", ABOUT_NOW),
    ],
)
def test_each_kind_of_chatter_gets_its_own_reply(message: str, reply: str) -> None:
    assert reply_to_chatter(message) == reply


QUESTIONS = ["Who wrote it?", "drones iran?", "thanks for explaining, but why drones", "no drones?", "T-72A"]
NOTHING_VISIBLE = ["  ", "\x00\x00", "\x01\x1b", "\u200b"]  # the empty question's own reply


@pytest.mark.parametrize("question", QUESTIONS + NOTHING_VISIBLE)
def test_a_question_is_left_for_the_sources(question: str) -> None:
    assert reply_to_chatter(question) is None
