"""The buttons under an answer and under `/sources`, their data signed for the chat they are shown in.

Callback data is a `bot.chat.buttons` token: forged or copied data (another question's id, a button
taken to another chat) does not pass `ButtonSigner.read`.
"""

from __future__ import annotations

from collections.abc import Collection

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, MaybeInaccessibleMessage, Message

from bot.chat.buttons import ButtonSigner
from bot.chat.followups import question_replied_to
from index.answer import Answer

__all__ = [
    "NEXT_PAGE",
    "OTHER_PASSAGES",
    "PREVIOUS_PAGE",
    "THUMBS_DOWN",
    "THUMBS_UP",
    "WHOLE_PARAGRAPH",
    "answer_keyboard",
    "buttons_of",
    "keyboard_without",
    "markup_of",
    "question_under",
    "sources_keyboard",
]

OTHER_PASSAGES = "Other passages"
WHOLE_PARAGRAPH = "Whole paragraph"
THUMBS_UP = "👍"
THUMBS_DOWN = "👎"
PREVIOUS_PAGE = "‹ Previous"
NEXT_PAGE = "Next ›"


def _feedback_buttons(signer: ButtonSigner, question_id: int, chat_id: int) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton(THUMBS_UP, callback_data=signer.token("up", question_id, str(chat_id))),
        InlineKeyboardButton(THUMBS_DOWN, callback_data=signer.token("down", question_id, str(chat_id))),
    ]


def answer_keyboard(signer: ButtonSigner, answer: Answer, chat_id: int) -> InlineKeyboardMarkup | None:
    """Buttons for a recorded, answered question; a "not found" reply has nothing to rate or expand."""
    if answer.question_id is None or not answer.answered:
        return None
    row = _feedback_buttons(signer, answer.question_id, chat_id)
    if answer.alternatives:
        more = signer.token("more", answer.question_id, str(chat_id))
        row.insert(0, InlineKeyboardButton(OTHER_PASSAGES, callback_data=more))
    rows = [row]
    if answer.paragraph_goes_on and answer.passage_id is not None:
        paragraph = signer.token("paragraph", answer.passage_id, str(chat_id))
        rows.insert(0, [InlineKeyboardButton(WHOLE_PARAGRAPH, callback_data=paragraph)])
    return InlineKeyboardMarkup(rows)


def keyboard_without(
    labels: Collection[str], keyboard: InlineKeyboardMarkup | None
) -> InlineKeyboardMarkup | None:
    """The same buttons but those with `labels` (shown once: their answers are in the chat now)."""
    if keyboard is None:
        return None
    rows = [[b for b in row if b.text not in labels] for row in keyboard.inline_keyboard]
    return InlineKeyboardMarkup([row for row in rows if row])


def sources_keyboard(
    signer: ButtonSigner, page: int, pages: int, chat_id: int
) -> InlineKeyboardMarkup | None:
    """Previous / next under a page of `/sources` (none when everything fits one page)."""
    if pages <= 1:
        return None
    row = []
    if page > 0:
        row.append(
            InlineKeyboardButton(PREVIOUS_PAGE, callback_data=signer.token("page", page - 1, str(chat_id)))
        )
    if page < pages - 1:
        row.append(
            InlineKeyboardButton(NEXT_PAGE, callback_data=signer.token("page", page + 1, str(chat_id)))
        )
    return InlineKeyboardMarkup([row])


def markup_of(message: MaybeInaccessibleMessage) -> InlineKeyboardMarkup | None:
    """The buttons under a message, when Telegram still lets the bot see it."""
    return message.reply_markup if isinstance(message, Message) else None


def buttons_of(message: MaybeInaccessibleMessage) -> set[str]:
    """The callback data of the buttons under a message (as Telegram, not the client, reports them)."""
    markup = markup_of(message)
    rows = markup.inline_keyboard if markup is not None else ()
    return {button.callback_data for row in rows for button in row if isinstance(button.callback_data, str)}


def question_under(signer: ButtonSigner, message: MaybeInaccessibleMessage) -> int | None:
    """The question whose signed buttons `message` carries, if any."""
    return question_replied_to(signer, buttons_of(message), str(message.chat.id))
