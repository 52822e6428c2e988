"""Attributes asked for in keywords, as chat types them."""

from __future__ import annotations

import pytest

from index.search.keyword_attributes import KeywordAttribute, keyword_attribute


@pytest.mark.parametrize(
    ("question", "attribute", "owner"),
    [
        ("belarus president", "president", ("belarus",)),
        ("Belarus president?", "president", ("belarus",)),
        ("president of belarus", "president", ("belarus",)),
        ("tajikistan president who", "president", ("tajikistan",)),
        ("who president of tajikistan", "president", ("tajikistan",)),
        ("azerbaijan president name", "president", ("azerbaijan",)),
        ("armenian pm", "prime minister", ("armenian",)),
        ("kazakh president", "president", ("kazakh",)),  # its people, the country's name shortened
        ("the united states president", "president", ("united", "states")),
        ("iran's defense minister", "defence minister", ("iran",)),
        ("kazakhstan population", "population", ("kazakhstan",)),
        ("capital city of kyrgyzstan", "capital", ("kyrgyzstan",)),
        ("shahed drone price", "price", ("shahed", "drone")),  # a price is asked of a thing
        ("shahed top speed", "speed", ("shahed",)),
        ("csto headquarters", "headquarters", ("csto",)),
        ("lukashenko wife", "kin", ("lukashenko",)),  # and these of anyone
        ("putin age", "age", ("putin",)),
        ("sazonov born where", "birthplace", ("sazonov",)),
        ("kyiv independent founder", "founder", ("kyiv", "independent")),
        ("karabakh war deaths", "casualties", ("karabakh", "war")),
        ("putin net worth", "wealth", ("putin",)),
        # opened with a contracted question word, as spelling correction writes chat's "whats" back
        ("what's pashinyans political party", "party", ("pashinyans",)),
        ("who’s kazakhstan president", "president", ("kazakhstan",)),
    ],
)
def test_an_attribute_typed_at_either_end_of_a_few_keywords_is_read(
    question: str, attribute: str, owner: tuple[str, ...]
) -> None:
    assert keyword_attribute(question) == KeywordAttribute(attribute, owner)


@pytest.mark.parametrize(
    "question",
    [
        "lukashenko president",  # a person: "President Lukashenko", no place's office
        "putin president name",
        "why is iran's president silent",  # asks why
        "did the president of belarus send troops",
        "iran supreme leader",  # no office the checks know
        "drones iran",
        "president",
        "the kazakh president sent troops to help",
        "president of a country that borders belarus and russia",  # more than keywords
    ],
)
def test_a_question_that_is_not_an_attribute_in_keywords_reads_none(question: str) -> None:
    assert keyword_attribute(question) is None
