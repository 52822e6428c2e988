"""Irregular forms: a question's "begin" searched as the text's "began"."""

from __future__ import annotations

from index.search.inflections import other_forms
from index.search.spelling import SpellingCorrector


def test_irregular_forms_are_found_both_ways() -> None:
    assert {"begin", "begun"} <= set(other_forms("began"))
    assert "began" in set(other_forms("begin"))
    assert "sought" in set(other_forms("seek"))
    assert list(other_forms("kazakhstan")) == []


def test_a_question_word_is_searched_in_the_form_the_knowledge_base_holds() -> None:
    corrector = SpellingCorrector(
        {"began": 2, "work": 3, "sought": 1}, {}.get, lambda word: word, frozenset({"when", "did", "what"})
    )

    assert corrector.correct("When did work begin?").text == "When did work began?"
    assert corrector.correct("what did he seek").text == "what did he sought"
    assert corrector.correct("When did work began?").replaced == ()
