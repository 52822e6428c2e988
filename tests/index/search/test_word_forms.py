"""Irregular forms are one keyword with their base form ("began" is "begin"), a demonym with its
country ("Armenian" is "Armenia"), a capital in a question also asks about its country; and the
shipped tables that say so are well formed."""

from __future__ import annotations

from pathlib import Path

from index.search.keyword import KeywordIndex
from index.search.keyword_terms import Terms
from index.search.word_forms import (
    BASE_FORMS_FILE,
    ENGLISH_WORDS_FILE,
    PLACE_NAMES_FILE,
    base_forms,
    capital_countries,
    countries,
    english_words,
    names_a_place,
    peoples,
)


def test_the_shipped_table_maps_forms_to_base_forms_once() -> None:
    lines = BASE_FORMS_FILE.read_text(encoding="utf-8").splitlines()
    pairs = [line.split("\t") for line in lines]

    assert all(len(pair) == 2 and pair[0] != pair[1] for pair in pairs)
    assert all(word.isalpha() and word.islower() for pair in pairs for word in pair)
    assert lines == sorted(lines) and len({form for form, _ in pairs}) == len(pairs)
    table = base_forms()
    assert not set(table.values()) & set(table)  # no chains: a base form is never itself mapped
    assert {"began": "begin", "sent": "send", "children": "child"}.items() <= table.items()
    # Forms that are also words of their own stay themselves.
    assert not {"left", "saw", "found", "felt", "wound"} & set(table)


def test_a_question_in_one_form_finds_a_passage_in_another() -> None:
    index = KeywordIndex(
        [1, 2, 3],
        [
            "Work on the harbour wall began on 3 March 1911.",
            "Iran was preparing to send more weapons.",
            "The town's children sailed from the quay.",
        ],
    )

    assert [pid for pid, _ in index.search("When did the work begin?", 3)] == [1]
    assert [pid for pid, _ in index.search("What has Iran sent?", 3)] == [2]
    assert [pid for pid, _ in index.search("How many children live there?", 3)] == [3]
    assert index.stem("began") == index.stem("begins") == index.stem("beginning")


def test_the_shipped_place_names_are_well_formed() -> None:
    lines = PLACE_NAMES_FILE.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines]

    assert lines == sorted(lines) and all(len(row) == 3 for row in rows)
    assert {kind for kind, _, _ in rows} == {"demonym", "capital", "people"}
    demonyms = {name: country for kind, name, country in rows if kind == "demonym"}
    assert len(demonyms) == sum(kind == "demonym" for kind, _, _ in rows)
    assert all(word.isalpha() and word.islower() for pair in demonyms.items() for word in pair)
    # A demonym is read as its country before stemming, as an irregular form is read as its base.
    irregular = dict(line.split("\t") for line in BASE_FORMS_FILE.read_text(encoding="utf-8").splitlines())
    assert not set(demonyms) & set(irregular)
    assert {"armenian": "armenia", "russian": "russia", "chinese": "china"}.items() <= base_forms().items()
    # Other peoples name their country only as whose something is; the keyword index does not read them.
    others = {"french": "france", "dutch": "netherlands", "american": "united states"}
    assert others.items() <= peoples().items()
    assert not {"french", "dutch", "american"} & set(base_forms())
    assert peoples()["russian"] == "russia"
    capitals = capital_countries()
    assert {"minsk": "belarus", "new delhi": "india", "beijing": "china"}.items() <= capitals.items()
    # A capital renamed since countryinfo's table, by both names: news wrote each in its years.
    assert {"astana": "kazakhstan", "nur sultan": "kazakhstan"}.items() <= capitals.items()
    # Capitals that are as often people's names are not read as countries.
    assert not {"sofia", "santiago", "kingston"} & set(capitals)


def test_a_demonym_finds_its_country_and_a_capital_its_government() -> None:
    # Without the joins the shorter passages would win: both questions' other words are in two.
    index = KeywordIndex(
        [1, 2, 3],
        [
            "Armenia's prime minister asked the alliance, and then the United Nations, for help.",
            "Belarus's prime minister promised to send more weapons in the spring.",
            "India promised to buy discounted oil.",
        ],
    )

    assert [pid for pid, _ in index.search("Who is the Armenian prime minister?", 3)] == [1, 2]
    assert [pid for pid, _ in index.search("What did Minsk promise?", 3)] == [2, 3]
    assert [pid for pid, _ in index.search("What did New Delhi promise?", 3)] == [3, 2]
    # The capital's country is added to the question's words; the capital itself is still asked for.
    assert index.match("What did Minsk promise?").stems == ("minsk", "promis", "belarus")


def test_places_are_named_in_any_case_and_stand_for_their_country() -> None:
    terms = Terms()

    def named(text: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        return terms.places_named(terms(text))

    assert named("what is the capital of france") == [(("franc",), ("franc",))]
    assert named("What did New Delhi promise?") == [(("new", "delhi"), ("india",))]
    assert named("Is South Korea an ally?") == [(("south", "korea"), ("south", "korea"))]
    assert named("chile and mexico") == [(("chile",), ("chile",)), (("mexico",), ("mexico",))]
    # Half a country's name, as demonyms give it ("Korean", "African"), is no country.
    assert named("the Korean war") == named("an African country") == named("a new state") == []
    assert {"korea", "africa", "lanka"}.isdisjoint(countries()) and "sri lanka" in countries()


def test_a_place_is_a_country_a_capital_or_its_people() -> None:
    for place in ("kazakhstan", "united states", "minsk", "armenian", "kazakh", "tajik"):
        assert names_a_place(place), place
    for other in ("lukashenko", "kyiv today", "1901", "in", "iran drones"):
        assert not names_a_place(other), other


def test_the_shipped_english_words_are_real_words_only() -> None:
    words = english_words()

    assert len(words) > 50_000
    assert all(word.isascii() and word.isalpha() and word.islower() and len(word) >= 3 for word in words)
    assert {"soured", "breaching", "clout", "yolk", "children", "began"} <= words
    # Misspellings and the article's names are not English words.
    assert not {"dronnes", "goverment", "recieve", "putin", "lukashenko", "irn"} & words


def test_the_tables_are_declared_package_data() -> None:
    pyproject = (Path(__file__).resolve().parents[3] / "pyproject.toml").read_text()

    for table in (BASE_FORMS_FILE, PLACE_NAMES_FILE, ENGLISH_WORDS_FILE):
        assert table.is_file() and f'"search/{table.name}"' in pyproject
