"""The buttons under an answer: other passages and 👍 / 👎, and what a pressed button's data asks for."""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from index.answer import Answer

OTHER_PASSAGES = "Other passages"
THUMBS_UP = "👍"
THUMBS_DOWN = "👎"
_BUTTON = re.compile(r"^(?:alt:(?P<alt>\d+)|fb:(?P<fb>\d+):(?P<value>-?1))$")


@dataclass(frozen=True)
class Button:
    """What a pressed button asks for: the alternatives (`feedback` None) or storing 👍 (+1) / 👎 (-1)."""

    question_id: int
    feedback: int | None = None


def _feedback_buttons(question_id: int) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton(THUMBS_UP, callback_data=f"fb:{question_id}:1"),
        InlineKeyboardButton(THUMBS_DOWN, callback_data=f"fb:{question_id}:-1"),
    ]


def answer_keyboard(answer: Answer) -> InlineKeyboardMarkup | None:
    """Buttons for a recorded, answered question; a "not found" reply has nothing to rate or expand."""
    if answer.question_id is None or not answer.answered:
        return None
    row = _feedback_buttons(answer.question_id)
    if answer.alternatives:
        row.insert(0, InlineKeyboardButton(OTHER_PASSAGES, callback_data=f"alt:{answer.question_id}"))
    return InlineKeyboardMarkup([row])


def keyboard_without_alternatives(question_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([_feedback_buttons(question_id)])


def parse_button(data: str) -> Button | None:
    match = _BUTTON.match(data)
    if match is None:
        return None
    if match["alt"]:
        return Button(int(match["alt"]))
    return Button(int(match["fb"]), int(match["value"]))
