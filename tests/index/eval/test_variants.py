"""The training copies of a question: paraphrase-like, misleading and chat-typed."""

from __future__ import annotations

import random

from index.eval.variants import article_words, chat_typed, misleading, reworded


def test_training_variants_look_like_paraphrases_and_chat() -> None:
    question = "Who mapped the source of the Ostra river in 1874?"

    typed = chat_typed(question, random.Random(3))
    words = reworded(question, random.Random(3))

    assert typed == typed.lower() and "?" not in typed and typed != question.lower().rstrip("?")
    assert words != question and "1874" in words
    assert chat_typed(question, random.Random(3)) == typed, "deterministic for a seed"


def test_the_misleading_variant_swaps_words_for_other_words_of_the_article() -> None:
    question = "Who mapped the source of the Ostra river in 1874?"
    article = ["harbour", "ferry", "quay"]

    swapped = misleading(question, article, random.Random(3))

    assert swapped != question and "1874" in swapped and swapped.startswith("Who ")
    assert any(word in swapped.split() for word in article)
    assert misleading(question, [], random.Random(3)) == question


def test_article_words_are_its_longer_words_once_each_in_lower_case() -> None:
    assert article_words("The Harbour wall; the harbour FERRY and a quay.") == [
        "ferry",
        "harbour",
        "quay",
        "wall",
    ]
