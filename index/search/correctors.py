"""`Correctors`: the spelling corrector for the keyword index in use, built again after it changes.

Building one takes about 35 ms per 1,000 stems. Up to `SYNC_CORRECTOR_STEMS` the question that needs
it waits; past that a background thread builds it and questions meanwhile use the previous corrector
(or none), so a large knowledge base never makes a question wait seconds after a change.
"""

from __future__ import annotations

import functools
import logging
import threading

from index.model.encoder import dictionary_in_order, dictionary_words
from index.search.keyword import KeywordIndex
from index.search.spelling import SpellingCorrector, corrector_for, vocabulary_size
from index.search.word_forms import english_words

__all__ = ["SYNC_CORRECTOR_STEMS", "Correctors", "real_words"]

log = logging.getLogger(__name__)

SYNC_CORRECTOR_STEMS = 20_000


@functools.lru_cache(maxsize=2)
def real_words(model_name: str) -> frozenset[str]:
    """Words spelt right: the model's whole-word vocabulary and the shipped English word list."""
    return dictionary_words(model_name) | english_words()


class Correctors:
    def __init__(self, model_name: str) -> None:
        """`model_name`: the sentence model whose tokenizer vocabulary says which words are real."""
        self._model_name = model_name
        # Keyed by the index and its generation: changes update an index in place, and words added
        # after the first question were never corrected to until a restart.
        self._built: tuple[tuple[KeywordIndex, int], SpellingCorrector] | None = None
        self._building: tuple[KeywordIndex, int] | None = None
        self._lock = threading.Lock()

    def for_index(self, keywords: KeywordIndex) -> SpellingCorrector | None:
        """The corrector over `keywords`; while it is built in the background, the previous one."""
        key = (keywords, keywords.generation)
        built = self._built
        if built is not None and _same(built[0], key):
            return built[1]
        with self._lock:
            built = self._built
            if built is not None and _same(built[0], key):
                return built[1]
            if self._building is None or not _same(self._building, key):
                self._building = key
                if vocabulary_size(keywords) <= SYNC_CORRECTOR_STEMS:
                    self._built = (key, self._build(keywords))
                    return self._built[1]
                threading.Thread(
                    target=self._build_in_background, args=(key,), name="qabot-speller", daemon=True
                ).start()
            return built[1] if built is not None else None

    def _build(self, keywords: KeywordIndex) -> SpellingCorrector:
        return corrector_for(keywords, real_words(self._model_name), dictionary_in_order(self._model_name))

    def _build_in_background(self, key: tuple[KeywordIndex, int]) -> None:
        try:
            corrector = self._build(key[0])
        except Exception:  # answering goes on uncorrected; the failure must still be seen
            log.exception("Building the spelling corrector failed")
            return
        with self._lock:
            self._built = (key, corrector)


def _same(built: tuple[KeywordIndex, int], key: tuple[KeywordIndex, int]) -> bool:
    return built[0] is key[0] and built[1] == key[1]
