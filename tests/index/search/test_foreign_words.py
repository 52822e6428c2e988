"""Questions in another language in the same letters: held to the higher bar of a question naming
something unknown, so a year or a name alone does not answer them."""

from __future__ import annotations

import pytest

from index.search.foreign_words import mostly_foreign
from index.service import QAService

ENGLISH = frozenset({"who", "won", "world", "cup", "what", "did", "iran", "admit", "about", "drones"})


def known(word: str) -> bool:
    return word in ENGLISH


@pytest.mark.parametrize(
    ("question", "corrected"),
    [
        ("Kto wygrał mundial w 2022?", "Kto wygrał mundial w 2022?"),
        ("¿Quién ganó el mundial 2022?", "¿Quién ganó el mundial 2022?"),
        # Corrected into English words, but English typing never adds an "ı".
        ("Bugün hava nasıl?", "Bugün have nasal?"),
    ],
)
def test_a_question_mostly_in_words_nobody_knows_is_foreign(question: str, corrected: str) -> None:
    assert mostly_foreign(question, corrected, known)


@pytest.mark.parametrize(
    ("question", "corrected"),
    [
        ("Who won the world cup?", "Who won the world cup?"),
        # Misspelt, and corrected: chat-typed English, not another language.
        ("wat did irn admitt abut the dronnes", "what did iran admit about the drones"),
        ("Who is Kto?", "Who is Kto?"),  # one unknown word is a name
    ],
)
def test_english_even_misspelt_is_not(question: str, corrected: str) -> None:
    assert not mostly_foreign(question, corrected, known)


def test_a_foreign_question_that_only_shares_a_year_is_refused(seeded: QAService) -> None:
    """ "Who won the World Cup in 2022?" in Polish was answered (0.334) with a passage about 2022."""
    assert not seeded.ask("Kto wygrał mundial w 2022?").answered


@pytest.mark.parametrize("question", ["Wer ist Sergei Sazonov?", "¿Qué drones usa Rusia contra Ucrania?"])
def test_a_foreign_question_about_the_article_is_still_answered(seeded: QAService, question: str) -> None:
    assert seeded.ask(question).answered
