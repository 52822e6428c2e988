"""Questions in a language the knowledge base is not written in, though in the same letters ("Kto wygrał
mundial w 2022?"): most of their words are neither English, nor the knowledge base's, nor a misspelling
of either.

The sentence model reads such a question by its numbers and names alone, and "2022" put the Polish
question above the refusal threshold (0.334) on a passage about 2022. Words the spelling correction
changed are misspellings, not another language: chat-typed English ("wat did irn admit") keeps few
words it cannot place. A knowledge base in German knows German words, so German questions about it
are not foreign to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from index.search.keyword_terms import english_stopwords

__all__ = ["FOREIGN_SHARE", "MIN_FOREIGN_WORDS", "mostly_foreign"]

# Of the question's words (two letters or more), this share and this many at least are unknown: of
# the 1,902 questions about the article in eval/ (a third or more chat- or machine-typed) two were,
# and one of SQuAD half A's 5,665 (two names), against 13 of 18 questions in 13 other languages.
FOREIGN_SHARE = 0.5
MIN_FOREIGN_WORDS = 2
MAX_QUESTION_CHARS = 4096
_WORD = re.compile(r"[^\W\d_]{2,}")


def mostly_foreign(question: str, corrected: str, known: Callable[[str], bool]) -> bool:
    """Whether most of the question's words are unknown (no English stop word, and `known` False for
    them, lower-cased) and left as typed by the spelling correction (`corrected`: the question as
    corrected) or written in letters beyond ASCII."""
    typed = [word.lower() for word in _WORD.findall(question[:MAX_QUESTION_CHARS])]
    if len(typed) < MIN_FOREIGN_WORDS:
        return False
    kept = {word.lower() for word in _WORD.findall(corrected[:MAX_QUESTION_CHARS])}
    # "is", "the": in neither list of words, which hold words that mean something.
    common = english_stopwords()
    # A word corrected into English is a misspelling, unless it has letters English typing never adds
    # ("nasıl", Turkish for "how", became "nasal").
    foreign = sum(
        1 for word in typed if (word in kept or not word.isascii()) and word not in common and not known(word)
    )
    return foreign >= MIN_FOREIGN_WORDS and foreign >= FOREIGN_SHARE * len(typed)
