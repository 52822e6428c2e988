"""Which writing system a text is in, so a question is answered only from passages written in its own.

The shipped model reads English: a question in Russian or Ukrainian lands near any passage about
Russia, and was answered with confidence from one that had nothing to do with it ("Как приготовить
борщ?" quoted a passage on Putin's standing at 0.38, above the refusal threshold). A passage in the
question's writing system can still answer it (its keywords match), one in another cannot.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

__all__ = ["foreign_to", "question_script"]

LATIN = "LATIN"
# A passage shares the question's writing system when at least this share of its letters are in it:
# an English passage quoting a name in Cyrillic does not, a Russian one quoting "NATO" does.
SHARED_LETTERS = 0.3
EAST_ASIAN = "CJK"
# The first word of a letter's Unicode name, where one writing system goes by several: Latin letters
# in mathematical bold or full width; Japanese mixes kana and kanji, Korean writes hanja too.
_SAME_SYSTEM = {
    **dict.fromkeys(("MATHEMATICAL", "FULLWIDTH", "MODIFIER"), LATIN),
    **dict.fromkeys(
        ("HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "HALFWIDTH", "IDEOGRAPHIC", "HANGUL"), EAST_ASIAN
    ),
}


def _script(character: str) -> str:
    if character.isascii():
        return LATIN
    first = unicodedata.name(character, "").split(" ", 1)[0]
    return _SAME_SYSTEM.get(first, first)  # "CJK" for ideographs, "CYRILLIC", "GREEK", …


def question_script(question: str) -> str | None:
    """The writing system most of the question's letters are in; None without letters."""
    counts = Counter(_script(c) for c in question if c.isalpha())
    return counts.most_common(1)[0][0] if counts else None


def foreign_to(script: str | None, passage: str) -> bool:
    """Is `passage` written in another system than `script` (a question's)? Latin questions are not
    checked: the model reads them, and most passages are in Latin letters."""
    if script is None or script == LATIN:
        return False
    letters = in_script = 0
    for character in passage:
        if character.isalpha():
            letters += 1
            in_script += not character.isascii() and _script(character) == script
    return letters > 0 and in_script < SHARED_LETTERS * letters
