"""A news page's byline and date lines, as text copied from the page shows them.

"by Oleg Sukhov December 5, 2022 9:37 AM 7 min read", "By Jane Doe and John Roe, Reuters", "By Anna van
der Berg | anna@paper.com", with the date on its own line under it ("Updated 3:14 PM EST, December 4,
2023"). Ordinary lines that start with "By" are not bylines: "By the end of 2022, …", "By Car" (a
guide's section), "BY HAND" (on a letter), "By Topic" (a menu), "BY MS. OKAFOR:" (a transcript), "By
Saturday". Every pattern here sees one line of at most `MAX_BYLINE_CHARS`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = [
    "ADDRESS",
    "DATE_LABELS",
    "MIN_NAME_WORDS",
    "MONTH_ABBREVIATIONS",
    "NAME_ABBREVIATIONS",
    "NAME_PARTICLES",
    "NAME_WORD",
    "ROLE_WORDS",
    "Byline",
    "date_line",
    "date_remnant",
    "day_of_month",
    "ends_sentence",
    "read_byline",
    "release_dateline",
]

MAX_BYLINE_CHARS = 200
MAX_AUTHOR_NAMES = 8  # words, without "and"
MIN_NAME_WORDS = 2  # a name's words, at least, where a job, a publisher or an address is cut after it
MAX_AFFILIATION_WORDS = 6  # ", staff writer", "| anna@paper.com", ", Reuters"

_START = re.compile(r"(?:written\s+by|words\s+by|story\s+by|reporting\s+by|by)\s+", re.IGNORECASE)
# "By" as a page in another language writes it ("Por María López y Juan Pérez", "Par Jean Dupont et
# Marie Curie"): only on a page in that language, as "Von Braun and Korolev" opens an English one.
_STARTS_IN = {
    language: re.compile(rf"{label}\s+", re.IGNORECASE)
    for language, label in {"es": "por", "pt": "por", "fr": "par", "de": "von", "nl": "door"}.items()
}
# Capitalised words a heading in those languages opens with after the label: "Por Qué Importa".
_NOT_NAMES_IN_LANGUAGES = frozenset(
    {"qué", "que", "eso", "ello", "ejemplo", "favor", "fin", "tanto", "último"}
) | (frozenset({"ailleurs", "exemple", "contre", "conséquent", "ici", "où", "quoi", "là"}))
# Another credit after the writer's: "Story by Jane Doe. Photography by Tom Price."
_OTHER_CREDIT = re.compile(
    r"(?:photography|photos?|pictures|images|illustrations?|video|graphics|additional\s+reporting)"
    r"\s+by\s+[^.]{1,80}\.?",
    re.IGNORECASE,
)
# A wire's dateline: where and when, then the wire between slashes and a dash.
_RELEASE_DATELINE = re.compile(r"(?P<dateline>[^/\n]{8,80}?)\s*/[^/\n]{2,40}/\s*(?:--|—|–)")
ADDRESS = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}")
# A period that is no sentence's end after a name: an initial's, "Jr.", "St. John".
NAME_ABBREVIATIONS = frozenset(
    {"jr.", "sr.", "st.", "dr.", "mr.", "mrs.", "ms.", "prof.", "hon.", "sgt.", "wm.", "rev.", "gen.", "col."}
    | {"capt.", "lt.", "sen.", "rep.", "gov.", "mt.", "ft.", "fr.", "sir.", "lord.", "mx."}
    # Names written short: "Jose Ma. Sison", "Md.", "Mohd.", "Wm.", "Chas.", "Geo.", "Thos."
    | {"ma.", "md.", "mohd.", "muh.", "chas.", "geo.", "thos.", "jas.", "jno.", "benj.", "robt."}
)
_POSTED = re.compile(
    r"(?:posted|published)(?: on)? (?P<date>[^\n]{6,40}?) by (?P<names>[^\n]{2,80})", re.IGNORECASE
)
NAME_WORD = re.compile(r"[A-Z\u00c0-\u024f][\w'’.\-]*")  # a capitalised word, as names are written
NAME_PARTICLES = frozenset(
    {"van", "der", "den", "de", "da", "di", "du", "von", "al", "el", "bin", "la", "le", "dos"}
)
_CONNECTIVES = frozenset({"and", "&", "y", "e", "et", "und", "en"})
# Capitalised words that follow "By" in other lines: ways, means, menus and days, not people.
_NOT_NAMES = frozenset(
    {"hand", "email", "e-mail", "post", "fax", "courier", "phone", "car", "train", "bus", "bike", "air"}
    | {"sea", "foot", "road", "rail", "topic", "region", "country", "date", "category", "design", "default"}
    | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "tomorrow"}
    | {"midnight", "noon", "then", "now", "far", "contrast", "comparison", "law", "order", "invitation"}
)
_MONTH_NAMES = (
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
    ("november", "nov"), ("december", "dec"),
)  # fmt: skip
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}
MONTH_ABBREVIATIONS = frozenset(name for names in _MONTH_NAMES for name in names[1:])
_DAY = re.compile(r"\d{1,2}(?:st|nd|rd|th)?")
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATES = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})\b"),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
)
# Lowercase words a byline or date line holds besides names and dates ("7 min read", "9:37 a.m.",
# "3:14 p.m.": the U.S. papers' style).
_BYLINE_WORDS = frozenset(
    {"a", "am", "and", "ago", "at", "for", "from", "hour", "hours", "in", "min", "mins", "minute", "minutes"}
    | {"of", "on", "pm", "posted", "published", "read", "the", "updated", "p", "m", "last"}
)
# Words of a job or a desk, not of a name: "By Jane Doe, Senior Editor and Columnist".
ROLE_WORDS = frozenset(
    {"editor", "editors", "columnist", "writer", "writers", "reporter", "reporters", "correspondent"}
    | {"contributor", "producer", "director", "chief", "staff", "photographer", "analyst", "critic"}
    | {"desk", "bureau", "team", "intern", "fellow", "senior", "deputy", "associate", "freelance"}
    | {"engineer", "manager", "designer", "developer", "scientist", "researcher", "lead", "head"}
    | {"principal", "officer", "founder", "co-founder", "cofounder", "ceo", "cto", "vp", "professor"}
)
DATE_LABELS = frozenset({"updated", "published", "posted"})
_LOWERCASE_WORD = re.compile(r"\b[a-z][a-z]*\b")


@dataclass(frozen=True)
class Byline:
    """A byline's author and when it says the page was published (None: not on that line)."""

    author: str
    published: dt.date | None


def read_byline(line: str, language: str | None = None) -> Byline | None:
    """The byline a line is, or None; `language`: the page's, where known ("es", "fr-CA")."""
    line = line.strip()
    posted = _POSTED.fullmatch(line) if len(line) <= MAX_BYLINE_CHARS else None
    if posted is not None and (date := _date(posted["date"])) is not None:  # WordPress: "Posted on … by …"
        named = read_byline(f"By {posted['names']} {date:%B} {date.day}, {date.year}")
        return Byline(named.author, date) if named is not None else None
    foreign = _STARTS_IN.get((language or "")[:2].lower())
    start = _START.match(line) or (foreign.match(line) if foreign is not None else None)
    if start is None or len(line) > MAX_BYLINE_CHARS or line.endswith(":"):
        return None
    words = line[start.end() :].split()
    names: list[str] = []
    for at, word in enumerate(words):
        bare = word.rstrip(",;|")
        if bare.lower() in _CONNECTIVES or (bare in NAME_PARTICLES and names):
            if not names:
                break
        elif (
            not NAME_WORD.fullmatch(bare)
            or bare.rstrip(".").lower() in _MONTHS
            or bare.lower() in DATE_LABELS
        ):
            break  # "By Ann Lee Updated 3:14 PM …": the date line, run on
        if word == f"{bare}," and _names_go_on(words[at + 1 :]):  # "By Ann Lee, Bo Chen and Cy Day"
            names.append(word)
            continue
        # "Doe." ends a name; a first name ("Md.", "Ma.") or a rank ("Maj. Gen.") abbreviated does not.
        if ends_sentence(bare) and names and names[-1].lower() not in _CONNECTIVES and _ending(names):
            names.append(bare[:-1])  # "Story by Jane Doe. Photography by…": the sentence ends the names
            break
        names.append(bare)
        if bare != word or bare.endswith("|"):  # "By Jane Doe, Reuters": the comma ends the names
            break
    taken = len(names)
    while names and (names[-1].lower() in _CONNECTIVES or names[-1] in NAME_PARTICLES):
        names.pop()
    people = [name for name in names if name.lower() not in _CONNECTIVES and name not in NAME_PARTICLES]
    if (
        not people
        or len(people) > MAX_AUTHOR_NAMES
        or any(n.rstrip(".").lower() in _NOT_NAMES for n in people)
        or people[0].lower() in _NOT_NAMES_IN_LANGUAGES
    ):
        return None
    rest = " ".join(words[taken:]).lstrip("|").strip()
    published = _date(rest)
    # One word is a name only with a date beside it ("By Reuters, Dec. 4, 2023"): "By Car" is a section.
    if len(people) < 2 and published is None:
        return None
    separated = words[taken - 1].endswith((",", "|")) or words[taken : taken + 1] == ["|"]
    elsewhere = _OTHER_CREDIT.fullmatch(rest) or ADDRESS.fullmatch(rest)  # "jane.doe@example.com"
    if not _only_byline_words(rest) and not (separated and _affiliation(rest)) and not elsewhere:
        return None
    return Byline(" ".join(names), published)


def _ending(names: list[str]) -> bool:
    """Whether the names read so far may end with the next word's period: after a first name ("Jane
    Doe.") or an initial ("M. López."), not after an abbreviated first name or rank ("Md.", "Maj.")."""
    last = names[-1]
    return not last.endswith(".") or (len(last) == 2 and last[0].isupper())


def ends_sentence(word: str) -> bool:
    """Whether a name's word ends a sentence with its period: "Doe." does; an initial ("J."), joined
    initials ("J.K."), or a title ("Dr.", "Jr.") do not."""
    return (
        word.endswith(".")
        and len(word) > 2
        and "." not in word[:-1]
        and word.lower() not in NAME_ABBREVIATIONS
    )


def _names_go_on(words: list[str]) -> bool:
    """Whether the words after a comma go on naming people up to an "and" and one more name: a list of
    authors ("Bo Chen and Cy Day", "Bo Chen, and Cy Day"), not an affiliation ("Reuters") or a job
    ("Senior Editor and Columnist", "Health and Science Reporter")."""
    listed: list[str] = []
    for at, word in enumerate(words):
        bare = word.rstrip(",;|")
        if bare.lower() in _CONNECTIVES:
            if at + 1 >= len(words) or NAME_WORD.fullmatch(words[at + 1].rstrip(",;|")) is None:
                return False
            last = []  # the last name, up to the comma or bar after it
            for name_word in words[at + 1 : at + 1 + MAX_AUTHOR_NAMES]:
                last.append(name_word.rstrip(",;|"))
                if name_word.endswith((",", ";", "|")):
                    break
            return not any(w.lower() in ROLE_WORDS for w in [*listed, *last])
        if not (NAME_WORD.fullmatch(bare) or bare in NAME_PARTICLES) or bare.rstrip(".").lower() in _MONTHS:
            return False
        listed.append(bare)
    return False


def _affiliation(rest: str) -> bool:
    """ ", staff writer", "| anna@paper.com": a few words after a comma or bar that close no sentence."""
    return len(rest.split()) <= MAX_AFFILIATION_WORDS and not rest.endswith(".")


def _only_byline_words(text: str) -> bool:
    return all(word in _BYLINE_WORDS or word in _MONTHS for word in _LOWERCASE_WORD.findall(text))


def date_line(line: str) -> dt.date | None:
    """The date of a line that is only a date ("December 5, 2022", "Updated 3:14 PM EST, December 4,
    2023", "Mon 4 Dec 2023 12.15 GMT")."""
    line = line.strip()
    if len(line) > MAX_BYLINE_CHARS or not _only_byline_words(line):
        return None
    return _date(line)


# What is left of a date line once a page's `<time>` elements are taken out of it: "Published |
# Updated", "Posted", "Updated 8:10 p.m. ET".
_REMNANT_WORDS = DATE_LABELS | {"on", "at", "last", "modified", "a.m.", "p.m.", "am", "pm"}
_TIME_ZONES = frozenset(
    {"et", "est", "edt", "ct", "cst", "cdt", "pt", "pst", "pdt", "gmt", "bst", "utc", "cet"}
)
_CLOCK = re.compile(r"\d{1,2}(?:[:.]\d\d)?(?:[ap]\.?m\.?)?")
MAX_REMNANT_CHARS = 60


def date_remnant(block: str) -> bool:
    """Whether `block` is only the labels of a date line whose dates the page's markup held."""
    if len(block) > MAX_REMNANT_CHARS:
        return False
    words = [word.strip("|·•,:;()").casefold() for word in block.split()]
    words = [word for word in words if word]
    return any(word in DATE_LABELS for word in words) and all(
        word in _REMNANT_WORDS or word in _TIME_ZONES or _CLOCK.fullmatch(word) for word in words
    )


def release_dateline(paragraph: str) -> dt.date | None:
    """The date a press release's dateline gives: "RENO, Nev., April 3, 2024 /PRNewswire/ -- Acme…",
    "LONDON, March 4, 2025 /BUSINESS WIRE/--"."""
    found = _RELEASE_DATELINE.match(paragraph[:MAX_BYLINE_CHARS])
    return _date(found["dateline"]) if found is not None else None


def day_of_month(text: str) -> bool:
    """Whether `text` is a month and its day alone ("June 5", "5 June", "Dec. 18th"), as a byline's
    date is left when its comma is read as the one between two names ("Jane Doe; June 5")."""
    words = text.replace(",", " ").split()
    months = [word for word in words if word.rstrip(".").lower() in _MONTHS]
    days = [word for word in words if _DAY.fullmatch(word)]
    return len(words) == 2 and len(months) == 1 and len(days) == 1


def _date(text: str) -> dt.date | None:
    for pattern in _DATES:
        match = pattern.search(text)
        if match is None:
            continue
        month = match.group("month")
        number = int(month) if month.isdigit() else _MONTHS.get(month.lower())
        if number is None:
            continue
        try:
            return dt.date(int(match.group("year")), number, int(match.group("day")))
        except ValueError:
            continue
    return None
