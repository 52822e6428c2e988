"""Chat's shorthand spelt out: "y r ppl protesting" is "why are people protesting".

No edit distance reaches these ("ppl" is two letters from "people"), and as typed the keyword index
holds none of them, the sentence model reads them as noise and the answer's kind is lost ("y" asks
for a cause). Only lower case is shorthand: "PPL" or "R" may be a name. A word the knowledge base
itself uses is left as typed (`index.search.spelling`). Shorthand that is also a word is not
listed: "bout" (of fighting), "bc" (in "44 bc").
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["SHORTHANDS", "spelt_out"]

SHORTHANDS = {
    "u": "you", "r": "are", "ur": "your", "ppl": "people", "abt": "about", "bcuz": "because",
    "cuz": "because", "coz": "because", "tho": "though",
    "thru": "through", "govt": "government", "govts": "governments", "prez": "president",
    "yr": "year", "yrs": "years", "intl": "international", "natl": "national", "wanna": "want to",
    "gonna": "going to",
}  # fmt: skip
# "y" is "why" only where a question starts ("y did iran send drones"): elsewhere it is a letter.
_FIRST_WHY = "y"
# A shorthand stands alone: not in "u.s.", "r&d", "u-boat", "r/ukraine" or "y'all".
_SHORTHAND = re.compile(
    r"(?<![\w.'’&/-])(" + "|".join(sorted(SHORTHANDS, key=len, reverse=True)) + r"|y)(?![\w.'’&/-]|\.\w)"
)


def spelt_out(question: str, held: Callable[[str], bool]) -> tuple[str, dict[str, str]]:
    """`question` with its shorthand spelt out, and which shorthand became what; `held`: whether the
    knowledge base uses a word (then it is meant as typed)."""
    first_word = re.search(r"\w", question)
    first_at = first_word.start() if first_word else -1
    spelt: dict[str, str] = {}

    def spell(match: re.Match[str]) -> str:
        typed = match.group(1)
        meant = "why" if typed == _FIRST_WHY and match.start() == first_at else SHORTHANDS.get(typed)
        if meant is None or held(typed):
            return typed
        spelt[typed] = meant
        return meant

    return _SHORTHAND.sub(spell, question), spelt
