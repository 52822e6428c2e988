"""A question in another writing system than the passages is refused, not answered by the model's
guess; passages in its own writing system still answer it."""

from __future__ import annotations

import pytest

from index.search.writing_systems import foreign_to, question_script
from index.service import QAService

RUSSIAN_NOTE = (
    "---\nid: ru-note\ntitle: Заметка\n---\n"
    "Лукашенко не посылает войска в Украину, потому что боится потерять контроль над армией.\n"
).encode()


@pytest.mark.parametrize(
    "question",
    [
        "Как приготовить борщ?",  # off-topic, Russian
        "Кто выиграл чемпионат мира по футболу?",
        "Який найкращий рецепт вареників?",  # Ukrainian
        "Почему Лукашенко не посылает войска в Украину?",  # on-topic, but the model cannot read it
    ],
)
def test_a_cyrillic_question_about_an_english_article_is_refused_naming_nothing(
    seeded: QAService, question: str
) -> None:
    answer = seeded.ask(question)

    assert not answer.answered and answer.quote is None
    assert answer.closest == ()  # nothing was near in any sense a reader could use


def test_a_passage_in_the_questions_writing_system_answers_it(seeded: QAService) -> None:
    seeded.add_bytes(RUSSIAN_NOTE, "ru.md", "cli")

    answer = seeded.ask("Почему Лукашенко не посылает войска в Украину?")

    assert answer.answered and answer.source is not None and answer.source.id == "ru-note"
    english = seeded.ask("Why won't Lukashenko send troops to Ukraine?")
    assert english.answered and english.source is not None and english.source.id != "ru-note"


def test_the_writing_system_is_the_one_most_letters_are_in() -> None:
    assert question_script("Who is Sergei Sazonov?") == "LATIN"
    assert question_script("𝐖𝐡𝐨 𝐢𝐬 𝐡𝐞?") == "LATIN"  # mathematical bold letters are Latin ones
    assert question_script("Что сказал NATO о Лукашенко?") == "CYRILLIC"
    assert question_script("熊猫吃什么") == "CJK"
    # Japanese writes kana and kanji, in full and half width: one writing system
    assert question_script("ラーメンの作り方は？") == question_script("ﾗｰﾒﾝの作り方は？") == "CJK"
    assert not foreign_to("CJK", "ラーメンは中国から伝わった麺料理で、日本で広く食べられている。")
    assert question_script("2022? 🐼") is None
    assert not foreign_to("CYRILLIC", "Лукашенко боится, что NATO и ЕС усилят санкции.")
    assert foreign_to("CYRILLIC", "Lukashenko fears that Шойгу and NATO will strengthen sanctions.")
    assert not foreign_to("LATIN", "Лукашенко")  # Latin questions are left to the model
