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
        # Keyed by the index and its shared generation: changes update an index in place (words added
        # after the first question were never corrected to until a restart), and the corrector reads
        # only the shared passages, so a community's change does not make it again.
        self._built: tuple[_Key, SpellingCorrector] | None = None
        self._wanted: _Key | None = None  # what the background builder is to build next
        self._builder_running = False
        self._failed: _Key | None = None  # not tried again: each question would log the failure anew
        self._lock = threading.Lock()

    def for_index(self, keywords: KeywordIndex) -> SpellingCorrector | None:
        """The corrector over `keywords`; while it is built in the background, the previous one."""
        key = (keywords, keywords.shared_generation)
        built = self._built
        if built is not None and _same(built[0], key):
            return built[1]
        with self._lock:
            built = self._built
            if built is not None and _same(built[0], key):
                return built[1]
            if vocabulary_size(keywords) <= SYNC_CORRECTOR_STEMS:
                self._built = (key, self._build(keywords))
                self._wanted = None  # whatever the background builder was asked for is older
                return self._built[1]
            # One builder at a time, building the newest index asked for: changes in a row started a
            # thread each (five at once after eight changes), and an older build finishing last won.
            if self._failed is not None and _same(self._failed, key):
                return built[1] if built is not None else None
            self._wanted = key
            if not self._builder_running:
                self._builder_running = True
                try:
                    threading.Thread(
                        target=self._build_in_background, name="qabot-speller", daemon=True
                    ).start()
                except BaseException:  # no thread: a later question tries again
                    self._builder_running = False
                    raise
            return built[1] if built is not None else None

    def _build(self, keywords: KeywordIndex) -> SpellingCorrector:
        return corrector_for(keywords, real_words(self._model_name), dictionary_in_order(self._model_name))

    def _build_in_background(self) -> None:
        try:
            self._build_wanted()
        finally:  # whatever ends the builder, a later question can start another
            with self._lock:
                self._builder_running = False

    def _build_wanted(self) -> None:
        while True:
            with self._lock:
                key = self._wanted
                if key is None:
                    self._builder_running = False  # with the check: a request now starts a builder
                    return
            try:
                corrector = self._build(key[0])
            except Exception:  # answering goes on uncorrected; the failure must still be seen
                log.exception("Building the spelling corrector failed")
                corrector = None
            with self._lock:
                if corrector is None:
                    self._failed = key
                elif self._built is None or not _newer(self._built[0], key):
                    # Installed even when a newer one is wanted: during a long ingest every build
                    # was outdated by the time it finished, and questions had none at all.
                    self._built = (key, corrector)
                if self._wanted is not None and _same(self._wanted, key):
                    self._wanted = None


_Key = tuple[KeywordIndex, int]


def _same(built: _Key, key: _Key) -> bool:
    return built[0] is key[0] and built[1] == key[1]


def _newer(built: _Key, key: _Key) -> bool:
    """Whether `built` is of a later state of the same index than `key`."""
    return built[0] is key[0] and built[1] > key[1]
