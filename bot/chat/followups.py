"""Which earlier question a message follows up: read from the buttons of the answer it replies to.

An answer's buttons carry its question id, signed for the chat they are in (`bot.chat.buttons`), so
a reply to an answer names its question with nothing stored about the people talking: it works after
a restart and on any replica. A reply to anything else, or to an answer from another chat (a forwarded
one), is a fresh question, but for the bot's own posts that carry no buttons and go on a conversation
(a refused follow-up, Telegram's "Other passages" and "Whole paragraph" posts): the process remembers
the latest of those (`RecentPosts`), so "I mean the drones" in reply to "I couldn't find that" keeps
the conversation; after a restart, or on another replica, it is a fresh question.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable

from bot.chat.buttons import ButtonSigner
from index.search.small_talk import is_small_talk

__all__ = ["REMEMBERED_POSTS", "RecentPosts", "only_acknowledges", "question_replied_to"]

QUESTION_ACTIONS = frozenset({"more", "up", "down"})
REMEMBERED_POSTS = 4096  # the bot's latest posts a process keeps something of (under 1 MB)
# "+1", "-1", "+1000", "+1 +1": votes, no question. One run of spaces and marks after each vote, which
# the next vote's sign ends: two runs of spaces around the marks split a run of newlines every way,
# quadratic in a message every Discord server sends.
_VOTE = re.compile(r"\s*(?:[+-]\d{1,6}[\s!.]*)+$")


def question_replied_to(signer: ButtonSigner, button_data: Iterable[str], place: str) -> int | None:
    """The question id in the first of `button_data` that is a valid question button for `place`."""
    for data in button_data:
        press = signer.read(data, place)
        if press is not None and press.action in QUESTION_ACTIONS:
            return press.number
    return None


def only_acknowledges(reply: str) -> bool:
    """Whether a reply to the bot only thanks or reacts ("thanks!", "👍", "lol"): it is not answered.
    Answered, each posted "I couldn't find that in my sources" (in a group for everyone to read), and
    topped the unanswered questions in `qabot stats`. (Not replying to the bot in a private chat, or
    with a mention in a group, it still gets a reply.)"""
    return is_small_talk(reply) or not any(c.isalnum() for c in reply) or _VOTE.match(reply) is not None


class RecentPosts:
    """Which question each of the bot's latest posts without buttons goes on from, by (place, message
    id): the latest `REMEMBERED_POSTS`, in this process only."""

    def __init__(self, size: int = REMEMBERED_POSTS) -> None:
        self._size = size
        self._questions: OrderedDict[tuple[str, int], int] = OrderedDict()

    def remember(self, place: str, message_id: int, question_id: int) -> None:
        self._questions[place, message_id] = question_id
        if len(self._questions) > self._size:
            self._questions.popitem(last=False)

    def question_of(self, place: str, message_id: int) -> int | None:
        return self._questions.get((place, message_id))
