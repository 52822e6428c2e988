"""What the bot says to a message addressed to it that asks its sources nothing: thanks, a goodbye, a
reaction or verdict, an emoji or a bare "?", or a question about the moment ("what time is it?",
"the bitcoin price now").

Answered as questions, each was told "I couldn't find that in my sources": a private "thanks" or "👍"
read as a failed search, and "what's the weather today?" as a gap in the sources a moderator could fill.
(Under an answer, without a mention, such a message gets no reply at all: `only_acknowledges`.)

The texts are plain, with no markup, so both front ends send them as they are.
"""

from __future__ import annotations

import unicodedata

from index.search.live_values import asks_for_live_value
from index.search.small_talk import GOODBYES, THANKS, VERDICTS, asks_about_now, small_talk_phrases

__all__ = ["ABOUT_NOW", "GOODBYE", "NOT_A_QUESTION", "SORRY", "YOU_ARE_WELCOME", "reply_to_chatter"]

YOU_ARE_WELCOME = "You're welcome! Ask me anything else about my sources."
GOODBYE = "Bye! Ask me any time."
SORRY = "Sorry that didn't help. Try asking in other words, or vote 👎 under the answer."
NOT_A_QUESTION = "I answer questions by quoting my sources. Ask me one; /sources lists what I know about."
ABOUT_NOW = (
    "My sources are articles as they were published: they can't tell the time, the weather or a price "
    "right now."
)


def reply_to_chatter(text: str) -> str | None:
    """What to say to `text`, addressed to the bot, when it asks the sources nothing; None when it may
    be a question for them. A verdict beside thanks is about the answer ("thanks, but wrong")."""
    if asks_about_now(text) or asks_for_live_value(text):
        return ABOUT_NOW
    if not any(character.isalnum() for character in text):  # "👍", "?", "…": nothing to search
        # Nothing visible at all (spaces, control characters) is an empty question, told so.
        return NOT_A_QUESTION if any(_visible(character) for character in text) else None
    phrases = set(small_talk_phrases(text))
    if not phrases:
        return None
    if phrases & VERDICTS:
        return SORRY
    if phrases & THANKS or THANKS & {word for phrase in phrases for word in phrase.split()}:
        return YOU_ARE_WELCOME  # "thank you", "ok thanks"
    return GOODBYE if phrases <= GOODBYES else NOT_A_QUESTION


def _visible(character: str) -> bool:
    return not character.isspace() and unicodedata.category(character) not in _INVISIBLE


_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})  # controls, format marks, surrogates, unassigned
