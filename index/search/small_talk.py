"""Messages that acknowledge rather than ask ("got it", "interesting", "good to know", "thanks!").

They reach the answering path like any question: in a private chat every message is one, and in a
Discord thread every message is a follow-up. Asked as questions, their words found passages: "got it"
was answered from "supplied 98 T-72A tanks" (got ~ "get"), "interesting" from "China is not interested
in supplying weapons". Such a message is refused outright, with no source named as closest.
"""

from __future__ import annotations

import re

from index.search.spelling import CHAT_WORDS

__all__ = ["is_small_talk"]

# Words that only acknowledge, thank, greet or react; a message made of nothing else asks nothing.
# Content words a knowledge base could be about stay out ("bot", "story", "news"), so a keyword-only
# question made of them is still searched.
ACKNOWLEDGING_WORDS = frozenset(
    {"ok", "okay", "okey", "kk", "alright", "sure", "yes", "yeah", "yea", "no", "not", "right", "true"}
    | {"correct", "exactly", "indeed", "agreed", "agree", "noted", "fine", "fair", "enough", "got", "it"}
    | {"gotcha", "see", "understand", "understood", "makes", "sense", "clear", "know", "knew", "learned"}
    | {"thanks", "thank", "ty", "tysm", "cheers", "much", "lot", "you", "great", "good", "nice", "cool"}
    | {"awesome", "perfect", "wonderful", "amazing", "excellent", "interesting", "fascinating", "helpful"}
    | {"useful", "whoa", "oh", "ah", "aha", "ooh", "hm", "huh", "hi", "hello", "hey", "bye", "goodbye"}
    | {"sad", "crazy", "wild", "weird", "funny", "scary", "terrible", "horrible", "shocking", "insane"}
    | {"merci", "danke", "gracias", "grazie", "obrigado", "дякую", "спасибо", "dziękuję"}
    # the glue between them ("that's good to know", "I didn't know that", "thank you so much")
    | {"i", "that", "this", "is", "was", "s", "so", "very", "really", "too", "to", "now", "all", "well"}
    | {"a", "the", "and", "didn", "don", "t", "m", "ve", "just", "pretty", "quite", "wow"}
)
MAX_SMALL_TALK_CHARS = 200  # longer messages are read as questions, whatever their words
_WORD = re.compile(r"[^\W\d_]+")


def is_small_talk(text: str) -> bool:
    """Whether `text` only acknowledges, thanks or reacts. A question mark always asks ("really?")."""
    if "?" in text or len(text) > MAX_SMALL_TALK_CHARS:
        return False
    words = [word.lower() for word in _WORD.findall(text)]
    return bool(words) and all(word in ACKNOWLEDGING_WORDS or word in CHAT_WORDS for word in words)
