"""Which questions ask about what none of their candidate passages names: a country or capital, in
any case, however the passages write it."""

from __future__ import annotations

from types import SimpleNamespace
from typing import cast

from index.search.keyword import KeywordIndex
from index.search.ranking import Ranked
from index.search.unheld import places_unheld


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
