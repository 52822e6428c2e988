"""An attribute asked for in keywords, as chat types it: "belarus president", "president of belarus",
"kazakhstan population", "shahed drone price", "lukashenko wife", "sazonov born where".

Written out ("Who is the president of Belarus?"), these questions are read by `attribute_cues`, and a
quote must state the attribute of the place it is asked of. Typed as keywords they were answered
anyway: "belarus president" with "Kazakh President Kassym-Jomart Tokayev", "kazakhstan capital" with
"Kazakhstan is a sovereign state", "lukashenko wife" with a line on his politics. A keyword question
is short, asks with no auxiliary, and names the attribute at one end: after whose it is, or before
"of" and whose; the quote must then name whose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from index.search.office_cues import OFFICES
from index.search.spelling_words import AUXILIARIES, WH_WORDS
from index.search.word_forms import names_a_place

__all__ = ["KeywordAttribute", "keyword_attribute"]

# The attribute's name as typed: attribute (`attribute_cues`).
_NAMED_ATTRIBUTES = {
    "population": "population",
    "capital": "capital",
    "capital city": "capital",
    "president": "president",
    "prime minister": "prime minister",
    "premier": "prime minister",
    "pm": "prime minister",
    "mayor": "mayor",
    "governor": "governor",
    "king": "monarch",
    "queen": "monarch",
    "monarch": "monarch",
    "ceo": "chief executive",
    "defence minister": "defence minister",
    "defense minister": "defence minister",
    "foreign minister": "foreign minister",
    "finance minister": "finance minister",
    "currency": "currency",
    "official language": "language",
    "language": "language",
    "gdp": "economy",
    "religion": "religion",
    "price": "price",
    "cost": "price",
    "speed": "speed",
    "top speed": "speed",
    "headquarters": "headquarters",
    "hq": "headquarters",
    # of a person
    "age": "age",
    "birthday": "age",
    "date of birth": "age",
    "born when": "age",
    "birthplace": "birthplace",
    "place of birth": "birthplace",
    "born where": "birthplace",
    "hometown": "birthplace",
    "wife": "kin",
    "husband": "kin",
    "spouse": "kin",
    "son": "kin",
    "sons": "kin",
    "daughter": "kin",
    "daughters": "kin",
    "children": "kin",
    "kids": "kin",
    "family": "kin",
    "parents": "kin",
    "party": "party",
    "political party": "party",
    "health": "health",
    "education": "education",
    "founder": "founder",
    "net worth": "wealth",
    "wealth": "wealth",
    "fortune": "wealth",
    # of a place or an event
    "weather": "weather",
    "deaths": "casualties",
    "death toll": "casualties",
    "casualties": "casualties",
}
_ATTRIBUTE = "|".join(sorted(_NAMED_ATTRIBUTES, key=len, reverse=True))
# Whose: one to three words, none of them a verb's helper or a question word ("why is iran's
# president silent" asks why).
_OWNER = r"((?:[a-z][\w’'-]* ){0,2}?[a-z][\w’'-]*?)"
# What a keyword question may open or close with around the attribute: "who", "whats", "name".
_OPEN = r"(?:(?:who|what)(?:s|'s|’s)? |the )?"
_CLOSE = r"(?: (?:name|who|now|today|currently))?"
_FORMS = (
    re.compile(rf"{_OPEN}(?:the )?{_OWNER}(?:'s|’s)? ({_ATTRIBUTE}){_CLOSE}"),  # "belarus president"
    re.compile(rf"{_OPEN}(?:the )?({_ATTRIBUTE}) of (?:the )?{_OWNER}{_CLOSE}"),  # "president of belarus"
)
_NOT_OWNERS = (
    WH_WORDS
    | AUXILIARIES
    | frozenset(
        {"of", "and", "or", "in", "on", "for", "to", "a", "an", "the", "its", "their", "his", "her", "name"}
    )
)
# Stripped with str.rstrip: a pattern for them ("[\s?!.]+$") is tried at every mark of a long run of
# them that does not end the text, quadratic in a question of dots.
_TRAILING = " \t\n\r\f\v?!."


@dataclass(frozen=True)
class KeywordAttribute:
    """An attribute asked for in keywords, and the words of whose it is."""

    attribute: str
    owner: tuple[str, ...]


# A question is read once per quote it is checked against, and twice there (what and whose).
@lru_cache(maxsize=256)
def keyword_attribute(question: str) -> KeywordAttribute | None:
    """The attribute a keyword question asks for, or None when it is no keyword question or names
    none at either end."""
    text = " ".join(question.lower().split()).rstrip(_TRAILING)
    for index, form in enumerate(_FORMS):
        match = form.fullmatch(text)
        if match is None:
            continue
        named, owner = (match.group(2), match.group(1)) if index == 0 else (match.group(1), match.group(2))
        words = tuple(re.sub(r"(?:'s|’s)$", "", word) for word in owner.split())
        attribute = _NAMED_ATTRIBUTES[named]
        if not words or not _NOT_OWNERS.isdisjoint(words):
            continue
        # An office's holder is a place: "lukashenko president" asks about President Lukashenko.
        if attribute not in OFFICES or names_a_place(" ".join(words)):
            return KeywordAttribute(attribute, words)
    return None
