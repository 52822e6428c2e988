"""Keyword search over passages with bm25s (English stop words, Snowball stemming)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np


class KeywordIndex:
    def __init__(self, ids: Sequence[int], texts: Sequence[str]) -> None:
        import bm25s
        import Stemmer

        logging.getLogger("bm25s").setLevel(logging.WARNING)

        self._tokenizer = bm25s.tokenization.Tokenizer(
            stemmer=Stemmer.Stemmer("english"), stopwords="en", lower=True
        )
        self._ids = np.asarray(ids, dtype=np.int64)
        self._retriever: bm25s.BM25 | None = None
        if len(texts):
            tokens = self._tokenizer.tokenize(list(texts), return_as="ids", show_progress=False)
            self._retriever = bm25s.BM25()
            self._retriever.index(tokens, show_progress=False)

    def __len__(self) -> int:
        return len(self._ids)

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """(passage id, BM25 score) pairs, best first; empty when no query word is in the corpus."""
        if self._retriever is None:
            return []
        tokens = self._tokenizer.tokenize([query], return_as="ids", update_vocab=False, show_progress=False)
        if not tokens or not tokens[0]:
            return []
        k = max(1, min(k, len(self._ids)))
        rows, scores = self._retriever.retrieve(tokens, k=k, show_progress=False, n_threads=1)
        return [
            (int(self._ids[row]), float(score))
            for row, score in zip(rows[0], scores[0], strict=True)
            if score > 0
        ]
