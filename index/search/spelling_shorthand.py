"""Chat's shorthand spelt out: "y r ppl protesting" is "why are people protesting".

No edit distance reaches these ("ppl" is two letters from "people"), and as typed the keyword index
holds none of them, the sentence model reads them as noise and the answer's kind is lost ("y" asks
for a cause). Only lower case is shorthand: "PPL" or "R" may be a name. A word the knowledge base
itself uses is left as typed (`index.search.spelling`). Shorthand that is also a word is not
listed: "bout" (of fighting), "bc" (in "44 bc").

Titles' abbreviations ("the CEO", "Tessaro's COO"; not "pm", as often the afternoon or a message) are
spelt out in either case, but only where the knowledge base writes the title out and never abbreviates
it: "Who is the COO?" was refused over a passage naming "the chief operating officer, Pietro Sala", as
no passage holds "coo". Where it holds neither, or the abbreviation, the question is left as typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["SHORTHANDS", "TITLES", "spelt_out"]

SHORTHANDS = {
    "u": "you", "r": "are", "ur": "your", "ppl": "people", "abt": "about", "bcuz": "because",
    "cuz": "because", "coz": "because", "tho": "though",
    "thru": "through", "govt": "government", "govts": "governments", "prez": "president",
    "yr": "year", "yrs": "years", "intl": "international", "natl": "national", "wanna": "want to",
    "gonna": "going to", "goalie": "goalkeeper",
}  # fmt: skip
TITLES = {
    "ceo": "chief executive", "cfo": "chief financial officer", "coo": "chief operating officer",
    "cto": "chief technology officer", "vp": "vice president", "mp": "member of parliament",
    "gdp": "gross domestic product", "eu": "european union",
}  # fmt: skip
# A title is one after an article or a possessive ("the CEO", "Tessaro's COO"), or before "of" ("CEO of
# Tessaro"): "until five pm", "pm 2.5", "how many mp is the camera" and Portuguese "eu" ("I") are not.
_BEFORE_TITLES = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "your", "my"})
_POSSESSIVE = re.compile(r"\w['’]s\Z")
_LINKING_WORDS = frozenset({"of"})
_WORD_BEFORE = 40  # characters looked at before a title
# "y" is "why" only where a question starts ("y did iran send drones"): elsewhere it is a letter.
_FIRST_WHY = "y"
# A shorthand stands alone: not in "u.s.", "r&d", "u-boat", "r/ukraine" or "y'all".
_SHORTHAND = re.compile(
    r"(?<![\w.'’&/-])(" + "|".join(sorted(SHORTHANDS, key=len, reverse=True)) + r"|y)(?![\w.'’&/-]|\.\w)"
)
# A title stands alone too, and not after a number: "12 MP" is a camera's pixels.
_TITLE = re.compile(
    r"(?<![\w.'’&/-])(?<!\d )(" + "|".join(sorted(TITLES, key=len, reverse=True)) + r")(?![\w.'’&/-]|\.\w)",
    re.IGNORECASE,
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

    def spell_title(match: re.Match[str]) -> str:
        typed = match.group(1)
        meant = TITLES[typed.lower()]
        before = question[max(0, match.start() - _WORD_BEFORE) : match.start()].split()[-1:]
        titled = bool(before) and (before[0].lower() in _BEFORE_TITLES or bool(_POSSESSIVE.search(before[0])))
        if not titled and not question[match.end() :].lower().startswith(" of "):
            return typed
        written_out = all(held(word) for word in meant.split() if word not in _LINKING_WORDS)
        if held(typed.lower()) or not written_out:
            return typed
        spelt[typed.lower()] = meant
        return meant

    question = _SHORTHAND.sub(spell, question)
    return _TITLE.sub(spell_title, question), spelt
