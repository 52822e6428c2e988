"""Which questions ask about what none of their candidate passages names: a country or capital, in
any case, however the passages write it; a year."""

from __future__ import annotations

from types import SimpleNamespace
from typing import cast

from index.search.keyword import KeywordIndex
from index.search.ranking import Ranked
from index.search.unheld import places_unheld, years_unheld


def _candidates(*texts: str) -> list[Ranked]:
    # Only the candidates' texts and headings are read.
    return [cast(Ranked, SimpleNamespace(candidate=SimpleNamespace(heading=None, text=t))) for t in texts]


def test_a_place_no_candidate_names_is_unheld_in_any_case() -> None:
    keywords = KeywordIndex()
    ranked = _candidates("Belarus promised to send tanks.", "German officials said the pipeline would close.")

    assert places_unheld(keywords, "what is the capital of france", ranked)
    assert places_unheld(keywords, "What did Paris promise?", ranked)
    assert not places_unheld(keywords, "what did minsk promise", ranked)  # its country is named
    assert not places_unheld(keywords, "What did Germany say?", ranked)  # "German" begins like it
    assert not places_unheld(keywords, "What did they promise?", ranked)  # no place at all


def test_a_place_of_several_words_must_be_written_as_one() -> None:
    keywords = KeywordIndex()
    apart = _candidates("The United Nations condemned it.", "The rogue states under sanctions.")
    together = _candidates("The United States condemned it.")

    assert places_unheld(keywords, "Who is an ally of the United States?", apart)
    assert not places_unheld(keywords, "Who is an ally of the United States?", together)


def test_a_year_no_candidate_holds_is_unheld_unless_a_source_was_published_then() -> None:
    ranked = _candidates(
        "In 2020, Azerbaijan seized territory.", "Iran sent 1,000 drones on Dec. 5, 2014-2015."
    )

    assert years_unheld("Why did Russia invade Georgia in 2008?", ranked, published={2022})
    assert years_unheld("what happened at the 2021 summit", ranked, published={2022})
    assert years_unheld("In 1979, during the crisis, what was the price of oil?", ranked, published={2022})
    assert years_unheld("Who won the 2019 elections?", ranked, published={2022})
    assert not years_unheld("What did Azerbaijan seize in 2020?", ranked, published={2022})
    assert not years_unheld("What happened in 2015?", ranked, published={2022})  # in a range
    assert not years_unheld("What did Iran send in July 2022?", ranked, published={2022})  # its own year
    assert years_unheld("What did Iran send in July 2022?", ranked, published=set())


def test_an_amount_or_a_decade_is_no_year() -> None:
    ranked = _candidates("Iran sent drones.")

    for question in (
        "Did Iran send 1500 drones?",
        "Were 2000 shells sent?",
        "What did the 1990s bring?",
        "Did it cost $2,000?",
        "Is the Su-2024 a drone?",
        "Why won't <:think:1234> Lukashenko send troops to <#1999>?",  # Discord's emoji and channel
        "Is kyivindependent.com/2019/ the address?",
    ):
        assert not years_unheld(question, ranked, published=set()), question
