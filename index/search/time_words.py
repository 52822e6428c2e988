"""Time put another way: seasons and month abbreviations, spelt out as the months they stand for.

People ask "in late summer 2022" where an article says "in August 2022", and "in late November" where
it says "On Nov. 24". Neither the keyword match (different words) nor the sentence model (which barely
relates the two) sees the link, so the question's search text gets the months beside the words it
used: "late summer (August) 2022", "late November (Nov)". Seasons are the northern hemisphere's.

One linear-time regex pass (alternatives of fixed words, no nested repetition); the question as asked
is what the answer shows.
"""

from __future__ import annotations

import re

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# The abbreviations news style uses ("Nov. 24", "Sept. 1"); May, June and July are never shortened.
_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_SHORT = {1: "Jan", 2: "Feb", 3: "Mar", 4: "Apr", 8: "Aug", 9: "Sept", 10: "Oct", 11: "Nov", 12: "Dec"}
# A season's months, early to late.
_SEASONS = {"spring": (3, 4, 5), "summer": (6, 7, 8), "autumn": (9, 10, 11), "fall": (9, 10, 11),
            "winter": (12, 1, 2)}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Capitalised words that date rather than name anyone ("Nov. 1", "on Monday").
_DATE_WORDS = frozenset({month.lower() for month in _MONTHS} | set(_ABBREVIATIONS) | set(_WEEKDAYS))
# Month names that are also common nouns, read as months only where a date is written.
_ALSO_NOUNS = frozenset({"march"})
_BEFORE_A_MONTH = frozenset(
    {"in", "on", "since", "until", "till", "by", "from", "to", "through", "before", "after", "during"}
    | {"early", "mid", "late", "last", "next", "this", "of", "end", "beginning", "mid-", "each", "every"}
)
_PART = {"early": 0, "start": 0, "beginning": 0, "mid": 1, "middle": 1, "late": 2, "end": 2}

# "late summer", "mid-winter", "midsummer", "early in the autumn", "the spring", "spring 2022", and month
# names or abbreviations. "Fall" and "spring" are seasons only after a time word or before a year, so
# "did the government fall" and "the Arab Spring" are left alone.
_TIME = re.compile(
    r"\b(?:(?P<part>early|mid|middle|late|start|beginning|end)(?:[- ]|\s+in\s+the\s+|\s+of\s+the\s+"
    r"|\s+of\s+|\s+)?(?P<partseason>spring|summer|autumn|fall|winter)\b"
    r"|(?:in|during|this|last|next|that|by|until|since|before|after)\s+(?:the\s+)?(?P<season>spring|summer|autumn|fall"
    r"|winter)\b"
    r"|(?P<seasonyear>spring|summer|autumn|fall|winter)(?=\s+(?:of\s+)?\d{4}\b)"
    r"|(?P<bare>summer|autumn|winter)\b"
    r"|(?P<month>january|february|march|april|june|july|august|september|october|november|december)\b"
    r"|(?P<abbreviation>jan|feb|mar|apr|aug|sept?|oct|nov|dec)\b\.?(?=\s*\d))",
    re.IGNORECASE,
)


def with_months(question: str) -> str:
    """The question with the months its time words stand for added in brackets (unchanged if none)."""
    parts: list[str] = []
    last = 0
    for match in _TIME.finditer(question):
        months = _months(match)
        if not months:
            continue
        parts.append(question[last : match.end()])
        parts.append(" (" + " ".join(months) + ")")
        last = match.end()
    if not parts:
        return question
    return "".join(parts) + question[last:]


def is_time_word(word: str) -> bool:
    """Whether the word is a month, a month's abbreviation or a day of the week."""
    return word.lower() in _DATE_WORDS


def _reads_as_month(match: re.Match[str]) -> bool:
    """ "in March", "5 March", "March 1930", "early March": not "the march", "Gandhi's march", "the Salt
    March"."""
    before = match.string[max(0, match.start() - 24) : match.start()].split()
    after = match.string[match.end() : match.end() + 3].lstrip()
    if after[:1].isdigit():
        return True
    if len(before) >= 2 and before[-1].lower() in {"and", "or"} and is_time_word(before[-2]):
        return True  # "between February and March"
    return bool(before) and (before[-1].lower() in _BEFORE_A_MONTH or before[-1].rstrip(",").isdigit())


def _months(match: re.Match[str]) -> tuple[str, ...]:
    if match.group("month"):
        if match.group("month").lower() in _ALSO_NOUNS and not _reads_as_month(match):
            return ()
        number = _MONTHS.index(match.group("month").capitalize()) + 1
        return (_SHORT[number],) if number in _SHORT else ()
    if match.group("abbreviation"):
        return (_MONTHS[_ABBREVIATIONS[match.group("abbreviation").lower()] - 1],)
    if match.group("partseason"):
        season = _SEASONS[match.group("partseason").lower()]
        return (_MONTHS[season[_PART[match.group("part").lower()]] - 1],)
    season_word = match.group("season") or match.group("seasonyear") or match.group("bare")
    return tuple(_MONTHS[number - 1] for number in _SEASONS[season_word.lower()])


__all__ = ["is_time_word", "with_months"]
