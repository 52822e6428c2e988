"""Keyword evidence with bm25s: BM25 over passages, and how much of a question a passage covers.

Words are lower-cased, English stop words (NLTK's list, so question words go too) dropped and the
rest Snowball-stemmed, the same way for passages and questions. A passage is indexed with its
source's title and its heading, since questions often name the subject the passage only calls "he"
or "the alliance". Besides BM25, each stem gets an inverse document frequency, so `coverage` says how
much of a question's rare vocabulary a passage (or a sentence) holds: names like "Tseluiko", which the
sentence model barely represents, are exact evidence here.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from index.sentences import sentence_spans

_WORD = re.compile(r"(?u)\b\w\w+\b")
# "Collective Security Treaty Organization (CSTO)": capitalised words, then their initials in brackets.
_DEFINED_ACRONYM = re.compile(
    r"((?:[A-Z][\w'’-]*\s+(?:(?:of|the|and|for|on|in)\s+)*){2,10})\(([A-Z]{2,10})\)"
)
_CONNECTIVES = frozenset({"of", "the", "and", "for", "on", "in"})


class _Terms:
    """Text → stems, as the index and every question see them."""

    def __init__(self) -> None:
        import Stemmer
        from bm25s.stopwords import STOPWORDS_EN_PLUS

        self._stemmer = Stemmer.Stemmer("english")
        self._stopwords = frozenset(STOPWORDS_EN_PLUS)

    def __call__(self, text: str) -> list[str]:
        words = [w for w in _WORD.findall(text.lower()) if w not in self._stopwords]
        return list(self._stemmer.stemWords(words)) if words else []


def defined_acronyms(text: str) -> dict[str, str]:
    """Acronyms the text spells out, keyed lower-case: {"csto": "Collective Security Treaty Organization"}."""
    found: dict[str, str] = {}
    for match in _DEFINED_ACRONYM.finditer(text):
        acronym = match.group(2)
        words = match.group(1).split()
        # The expansion is the longest run of the capitalised words whose initials spell the acronym.
        for start in range(len(words)):
            tail = words[start:]
            initials = "".join(w[0] for w in tail if w.lower() not in _CONNECTIVES)
            if initials.upper() == acronym and tail[0].lower() not in _CONNECTIVES:
                found.setdefault(acronym.lower(), " ".join(tail))
                break
    return found


@dataclass(frozen=True)
class KeywordMatch:
    """One question's keyword evidence, looked up per passage by the ranking."""

    index: KeywordIndex
    # The question's own stems first, then those of the acronyms it uses, spelt out.
    stems: tuple[str, ...]
    idf: tuple[float, ...]
    own_stems: int
    passage_scores: np.ndarray

    def top(self, k: int) -> list[tuple[int, float]]:
        """(passage id, BM25 score) of the best k passages with a keyword in common, best first."""
        k = min(k, len(self.passage_scores))
        if k <= 0:
            return []
        rows = np.argpartition(-self.passage_scores, k - 1)[:k]
        rows = rows[np.argsort(-self.passage_scores[rows], kind="stable")]
        return [
            (int(self.index.ids[r]), float(self.passage_scores[r]))
            for r in rows
            if self.passage_scores[r] > 0
        ]

    def passage_score(self, passage_id: int) -> float:
        row = self.index.row_of.get(passage_id)
        return float(self.passage_scores[row]) if row is not None and len(self.passage_scores) else 0.0

    def coverage(self, passage_id: int, expanded: bool = True) -> float:
        """The IDF-weighted share of the question's distinct stems that the passage holds (0–1).

        Stems the knowledge base has never seen weigh the most and are never covered, so a question
        about something absent scores low even when it shares a common word or two. `expanded` counts
        the words of spelt-out acronyms too: for ranking, a passage that spells out what the question
        abbreviates says more about it; for refusals, using the acronym alone is enough.
        """
        row = self.index.row_of.get(passage_id)
        return 0.0 if row is None else self._share(self.index.passage_terms[row], expanded)

    def sentence_coverage(self, passage_id: int, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """`coverage` of each sentence (spans as stored with the passage; 0 for one the index lacks)."""
        row = self.index.row_of.get(passage_id)
        terms = self.index.sentence_terms[row] if row is not None else {}
        return np.asarray([self._share(terms.get(span, frozenset())) for span in spans], dtype=np.float32)

    def _share(self, terms: frozenset[str], expanded: bool = True) -> float:
        count = len(self.stems) if expanded else self.own_stems
        total = sum(self.idf[:count])
        if total <= 0:
            return 0.0
        held = sum(
            idf for stem, idf in zip(self.stems[:count], self.idf[:count], strict=True) if stem in terms
        )
        return held / total


class KeywordIndex:
    def __init__(
        self, ids: Sequence[int], texts: Sequence[str], contexts: Sequence[str | None] | None = None
    ) -> None:
        """`contexts` (e.g. title and heading) count as words of their passage, not of its sentences."""
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)
        self._terms = _Terms()
        self.ids = np.asarray(ids, dtype=np.int64)
        self.row_of = {int(passage_id): row for row, passage_id in enumerate(self.ids)}
        contexts = contexts if contexts is not None else [None] * len(texts)
        passage_tokens: list[list[str]] = []
        self.sentence_terms: list[dict[tuple[int, int], frozenset[str]]] = []
        for text, context in zip(texts, contexts, strict=True):
            # Sentences cover every word of their passage, so each word is stemmed once.
            by_sentence = {(start, end): self._terms(text[start:end]) for start, end in sentence_spans(text)}
            tokens = [stem for stems in by_sentence.values() for stem in stems]
            passage_tokens.append(tokens + (self._terms(context) if context else []))
            self.sentence_terms.append({span: frozenset(stems) for span, stems in by_sentence.items()})
        self.passage_terms = [frozenset(tokens) for tokens in passage_tokens]
        self.acronyms: dict[str, tuple[str, ...]] = {}
        for text in texts:
            for acronym, expansion in defined_acronyms(text).items():
                self.acronyms.setdefault(acronym, tuple(self._terms(expansion)))

        document_frequency = Counter(stem for terms in self.passage_terms for stem in terms)
        self._idf = {stem: _idf(df, len(texts)) for stem, df in document_frequency.items()}
        self._unseen_idf = _idf(0, len(texts))
        self._passages: bm25s.BM25 | None = None
        if texts:
            self._passages = bm25s.BM25()
            self._passages.index(passage_tokens, show_progress=False)

    def __len__(self) -> int:
        return len(self.ids)

    def match(self, question: str) -> KeywordMatch:
        """The question's stems (acronyms the knowledge base defines also stand for their expansion)."""
        own = list(dict.fromkeys(self._terms(question)))
        expansions = [stem for word in own for stem in self.acronyms.get(word, ()) if stem not in own]
        stems = tuple(dict.fromkeys(own + expansions))
        idf = tuple(self._idf.get(stem, self._unseen_idf) for stem in stems)
        scores = np.zeros(0, dtype=np.float32)
        if self._passages is not None:
            token_ids = self._passages.get_tokens_ids([s for s in stems if s in self._idf])
            if token_ids:
                scores = self._passages.get_scores_from_ids(token_ids)
        return KeywordMatch(self, stems, idf, len(own), scores)

    def search(self, question: str, k: int) -> list[tuple[int, float]]:
        """(passage id, BM25 score) pairs, best first; empty when no question word is in the corpus."""
        return self.match(question).top(k)


def _idf(document_frequency: int, documents: int) -> float:
    # The BM25 (Lucene) IDF, so coverage weighs words the way the keyword scores do.
    return math.log(1 + (documents - document_frequency + 0.5) / (document_frequency + 0.5))
