"""Button data nobody can forge: what a button asks for, signed with the installation's key.

Telegram's callback data and Discord's custom ids come back from the client as the client sends them,
so anyone can send any. Each token carries an action and a number (a question id or a page) and an
HMAC over them and the place the button was shown in (a Telegram chat, a Discord channel): a changed
number, or a token copied into another chat, fails the check. The key is made once per installation
and kept in the database, so every replica checks every button, also after a restart.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Literal

from bot.chat.rate_limit import LIGHT, QUESTION, RequestKind

__all__ = [
    "BROKEN_BUTTON", "CANNOT_POST_HERE", "CHANGES_ITS_MESSAGE", "EXPIRED", "GONE", "NO_OTHER_PASSAGES",
    "TOKEN_PATTERN",
    "ButtonPress", "ButtonSigner", "press_kind",
]  # fmt: skip

# What a press is told, on either platform: forged, copied to another chat, or from an unknown kind.
BROKEN_BUTTON = "This button doesn't work here. Ask your question again."
# EXPIRED: the question's record is gone (kept `QABOT_QUESTION_RETENTION_DAYS`).
EXPIRED = "That question is too old; please ask it again."
GONE = "That passage is no longer in my sources; ask your question again."
# "Other passages" pressed once they are gone (their sources removed since the answer): said to the
# presser alone, as there is nothing to show the chat.
NO_OTHER_PASSAGES = "No other passage in my sources matches that question now."
# A press whose post the chat refuses (a forum topic closed since, the bot's right to post taken away).
CANNOT_POST_HERE = "I can't post here any more: the topic is closed, or I may not write in this chat."

Action = Literal["more", "up", "down", "page", "paragraph"]
# Presses that change the message they are pressed under: a page of /sources replaces its text, "more"
# and "paragraph" take their button off it. The signature binds a token to a chat, not a message, so
# such a token counts only where it is one of the message's own buttons; else a page token copied
# under someone's answer would overwrite the answer. (discord.py already runs only a button the
# message has; Telegram passes on whatever callback data the client sends.)
CHANGES_ITS_MESSAGE: frozenset[Action] = frozenset({"page", "more", "paragraph"})
_CODES: dict[Action, str] = {"more": "m", "up": "u", "down": "d", "page": "p", "paragraph": "w"}
_ACTIONS = {code: action for action, code in _CODES.items()}
MAC_BYTES = 12  # 16 base64 characters: Telegram allows 64 bytes of callback data
# The whole token: an action letter, a base-36 number, a dot, the MAC. Linear to match (no nesting).
TOKEN_PATTERN = r"[a-z][0-9a-z]{1,13}\.[A-Za-z0-9_-]{16}"
_TOKEN = re.compile(r"(?P<code>[a-z])(?P<number>[0-9a-z]{1,13})\.(?P<mac>[A-Za-z0-9_-]{16})")


@dataclass(frozen=True)
class ButtonPress:
    action: Action
    number: int


def press_kind(press: ButtonPress | None) -> RequestKind:
    """The budget a press is counted in: "Other passages" searches again, as a question does (charged
    as a light action, one person had 38 searches a minute, not 10); any other press, or a broken
    one, is light."""
    return QUESTION if press is not None and press.action == "more" else LIGHT


class ButtonSigner:
    def __init__(self, key: str) -> None:
        self._key = key.encode()

    def token(self, action: Action, number: int, place: str) -> str:
        body = _CODES[action] + _base36(number)
        return f"{body}.{self._mac(body, place)}"

    def read(self, token: str, place: str) -> ButtonPress | None:
        """What the button asks for, or None when the token is malformed, forged or from elsewhere."""
        match = _TOKEN.fullmatch(token)
        if match is None or match["code"] not in _ACTIONS:
            return None
        body = match["code"] + match["number"]
        if not hmac.compare_digest(match["mac"], self._mac(body, place)):
            return None
        return ButtonPress(_ACTIONS[match["code"]], int(match["number"], 36))

    def _mac(self, body: str, place: str) -> str:
        digest = hmac.new(self._key, f"{body}|{place}".encode(), hashlib.sha256).digest()[:MAC_BYTES]
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _base36(number: int) -> str:
    if number < 0:
        raise ValueError("button numbers are ids and pages, never negative")
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = digits[digit] + text
        if number == 0:
            return text
