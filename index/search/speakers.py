"""Whom a text has saying something: the names beside a verb of saying.

"What else did he say?" after "Who said that China wants a weak Putin?" asks about whoever the answer
quoted, and news writes that person beside a verb of saying:

- right before it: "Russian political analyst Dmitry Oreshkin told…", "CNN reported…", "A
  spokeswoman, Nadia Petrosyan, said…";
- right after "said", "says", "added" or "wrote" ("…, said Sazonov"), or anywhere between "according
  to" and the next punctuation ("according to Ukrainian political analyst Volodymyr Fesenko"). After
  "told" or "reported" comes whom they told or what they reported ("told Reuters"), never the speaker;
- ending the sentence's opening, set off by a comma, when the verb follows a clause set off by commas
  too ("Rafael Quintero, Selenic's former head of guidance software, said…", "Hydrologist
  Tomasz Brandt, who studies the Greyfen catchment at Northmere University, told…").

Names are capitalised words; which of them are places, dates or ordinary words is for the caller to
judge. Every pattern is bounded (at most a few words, within `LOOK` characters of the verb), so a text
is read in linear time.
"""

from __future__ import annotations

import itertools
import re

__all__ = ["LOOK", "MAX_CHARS", "speakers"]

# A passage is at most 1,000 characters with its heading (`index.ingest.chunking`); a text of nothing
# but "said said…" costs about 0.1 ms a verb, so never more than about 50 ms.
MAX_CHARS = 2000

_SAYING = re.compile(
    r"\b(?:said|says|told|tells|argued|argues|added|adds|reported|reports|claimed|claims|wrote|writes|"
    r"stated|states|noted|notes|explained|explains|believes|believed|thinks|thought|warned|warns|"
    r"suggested|suggests|estimated|estimates|admitted|admits|insisted|insists|predicted|denied|denies|"
    r"declined|declines|confirmed|confirms|announced|announces|urged|urges|acknowledged|concluded|"
    r"cautioned|replied|responded|according\s+to)\b",
    re.IGNORECASE,  # "According to…" opens sentences
)
# Verbs the speaker may follow ("…, said Sazonov"); after the others comes what or whom they acted on.
_INVERTED = frozenset({"said", "says", "added", "wrote"})
LOOK = 160  # characters before or after the verb that may hold the name
_NAME_WORD = r"[^\W\d_]+(?:[-'’][^\W\d_]+)?"
# Up to four words joined by spaces only, the last maybe followed by a comma, ending at the verb:
# '…Russia," he said' has a quotation mark between "Russia" and "said".
_WORDS_BEFORE = re.compile(rf"(?:{_NAME_WORD}\s+){{0,3}}{_NAME_WORD},?\s+\Z")
_WORDS_AFTER = re.compile(rf"(?:\s+{_NAME_WORD}){{1,6}}")
# Where the verb's sentence begins, and up to four capitalised words opening it before a comma.
_SENTENCE_END = re.compile(r"[.!?][\"”’')]*\s+|\n")
_OPENING_NAME = re.compile(rf"[\"“‘']?((?:{_NAME_WORD}\s+){{0,3}}{_NAME_WORD}),")


def speakers(text: str) -> list[list[str]]:
    """The names of whoever the text (its first `MAX_CHARS` characters) has saying something, each as
    written ("Dmitry Oreshkin"), in the order of their verbs."""
    found: list[list[str]] = []
    text = text[:MAX_CHARS]
    for match in _SAYING.finditer(text):
        run, set_off = _before(text, match.start())
        if set_off:
            # "Tomasz Brandt, who studies … at Northmere University, told…": a clause set off by commas
            # ends at the verb, and the sentence's opening names the speaker. "A spokeswoman, Nadia
            # Petrosyan, said…" opens with no name.
            run = _opening(text, match.start()) or run
        if not run:
            run = _after(text, match.end(), match.group(0).split()[0].lower())
        if run:
            found.append(run)
    return found


def _before(text: str, verb: int) -> tuple[list[str], bool]:
    """The capitalised words right before the verb, and whether a comma sets them off from it."""
    words = _WORDS_BEFORE.search(text, max(0, verb - LOOK), verb)
    if words is None:
        return [], False
    return _capitalised_end(words.group(0).replace(",", " ").split()), "," in words.group(0)


def _after(text: str, end: int, verb: str) -> list[str]:
    words = _WORDS_AFTER.match(text, end, end + LOOK)
    if words is None:
        return []
    written = words.group(0).split()
    if verb == "according":  # "according to the Alden Water Authority": its capitalised words
        return [word for word in written if _capitalised(word)]
    if verb not in _INVERTED:
        return []
    return list(itertools.takewhile(_capitalised, written))


def _opening(text: str, verb: int) -> list[str]:
    """The capitalised words ending the verb's sentence's opening, when a comma sets it off ("Industry
    analyst Beatrix Holloway, of the consultancy…")."""
    window = max(0, verb - LOOK)
    starts = [found.end() for found in _SENTENCE_END.finditer(text, window, verb)]
    if starts:
        start = starts[-1]
    elif window == 0:
        start = 0
    else:
        return []  # the sentence began out of sight
    opening = _OPENING_NAME.match(text, start, verb)
    return _capitalised_end(opening.group(1).split()) if opening is not None else []


def _capitalised(word: str) -> bool:
    return word[0].isupper()


def _capitalised_end(words: list[str]) -> list[str]:
    """The capitalised words ending `words` ("political analyst Dmitry Oreshkin": Dmitry Oreshkin)."""
    return list(itertools.takewhile(_capitalised, reversed(words)))[::-1]
