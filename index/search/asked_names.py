"""Whom a "Who is …?" or "What is …?" question asks about, and whether a text names them.

"Who is Oleg Sukhov?" (0.46) was answered with a line about Lukashenko, "Who is the leader of Belarus?"
with Iran's "Supreme Leader": a quote must name whom it is asked about. Only a name written with
capitals counts: "what is happening" asks about events. (Answering from the best quote that names them
instead answered "Who is the president of Ukraine?" with a line about Putin: the article names Ukraine
everywhere.) A name is held by a word of it, its plural, one slip in a long word, or its initials ("UN":
"United Nations"); `mentions_of` also reads its people ("Kazakh") where an attribute is said of it.

A question's patterns repeat at most three words, and a question is at most `MAX_QUESTION_CHARS`.
"""

from __future__ import annotations

import functools
import re

from index.search.spelling_edits import edit_distance
from index.search.word_forms import (
    PLACE_PREFIX,
    base_forms,
    capital_countries,
    countries,
    english_words,
    names_a_place,
    peoples,
)

__all__ = ["WORD", "asked_name", "asked_owner", "holds_name", "mentions_of", "names_its_people"]

WORD = re.compile(r"[^\W_]+")

# "Who is Oleg Sukhov?", "What is the CSTO?", "Who was Boleslaw II of Masovia?": one to three words
# with a capital after "who/what is", nothing else; or whose or what's a few words are ("Who is the
# president of Ukraine?", "Who is Iran's president?", "Who is the Russian president?").
_NAMED = r"[A-Z][\w’'.-]*"
_NAME = rf"({_NAMED}(?: (?:of )?{_NAMED}){{0,2}})"
_WHO_IS = r"\s*(?i:who|what)(?:'s|’s| is| was| are| were) (?i:the name of )?"
_ASKED_NAMES = (
    re.compile(rf"{_WHO_IS}(?:the )?{_NAME}[?!. ]*"),
    re.compile(rf"{_WHO_IS}the (?:[a-z-]+ ){{1,3}}of (?:the )?{_NAME}[?!. ]*"),
    # "Who is Iran's president?", and as typed in chat, "Who is Russias prime minister?"
    re.compile(rf"{_WHO_IS}(?:the )?{_NAME}(?:'s|’s|s) [a-z-]+(?: [a-z-]+){{0,2}}[?!. ]*"),
    # "Who is the Russian president?", "Who is the Kremlin spokesman?" (a person: "What's the
    # Moscow-headed trade grouping called?" names no Moscow-headed)
    re.compile(rf"\s*(?i:who)(?:'s|’s| is| was) the {_NAME} [a-z-]+(?: [a-z-]+){{0,2}}[?!. ]*"),
)
_MIN_SLIP_LENGTH = 5  # "Sazanov" is Sazonov; "Lean" is not "Iran"
_MAX_INITIALS = 5  # "UN", "CSTO", "UMC" may be written out
_RUN_CONNECTIVES = frozenset({"of", "and", "the", "for", "on", "in"})  # "Taskforce … on Abortion (TUMAS)"


def asked_name(question: str) -> tuple[str, ...]:
    """The words of the name a "Who is …?" or "What is …?" question asks about, or asks for something of
    (lower case), or (). Typed all in lower case, a place it asks something of counts as written with
    capitals: "who is the leader of tajikistan" was answered with Iran's "Supreme Leader", which "Who is
    the leader of Tajikistan?" never is."""
    for pattern in _ASKED_NAMES:
        match = pattern.fullmatch(question)
        if match is not None and not re.search(r"['’]s\b", match.group(1)):
            return tuple(word for word in WORD.findall(match.group(1).lower()) if word != "of")
    if question == question.lower():
        match = _OF_A_PLACE.fullmatch(question)
        if match is not None and _a_place_named(match.group(1)):
            return tuple(WORD.findall(match.group(1)))
    return ()


def _a_place_named(words: str) -> bool:
    """Whether the words are a country's or a capital's whole name ("south" is neither)."""
    if words in countries() or words in capital_countries():
        return True
    # Or a country's first words that are no English word: "bosnia", "trinidad", "saudi" ("south" is).
    return words not in english_words() and any(c.startswith(f"{words} ") for c in countries())


# "who is the leader of north korea", as `_ASKED_NAMES`'s second pattern with no capitals to go by.
_OF_A_PLACE = re.compile(rf"{_WHO_IS}the (?:[a-z-]+ ){{1,3}}of (?:the )?([a-z-]+(?: [a-z-]+){{0,2}})[?!. ]*")


# Whose an attribute is, however typed: "whats the capital of kazakhstan" ends in "of" and up to three
# words, and "the", "its" or "a" before them say nothing of whose.
_OWNER_TAIL = re.compile(r"\bof (?:the |a |an |its |their |this |that )?((?:[\w’'-]+ ){0,2}[\w’'-]+)[?!. ]*$")
# Or a place it ends with after "in": "what language do they speak in kazakhstan" (not "in 1901").
_PLACE_TAIL = re.compile(r"\bin (?:the )?((?:[\w’'-]+ ){0,2}[\w’'-]+)[?!. ]*$")
# Or, as capitals would, a possessive after "who is" or "whats" and before a few last words, apostrophe
# or not: "whos russias prime minister", "who is north koreas leader". Three letters at least:
# "whats the us population" names no "u".
_OWNER_FIRST = re.compile(
    r"\s*(?:who|what)(?:'s|’s|s| is| was) (?:the )?([\w-]{3,}?(?: [\w-]{3,}?)?)(?:'s|’s|s) "
    r"[a-z-]+(?: [a-z-]+){0,2}[?!. ]*"
)
# Or a place's people before a few last words: "who is the russian president".
_PEOPLE_FIRST = re.compile(r"\s*who(?:'s|’s|s| is| was) the ([\w-]{3,}) [a-z-]+(?: [a-z-]+){0,2}[?!. ]*")


def asked_owner(question: str) -> tuple[str, ...]:
    """Whose attribute a question asks for: the name `asked_name` reads, else a name written with
    capitals that the question ends with ("What language is spoken in Armenia?"); in a question typed
    all in lower case, which writes no name that way, the words after a last "of" or a possessive it
    opens with; or ()."""
    if question != question.lower():
        return asked_name(question) or _closing_name(question)
    match = _OWNER_TAIL.search(question)
    if match is None and (first := _OWNER_FIRST.fullmatch(question)) is not None:
        # Two words only if they are a place: "who is the russian presidents spokesman" is not asked
        # of ("russian", "president") but of the Russian president.
        match = first if " " not in first.group(1) or _a_place_named(first.group(1)) else None
    for tail in (_PLACE_TAIL.search(question), _PEOPLE_FIRST.fullmatch(question)):
        if match is None and tail is not None and names_a_place(tail[1]):
            match = tail
    return tuple(WORD.findall(match.group(1))) if match is not None else ()


def _closing_name(question: str) -> tuple[str, ...]:
    """The words of the run of capitalised words after "in" or "of" that a question ends with ("What
    language is spoken in Armenia?"; "of" may join them); () when it ends otherwise ("… before the
    Mongol invasion?", "… for Foreign and Security Policy?")."""
    words = WORD.findall(question)[1:]
    run: list[str] = []
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        if word[0].isupper():
            run.append(word.lower())
        elif word not in ("in", "of") or not run:
            return ()
        elif index == 0 or not words[index - 1][0].isupper():  # "in Armenia", "of Bosnia of …" ends here
            return tuple(reversed(run))
    return ()


def holds_name(text: str, name: tuple[str, ...]) -> bool:
    """Whether the text holds a word of the name (any text, for no name), its plural ("PPPs") or, for
    a short one, words it is the initials of ("UN": "United Nations"); one slip allowed in longer
    words."""
    if not name:
        return True
    if any(_is_name_word(word, name) for word in set(WORD.findall(text.lower()))):
        return True
    short = [part for part in name if len(part) <= _MAX_INITIALS]
    return bool(short) and any(part in run for run, _, _ in _initials(text) for part in short)


def _is_name_word(word: str, name: tuple[str, ...]) -> bool:
    """Whether a lower-case word is a word of the name, its plural, or it with one slip (long words)."""
    return any(
        word in (part, f"{part}s") or (len(part) >= _MIN_SLIP_LENGTH and edit_distance(part, word, 1) <= 1)
        for part in name
    )


def _mentions(word: str, name: tuple[str, ...]) -> bool:
    """Whether a lower-case word could stand for the name where something is said of it: as
    `_is_name_word`, or as its people."""
    if _is_name_word(word, name) or base_forms().get(word) in name:
        return True
    return any(len(part) >= PLACE_PREFIX and word.startswith(part[:PLACE_PREFIX]) for part in name)


# A people's name after these is another place's or a continent's ("Latin American", "Northern Irish").
_NOT_THE_COUNTRYS = frozenset(
    {"latin", "south", "north", "central", "native", "pan", "northern", "southern", "western", "eastern"}
)
_PEOPLE_PREFIX = 5  # "Tajik", "Uzbek": a people named by the start of their country's name


def _people_at(text: str, name: tuple[str, ...]) -> list[int]:
    """Where the text names the place, written with a capital, by its people ("French President",
    "Ukrainians", "Kazakh President", "Trinidadian"), its capital ("Kyiv's leader") or its initials
    ("U.S. President", "UK"); not as a continent's or another place's people ("Latin American",
    "Irish-American"), nor by a common word ("polish his image"). A name that is no place (a
    company's) has no people: nothing."""
    place, before = " ".join(name), ""
    found: list[int] = []
    if not name or not names_a_place(place):
        return found
    for match in WORD.finditer(text):
        word, at = match.group(0), match.start()
        lowered = word.lower()
        hyphened = text.startswith("-", match.end()) or text[at - 1 : at] == "-"
        apart = before not in _NOT_THE_COUNTRYS and not hyphened
        if word[0].isupper() and apart and _stands_for(lowered, place):
            found.append(at)
        before = lowered
    found += [m.start() for m in _initials_of(place).finditer(text)] if len(name) > 1 else []
    return sorted(found)


def _stands_for(word: str, place: str) -> bool:
    """Whether a (lower-case) word names the place: its people, in the plural too, or its capital."""
    countries_ = {peoples().get(word), peoples().get(word.removesuffix("s")), capital_countries().get(word)}
    if any(country and (country == place or country.startswith(f"{place} ")) for country in countries_):
        return True
    # "Kazakh" for Kazakhstan: the start of its name, not another people's ("Australian" for Austria).
    return len(word) >= _PEOPLE_PREFIX and place.startswith(word) and word not in peoples()


@functools.lru_cache(maxsize=256)  # names come from questions: a bounded cache
def _initials_of(place: str) -> re.Pattern[str]:
    """A place's initials ("U.S.", "US", "UK", "UAE") for a place of two words or more."""
    letters = [part[0].upper() for part in place.split() if part not in _RUN_CONNECTIVES]
    return re.compile(r"(?<![\w.])" + r"\.?".join(map(re.escape, letters)) + r"\b\.?")


def names_its_people(text: str, name: tuple[str, ...]) -> bool:
    """Whether the name is a place's and the text names it by its people, written with a capital."""
    return bool(_people_at(text, name))


def _initials(text: str) -> list[tuple[str, int, int]]:
    """The initials of each run of capitalised words ("The United Nations Security Council": "tunsc"),
    connectives inside a run skipped ("Bank of England": "be"), with the offsets of the run's first and
    last word."""
    runs: list[tuple[str, int, int]] = []
    run, first, last = "", 0, 0
    for match in WORD.finditer(text):
        word = match.group(0)
        if word[0].isupper():
            run, first = (run, first) if run else ("", match.start())
            run += word[0].lower()
            last = match.start()
        elif word not in _RUN_CONNECTIVES and run:
            runs.append((run, first, last))
            run = ""
    return [*runs, (run, first, last)] if run else runs


def mentions_of(text: str, name: tuple[str, ...]) -> list[int]:
    """Where the text names the name (the offsets of its words, in order): a word of it as
    `holds_name` reads one, its people ("Kazakh President Tokayev", "Ukrainian capital", by the
    demonyms `base_forms` knows or the first `PLACE_PREFIX` letters), or both ends of a run of words it
    is the initials of ("president of the Taskforce of … Sexuality" for "TUMAS")."""
    found = [word.start() for word in WORD.finditer(text.lower()) if _mentions(word.group(0), name)]
    named = set(found)
    found += [at for at in _people_at(text, name) if at not in named]
    short = [part for part in name if len(part) <= _MAX_INITIALS]
    for run, first, last in _initials(text) if short else ():
        if any(part in run for part in short):
            found.extend((first, last))
    return sorted(found)
