"""Whom a text has saying something: the names "What else did he say?" asks about."""

from __future__ import annotations

import pytest

from index.search.speakers import speakers


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Russian political analyst Dmitry Oreshkin told the Kyiv Independent.", ["Dmitry Oreshkin"]),
        ("CNN reported on Nov. 1 that Iran was preparing to send more weapons.", ["CNN"]),
        ("“Belarus is de facto an occupied country,” Sazonov says.", ["Sazonov"]),
        ("Oreshkin argued that China is not interested in supplying weapons.", ["Oreshkin"]),
        ('"We will rebuild the harbour," said Lamarre.', ["Lamarre"]),
        ("A spokeswoman, Nadia Petrosyan, said every finding was reviewed.", ["Nadia Petrosyan"]),
        ("Rafael Quintero, the firm's former head of software, said engineers warned.", ["Rafael Quintero"]),
        (
            "Hydrologist Tomasz Brandt, who studies the catchment at Northmere University, told the Ledger "
            "that the reservoir could run dry.",
            ["Hydrologist Tomasz Brandt"],
        ),
        (
            "According to Ukrainian political analyst Volodymyr Fesenko, Russia offers little.",
            ["Ukrainian Volodymyr Fesenko"],
        ),
        ("Last week, Nordhav declined to comment.", ["Nordhav"]),
    ],
)
def test_the_name_beside_a_verb_of_saying_is_the_speaker(text: str, named: list[str]) -> None:
    assert [" ".join(run) for run in speakers(text)] == named


@pytest.mark.parametrize(
    "text",
    [
        '"In this situation, Russia\'s former allies are distancing themselves from Russia," he added.',
        "A ministry spokeswoman told Reuters that the talks had stalled.",  # whom she told
        "The agency reported Tuesday that output fell.",
        "Belarus supplied 98 T-72A tanks to Russia in October.",
    ],
)
def test_pronouns_recipients_and_sentences_without_a_named_speaker_name_none(text: str) -> None:
    assert speakers(text) == []
