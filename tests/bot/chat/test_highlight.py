"""The best sentence shown on its own: a lone quotation mark whose pair is in another sentence goes, and
nothing else."""

from __future__ import annotations

import pytest

from bot.chat.highlight import on_its_own


@pytest.mark.parametrize(
    ("sentence", "shown"),
    [
        ('He is losing control over his army."', "He is losing control over his army."),
        ("«Bonjour, said the guide.", "Bonjour, said the guide."),
        # two marks of a kind: which one is unpaired cannot be told, so it is shown as written
        ('"The 6" panel was sold out," she said.', '"The 6" panel was sold out," she said.'),
        ('"He called it a "disaster."', '"He called it a "disaster."'),
        ("a “so-called” peace.”", "a “so-called” peace.”"),
        ("It's the teachers' union.", "It's the teachers' union."),
    ],
)  # fmt: skip
def test_only_a_lone_quotation_mark_at_either_end_goes(sentence: str, shown: str) -> None:
    assert on_its_own(sentence) == shown
