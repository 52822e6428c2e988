"""Text → stems, the same way for passages and questions; and the acronyms a text defines.

Words are lower-cased, English stop words (NLTK's list, so question words go too) dropped, irregular
forms and demonyms read as the word they stand for (`word_forms`), and the rest Snowball-stemmed.
"""

from __future__ import annotations

import functools
import re

from index.search.word_forms import base_forms, capital_countries, countries

__all__ = ["WORD", "Terms", "defined_acronyms", "english_stopwords"]

WORD = re.compile(r"(?u)\b\w\w+\b")
# "Collective Security Treaty Organization (CSTO)": capitalised words, then their initials in brackets.
# Linear time: it starts only at the start of a word, and its possessive quantifiers never give back
# (giving back could not help: words, connectives and "(" begin with different characters).
_DEFINED_ACRONYM = re.compile(
    r"(?<![\w'’-])((?:[A-Z][\w'’-]*+\s++(?:(?:of|the|and|for|on|in)\s++)*+){2,10}+)\(([A-Z]{2,10})\)"
)
_CONNECTIVES = frozenset({"of", "the", "and", "for", "on", "in"})


@functools.cache
def english_stopwords() -> frozenset[str]:
    """The English stop words ("is", "the", "what") that keyword search, word pairs and the foreign-word
    check all leave out, loaded once."""
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return frozenset(STOPWORDS_EN_PLUS)


class Terms:
    """Text → stems, as the index and every question see them."""

    def __init__(self) -> None:
        import Stemmer

        self._stemmer = Stemmer.Stemmer("english")
        self.stopwords = english_stopwords()
        self._base = base_forms()  # "began" is "begin": one term, whichever form a text uses
        # A capital's stems (first stem → all of them) and its country's: "minsk" → ("belarus",).
        self._capitals: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        # The same for every country and capital, a country standing for itself (`places_named`).
        self._places: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        places: set[str] = set()
        for capital, country in capital_countries().items():
            stems, country_stems = tuple(self(capital)), tuple(self(country))
            for place in {stems, country_stems} - {()}:
                self._places.setdefault(place[0], []).append((place, country_stems))
            if stems:
                self._capitals.setdefault(stems[0], []).append((stems, country_stems))
            places.update(stems, country_stems)
        for country in countries() - set(capital_countries().values()):
            if country_stems := tuple(self(country)):
                self._places.setdefault(country_stems[0], []).append((country_stems, country_stems))
        # Countries' and capitals' stems: a conversation about Sazonov and China is about Sazonov first.
        self.place_stems = frozenset(places)

    def __call__(self, text: str) -> list[str]:
        base = self._base
        words = [base.get(w, w) for w in WORD.findall(text.lower()) if w not in self.stopwords]
        return list(self._stemmer.stemWords(words)) if words else []

    def stem(self, word: str) -> str:
        return str(self._stemmer.stemWord(self._base.get(word, word)))

    def places_named(self, stems: list[str]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """The countries and capitals that runs of the stems name, each as its own stems and its
        country's ("paris" → (("pari",), ("franc",))); a demonym names its country ("armenian" is read
        as "armenia"). Written in any case: chat questions write "france" too."""
        return [
            place
            for index, first in enumerate(stems)
            for place in self._places.get(first, ())
            if tuple(stems[index : index + len(place[0])]) == place[0]
        ]

    def countries_of_capitals(self, stems: list[str]) -> list[str]:
        """The stems of the countries whose capitals the stems name ("minsk" → "belarus"): news writing
        uses a capital for its government, and a question may name it where the passage names the
        country."""
        present = set(stems)
        return [
            stem
            for first in stems
            for capital, country in self._capitals.get(first, ())
            if present.issuperset(capital)
            for stem in country
        ]


def defined_acronyms(text: str) -> dict[str, str]:
    """Acronyms the text spells out, keyed lower-case: {"csto": "Collective Security Treaty Organization"}."""
    found: dict[str, str] = {}
    for match in _DEFINED_ACRONYM.finditer(text):
        acronym = match.group(2)
        words = match.group(1).split()
        # The expansion is the longest run of the capitalised words whose initials spell the acronym.
        for start in range(len(words)):
            tail = words[start:]
            initials = "".join(w[0] for w in tail if w.lower() not in _CONNECTIVES)
            if initials.upper() == acronym and tail[0].lower() not in _CONNECTIVES:
                found.setdefault(acronym.lower(), " ".join(tail))
                break
    return found
