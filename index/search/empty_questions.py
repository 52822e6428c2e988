"""Questions that name nothing: "Tell me more", "Who said that?", "What happened next?", "Why?".

In reply to an answer they ask about what it quoted (`followup` reads them with the question before).
Asked alone they are about no passage, and a passage where someone says or tells something was quoted
as if it answered them ("Tell me more" got a passage about drones at 0.41, "Who said that?" the
Sazonov passage at 0.51): they are refused. A question names something when a word of it is none of
the words below, so any topic, name or number makes it a question.
"""

from __future__ import annotations

import re

from index.search.spelling_words import AUXILIARIES, WH_WORDS

__all__ = ["ELLIPTICAL_WORDS", "REQUEST_WORDS", "names_nothing"]

# Words a reply about the same thing uses without naming anything new ("Who said that?", "Since when?",
# "Tell me more", "So how many is that?", "Where did it get that from?"): counted as new, "say" and
# "since" sent those replies to any passage where someone says something, or something happened since.
ELLIPTICAL_WORDS = frozenset(
    {"say", "said", "says", "tell", "told", "report", "reported", "add", "added", "claim", "claimed"}
    | {"state", "stated", "mention", "mentioned", "write", "wrote", "explain", "mean", "meant", "happen"}
    | {"happened", "since", "until", "also", "then", "now", "later", "still", "again", "really", "exactly"}
    | {"source", "sources", "according", "more", "detail", "details", "elaborate", "expand", "continue"}
    | {"many", "much", "long", "often", "get", "got", "make", "made", "take", "took", "come", "came"}
)
# A reply that asks does so with a question word, a question mark or one of these; one that does not
# ("thanks!", "ok", "wow") is not a question about the answer, and is asked as it stands.
REQUEST_WORDS = frozenset(
    {"more", "detail", "details", "elaborate", "expand", "continue", "explain", "source", "tell", "say"}
    | {"go", "keep", "give", "show", "describe"}
)
# Who or what is meant, left to the conversation to say, and the words around it.
_POINTING = frozenset(
    {"he", "she", "it", "they", "him", "her", "them", "his", "hers", "its", "their", "this", "that"}
    | {"these", "those", "there", "here", "me", "us", "you", "we", "i", "my", "your", "our", "one"}
    | {"the", "a", "an", "of", "to", "in", "on", "at", "for", "with", "from", "by", "about", "and", "or"}
    | {"so", "but", "else", "anything", "something", "next", "before", "after", "please", "pls", "be"}
    | {"s", "t", "ll", "re", "ve", "d", "m", "not", "no", "yes", "ok", "okay", "exactly", "happening"}
    | {"whats", "whos", "hows", "wheres", "whens", "whys"}
)
_NOTHING_NAMED = WH_WORDS | AUXILIARIES | ELLIPTICAL_WORDS | REQUEST_WORDS | _POINTING
_WORD = re.compile(r"[^\W\d_]+|\d")
MAX_EMPTY_CHARS = 200  # longer, a question says something


def names_nothing(question: str) -> bool:
    """Whether every word of `question` only asks, points back or asks for more."""
    if len(question) > MAX_EMPTY_CHARS:
        return False
    words = [word.lower() for word in _WORD.findall(question)]
    return bool(words) and all(word in _NOTHING_NAMED for word in words)
