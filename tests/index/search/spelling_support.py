"""A spelling corrector over a few passages, with the bundled model's real words, as the service
builds one."""

from __future__ import annotations

from index.model.encoder import dictionary_in_order
from index.search.correctors import real_words
from index.search.keyword import KeywordIndex
from index.search.spelling import SpellingCorrector, corrector_for
from index.settings import DEFAULT_MODEL


def corrector_over(*passages: str) -> SpellingCorrector:
    index = KeywordIndex(list(range(1, len(passages) + 1)), list(passages))
    return corrector_for(index, real_words(DEFAULT_MODEL), dictionary_in_order(DEFAULT_MODEL))
