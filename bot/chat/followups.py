"""Which earlier question a message follows up: read from the buttons of the answer it replies to.

An answer's buttons carry its question id, signed for the chat they are in (`bot.chat.buttons`), so
a reply to an answer names its question with nothing stored about the people talking: it works after
a restart and on any replica. A reply to anything else, or to an answer from another chat (a forwarded
one), is a fresh question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.chat.buttons import ButtonSigner
from index.search.small_talk import is_small_talk

__all__ = ["only_acknowledges", "question_replied_to"]

QUESTION_ACTIONS = frozenset({"more", "up", "down"})
_VOTE = re.compile(r"\s*[+-]\d{1,3}\s*[!.]*\s*$")  # "+1", "-1": a vote, no question


def question_replied_to(signer: ButtonSigner, button_data: Iterable[str], place: str) -> int | None:
    """The question id in the first of `button_data` that is a valid question button for `place`."""
    for data in button_data:
        press = signer.read(data, place)
        if press is not None and press.action in QUESTION_ACTIONS:
            return press.number
    return None


def only_acknowledges(reply: str) -> bool:
    """Whether a reply to the bot in a group or thread only thanks or reacts ("thanks!", "👍", "lol"):
    it is not answered there. Answered, each posted "I couldn't find that in my sources" for everyone to
    read, and topped the unanswered questions in `qabot stats`. (Asked in a private chat, or with a
    mention, it still gets a reply.)"""
    return is_small_talk(reply) or not any(c.isalnum() for c in reply) or _VOTE.match(reply) is not None
