"""Does a question ask about something none of its candidate passages names?

Candidates, not the whole index: they are what the asking place may see, so another community's
sources never decide it (and a name a visible passage holds is among its keyword candidates). Such a
question is most likely about something else, and its answer needs more relevance (`answering`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence

from index.search.foreign_words import mostly_foreign
from index.search.keyword import KeywordIndex
from index.search.names import unknown_names
from index.search.ranking import Ranked
from index.search.word_forms import PLACE_PREFIX

__all__ = ["held_stems", "mostly_unheld_words", "names_unheld", "places_unheld", "years_unheld"]

# A year as a question writes it ("in 2023", "the 2008 war", "the 2020 elections"); not a decade ("the
# 1990s"), an amount ("$2,000", "1,000 drones", "send 1500 drones"), a code ("Su-2024") or a number in
# chat markup or a link (Discord's "<:think:1234>", "<#1999>", "/2019/").
_ASKED_YEAR = re.compile(
    r"(?<![\w$£€.,:#@&/<-])(1[0-9]{3}|20[0-9]{2})(?!\w|[.,]\d|[>/]| [a-z]+s\b)"
    r"|\bthe (1[0-9]{3}|20[0-9]{2}) (?=[a-z]+s\b)"
)
# A year as a passage may hold it: also "2014-2022", "1990s", "Dec. 5, 2022" (and an amount, "1,000").
_HELD_YEAR = re.compile(r"(?<!\d)(1[0-9]{3}|20[0-9]{2})(?!\d)")
_DIGIT_GROUPS = re.compile(r"(?<=\d),(?=\d{3}\b)")


def held_stems(keywords: KeywordIndex, ranked: Sequence[Ranked]) -> set[str]:
    """The stems the candidates' headings and texts hold."""
    return {stem for stems in _stem_lists(keywords, ranked) for stem in stems}


def _stem_lists(keywords: KeywordIndex, ranked: Sequence[Ranked]) -> list[list[str]]:
    return [keywords.stems_of(text) for text in _texts(ranked)]


def _texts(ranked: Sequence[Ranked]) -> list[str]:
    return [f"{r.candidate.heading or ''}\n{r.candidate.text}" for r in ranked]


def names_unheld(keywords: KeywordIndex, question: str, held: Collection[str]) -> bool:
    """Does the question write a name (a capitalised word) that none of the `held` stems (the
    candidates', `held_stems`) stands for?"""
    return bool(unknown_names(question, keywords.name_stems, held))


def places_unheld(keywords: KeywordIndex, question: str, ranked: Sequence[Ranked]) -> bool:
    """Does the question name a country or capital, in any case, that no candidate names, neither as
    itself nor as its country ("paris" is held where "France" is)? A one-word name is held by any word
    beginning with its first `PLACE_PREFIX` letters, so the demonyms the shipped table lacks ("German")
    count, and no candidate is stemmed (a look is well under a millisecond); a name of several words
    must be written as one ("United Nations" and "rogue states" are no "United States")."""
    places = keywords.places_named(keywords.stems_of(question))
    if not places:
        return False
    texts = _texts(ranked)
    lists: list[list[str]] = []

    def named(place: tuple[str, ...]) -> bool:
        if len(place) == 1:
            beginning = re.compile(rf"\b{re.escape(place[0][:PLACE_PREFIX])}", re.IGNORECASE)
            return any(beginning.search(text) for text in texts)
        if not lists:
            lists.extend(_stem_lists(keywords, ranked))
        size = len(place)
        return any(
            tuple(stems[i : i + size]) == place for stems in lists for i in range(len(stems) - size + 1)
        )

    return any(not named(own) and not named(country) for own, country in places)


def years_unheld(
    question: str, ranked: Sequence[Ranked], published: Collection[int], read: Callable[[], str] | None = None
) -> bool:
    """Does the question name a year that neither its candidates nor their sources' dates of
    publication (`published`: a passage says "in July" of its own year) hold? Of SQuAD half A's 5,665
    questions, 468 name a year and every one is in its article's text; none of the article sets'
    answerable questions names a year the article lacks, while "Why did Russia invade Georgia in
    2008?" was answered at 0.57 from why Russia invaded Ukraine. `read`: the question as the spelling
    correction reads it, asked for only when a year is unheld as typed ("2041", a slip for "2014")."""
    asked = _years_asked(question)
    if not asked:
        return False
    held = {str(year) for year in published}
    for text in _texts(ranked):
        held.update(_HELD_YEAR.findall(_DIGIT_GROUPS.sub("", text)))
        if asked <= held:
            return False
    return read is None or not _years_asked(read()) <= held


def _years_asked(question: str) -> set[str]:
    return {alone or before_plural for alone, before_plural in _ASKED_YEAR.findall(question)}


def mostly_unheld_words(
    keywords: KeywordIndex, question: str, corrected: str, real: Collection[str], held: Collection[str]
) -> bool:
    """Is the question mostly in words that are neither English (`real`) nor the shared knowledge
    base's, nor `held` by its candidates (what the asking place may see: a community's own article)?
    `corrected` is the question after spelling correction."""
    vocabulary = keywords.shared_vocabulary()

    def known(word: str) -> bool:
        stems = keywords.stems_of(word)
        return word in real or any(stem in held or vocabulary.get(stem, 0) > 0 for stem in stems)

    return mostly_foreign(question, corrected, known)
