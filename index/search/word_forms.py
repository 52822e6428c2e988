"""Words read as another word: irregular forms as their base form ("began" as "begin", "children" as
"child"), a country's demonym as the country ("Armenian" as "Armenia"); and the country a capital
stands for ("Minsk": Belarus).

The keyword index stems with Snowball, which joins "seized" and "seize" but not the forms English
keeps irregular, so "When did the work begin?" shared no keyword with "Work began in March", and
"What has Iran sent?" matched "Russia sent its troops" but not "Iran was preparing to send". Every
word the index or a question holds is looked up here before stemming, so both forms are one term.

The tables are generated and shipped; nothing is looked up or downloaded at run time:
`base_forms.tsv` (about 1,200 forms) by `scripts/base_forms.py` from lemminflect's dictionary, with
forms that are also other words ("left", "saw", "found", "felt") left out; `place_names.tsv` by
`scripts/place_names.py` from countryinfo's table of countries (and a country's other people's names,
`peoples`). `english_words.txt.gz` (about
60,000 words, from lemminflect's lexicon by `scripts/english_words.py`) lists words spelt right, which
the spelling correction leaves alone.
"""

from __future__ import annotations

import functools
import gzip
from pathlib import Path

__all__ = [
    "BASE_FORMS_FILE",
    "ENGLISH_WORDS_FILE",
    "PLACE_NAMES_FILE",
    "PLACE_PREFIX",
    "base_forms",
    "capital_countries",
    "countries",
    "english_words",
    "names_a_place",
    "peoples",
]
# A place's people are written with its first letters ("kazakh" for Kazakhstan, "german" for Germany,
# which the shipped demonyms lack); fewer say nothing ("in" is no India).
PLACE_PREFIX = 4

BASE_FORMS_FILE = Path(__file__).with_name("base_forms.tsv")
PLACE_NAMES_FILE = Path(__file__).with_name("place_names.tsv")
ENGLISH_WORDS_FILE = Path(__file__).with_name("english_words.txt.gz")


@functools.cache
def base_forms() -> dict[str, str]:
    """Irregular form or demonym → the word it is read as (lower case)."""
    table: dict[str, str] = {}
    for line in BASE_FORMS_FILE.read_text(encoding="utf-8").splitlines():
        form, base = line.split("\t")
        table[form] = base
    table.update(_place_names("demonym"))
    return table


@functools.cache
def peoples() -> dict[str, str]:
    """A country's people, as news names them (lower case), → the country: the demonyms `base_forms`
    reads as their country, and the ones it does not ("french", "dutch", "american"), which say only
    whose something is ("French President Emmanuel Macron")."""
    return {**_place_names("people"), **_place_names("demonym")}


@functools.cache
def capital_countries() -> dict[str, str]:
    """Capital → its country, both lower case ("new delhi": "india")."""
    return _place_names("capital")


@functools.cache
def countries() -> frozenset[str]:
    """Country names (lower case): every capital's, and every demonym's that is not a part of another
    country's name ("korea" from "Korean" is half of "north korea" and "south korea")."""
    named = set(capital_countries().values()) | set(_place_names("demonym").values())
    parts = {word for name in named for word in name.split() if word != name}
    return frozenset(name for name in named if name not in parts)


def _place_names(kind: str) -> dict[str, str]:
    rows = (line.split("\t") for line in PLACE_NAMES_FILE.read_text(encoding="utf-8").splitlines())
    return {name: country for row_kind, name, country in rows if row_kind == kind}


@functools.cache
def english_words() -> frozenset[str]:
    """English words (lower case, letters only, three or more), inflections included."""
    return frozenset(gzip.decompress(ENGLISH_WORDS_FILE.read_bytes()).decode("utf-8").split())


def names_a_place(name: str) -> bool:
    """Whether the words (lower case, space-joined) are a country, a capital or a country's people
    ("armenian", "kazakh")."""
    if name in countries() or name in capital_countries() or base_forms().get(name) in countries():
        return True
    return len(name) >= PLACE_PREFIX and any(country.startswith(name) for country in countries())
