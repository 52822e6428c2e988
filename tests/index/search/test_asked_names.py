"""Whom a who-is question asks about, and whether a text names them."""

from __future__ import annotations

import pytest

from index.search.asked_names import asked_name, asked_owner, holds_name, mentions_of


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("Who is Oleg Sukhov?", ("oleg", "sukhov")),
        ("What is the CSTO?", ("csto",)),
        ("who was Boleslaw II of Masovia", ("boleslaw", "ii", "masovia")),
        ("What is Shahed-136?", ("shahed", "136")),
        ("Who is the president of Ukraine?", ("ukraine",)),
        ("Who is Iran's president?", ("iran",)),
        ("Who is Russias prime minister?", ("russia",)),  # typed without the apostrophe
        ("Who is the Russian president?", ("russian",)),
        ("Who is the Kremlin spokesman?", ("kremlin",)),
        # Typed in lower case: a place it asks something of, as its capitals would say.
        ("who is the leader of tajikistan", ("tajikistan",)),
        ("who was the king of the netherlands?", ("netherlands",)),
        ("who is the leader of bosnia", ("bosnia",)),  # a country's first words, no English word
        ("who is the leader of trinidad", ("trinidad",)),
    ],
)
def test_a_who_is_question_asks_about_the_name_it_writes(question: str, name: tuple[str, ...]) -> None:
    assert asked_name(question) == name


@pytest.mark.parametrize(
    "question",
    [
        "What is happening?",
        "Who is he?",
        "Who is the president?",
        "What is the role of the CSTO in Armenia?",
        "What's the Moscow-headed trade grouping called?",  # a thing's name, not whom
        "who is the head of the alliance",  # in lower case, only a place is known to be a name
        "who is the leader of the pack",
        "who is the leader of the south",  # the start of "South Africa", no place's name
    ],
)
def test_a_question_not_about_who_or_what_a_name_is_asks_about_none(question: str) -> None:
    assert asked_name(question) == ()


def test_a_quote_answers_a_who_is_question_only_if_it_names_whom() -> None:
    quote = "Sergei Sazonov, a Russian-born political philosopher at Estonia's Tartu University, says …"

    assert holds_name(quote, asked_name("Who is Sergei Sazonov?"))
    assert holds_name(quote, asked_name("Who is Sazanov?"))  # one slip
    assert not holds_name(quote, asked_name("Who is Oleg Sukhov?"))
    assert holds_name(quote, asked_name("Who is the philosopher?"))
    assert holds_name("New forms include Public-Private Partnering (PPPs).", asked_name("What is PPP?"))
    assert holds_name(
        "the United Nations Framework Convention", asked_name("What is the UN's climate treaty?")
    )


def test_a_name_is_mentioned_by_its_people_and_by_the_words_it_is_the_initials_of() -> None:
    text = "Kazakh President Tokayev spoke to the Taskforce of United Methodists on Abortion and Sexuality."

    assert [text[at : at + 6] for at in mentions_of(text, ("kazakhstan",))] == ["Kazakh"]
    assert [text[at : at + 4] for at in mentions_of(text, ("tumas",))] == ["Task", "Sexu"]
    assert mentions_of(text, ("armenia",)) == []


@pytest.mark.parametrize(
    ("question", "owner"),
    [
        ("What is the capital of Ukraine?", ("ukraine",)),
        ("whats the capital of kazakhstan", ("kazakhstan",)),  # typed in lower case: the words after "of"
        ("whos the prime minister of the russian federation", ("russian", "federation")),
        ("whos russias prime minister", ("russia",)),  # or a possessive, apostrophe or not
        ("what is kazakhstan's capital", ("kazakhstan",)),
        ("whats the us population", ()),  # too short to be read as a name
        ("what was warsaw's population in 1901", ()),  # as with capitals: only a few last words
        ("What was the capital of Khwarezmia before the Mongol invasion?", ()),  # capitals, but no name shape
        ("What language is spoken in Armenia?", ("armenia",)),  # the name it ends with, after "in" or "of"
        ("Who was Chairman of the Subcommittee on Oversight and Investigations?", ()),
        ("what is the weather in kyiv today", ()),
        ("what language do they speak in kazakhstan", ("kazakhstan",)),  # a place after "in"
        ("what currency is used in the united states", ("united", "states")),
        ("who is the russian president", ("russian",)),  # a place's people before the office
        ("who is the current president", ()),
    ],
)
def test_an_attribute_is_asked_of_the_name_or_of_what_a_lower_case_question_ends_with(
    question: str, owner: tuple[str, ...]
) -> None:
    assert asked_owner(question) == owner
