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
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import overload

import numpy as np

from index.ingest.sentences import sentence_spans

_WORD = re.compile(r"(?u)\b\w\w+\b")
# "Collective Security Treaty Organization (CSTO)": capitalised words, then their initials in brackets.
# Linear time: it starts only at the start of a word, and its possessive quantifiers never give back
# (giving back could not help: words, connectives and "(" begin with different characters).
_DEFINED_ACRONYM = re.compile(
    r"(?<![\w'’-])((?:[A-Z][\w'’-]*+\s++(?:(?:of|the|and|for|on|in)\s++)*+){2,10}+)\(([A-Z]{2,10})\)"
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
    # `stems` as the index's stem ids (-1: a stem no passage has).
    stem_ids: tuple[int, ...] = ()
    _terms: dict[int, frozenset[int]] = field(default_factory=dict, repr=False, compare=False)

    def top(self, k: int) -> list[tuple[int, float]]:
        """(passage id, BM25 score) of the best k passages with a keyword in common, best first."""
        k = min(k, len(self.passage_scores))
        if k <= 0:
            return []
        rows = top_rows(self.passage_scores, k)
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
        if row is None:
            return 0.0
        terms = self._terms.get(row)
        if terms is None:  # ranking asks about each candidate a few times
            terms = self._terms[row] = self.index.passage_terms(row)
        return self._share(terms, expanded)

    def sentence_coverage(self, passage_id: int, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """`coverage` of each sentence (spans as stored with the passage; 0 for one the index lacks)."""
        row = self.index.row_of.get(passage_id)
        terms = self.index.sentence_terms(row) if row is not None else {}
        return np.asarray([self._share(terms.get(span, frozenset())) for span in spans], dtype=np.float32)

    @cached_property
    def _weights(self) -> tuple[tuple[tuple[int, float], ...], float, float]:
        """(stem id, IDF) pairs, and the IDF totals of all stems and of the question's own."""
        return (
            tuple(zip(self.stem_ids, self.idf, strict=True)),
            sum(self.idf),
            sum(self.idf[: self.own_stems]),
        )

    def _share(self, terms: frozenset[int], expanded: bool = True) -> float:
        # Ranking calls this for every sentence of every candidate: the totals are summed once.
        pairs, total, own_total = self._weights
        if not expanded:
            pairs, total = pairs[: self.own_stems], own_total
        if total <= 0:
            return 0.0
        return sum(idf for stem, idf in pairs if stem in terms) / total


# `top_rows` looks for the best scores among blocks of this many, by each block's maximum.
TOP_BLOCK = 1000


def top_rows(scores: np.ndarray, k: int) -> np.ndarray:
    """Rows of the k highest scores (in no order), for 0 < k <= len(scores).

    The k best scores lie in at most k blocks, and those blocks have the k highest block maxima, so
    only k blocks are searched: at 1M passages this took 0.6 ms where one argpartition over every score
    took 1.3-2.0 ms (and allocated 8 MB of row numbers).
    """
    whole = len(scores) // TOP_BLOCK * TOP_BLOCK
    if whole < 4 * k * TOP_BLOCK:
        return np.argpartition(scores, len(scores) - k)[-k:]
    maxima = scores[:whole].reshape(-1, TOP_BLOCK).max(axis=1)
    blocks = np.argpartition(maxima, len(maxima) - k)[-k:]
    rows = np.concatenate(
        [(blocks[:, None] * TOP_BLOCK + np.arange(TOP_BLOCK)).ravel(), np.arange(whole, len(scores))]
    )
    return rows[np.argpartition(scores[rows], len(rows) - k)[-k:]]


class _Documents(Sequence[list[int]]):
    """Each passage's stem ids, read from one flat array: bm25s walks this instead of token lists."""

    def __init__(self, flat: np.ndarray, ends: np.ndarray) -> None:
        self._flat = flat
        self._starts = np.concatenate([[0], ends[:-1]]).astype(np.int64) if len(ends) else ends
        self._ends = ends

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, row: int) -> list[int]: ...
    @overload
    def __getitem__(self, row: slice) -> list[list[int]]: ...
    def __getitem__(self, row: int | slice) -> list[int] | list[list[int]]:
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(len(self)))]
        ids: list[int] = self._flat[self._starts[row] : self._ends[row]].tolist()
        return ids

    def __iter__(self) -> Iterator[list[int]]:
        for start, end in zip(self._starts.tolist(), self._ends.tolist(), strict=True):
            yield self._flat[start:end].tolist()


class KeywordIndex:
    def __init__(
        self, ids: Sequence[int], texts: Sequence[str], contexts: Sequence[str | None] | None = None
    ) -> None:
        """`contexts` (e.g. title and heading) count as words of their passage, not of its sentences."""
        import bm25s
        from bm25s.tokenization import Tokenized

        logging.getLogger("bm25s").setLevel(logging.WARNING)
        self._terms = _Terms()
        self.ids = np.asarray(ids, dtype=np.int64)
        self.row_of = {int(passage_id): row for row, passage_id in enumerate(self.ids)}
        contexts = contexts if contexts is not None else [None] * len(texts)
        # Stems are kept as ids in flat arrays, not as per-passage lists and sets of strings: at 1M
        # passages the strings, lists and sets took about 10 GB; these arrays take a few hundred MB.
        vocabulary: dict[str, int] = {}
        tokens, token_ends = array("i"), array("q")
        terms, term_ends = array("i"), array("q")
        spans, sentence_terms, sentence_term_ends, sentence_ends = (
            array("i"),
            array("i"),
            array("q"),
            array("q"),
        )
        self.acronyms: dict[str, tuple[str, ...]] = {}
        for text, context in zip(texts, contexts, strict=True):
            first_token = len(tokens)
            # Sentences cover every word of their passage, so each word is stemmed once.
            for start, end in sentence_spans(text):
                stem_ids = [
                    vocabulary.setdefault(stem, len(vocabulary)) for stem in self._terms(text[start:end])
                ]
                tokens.extend(stem_ids)
                spans.extend((start, end))
                sentence_terms.extend(set(stem_ids))
                sentence_term_ends.append(len(sentence_terms))
            sentence_ends.append(len(spans) // 2)
            if context:
                tokens.extend(vocabulary.setdefault(stem, len(vocabulary)) for stem in self._terms(context))
            token_ends.append(len(tokens))
            terms.extend(set(tokens[first_token:]))
            term_ends.append(len(terms))
            for acronym, expansion in defined_acronyms(text).items():
                self.acronyms.setdefault(acronym, tuple(self._terms(expansion)))
        self._vocabulary = vocabulary
        self._term_ids = np.frombuffer(terms, dtype=np.int32)
        self._term_ends = np.frombuffer(term_ends, dtype=np.int64)
        self._spans = np.frombuffer(spans, dtype=np.int32).reshape(-1, 2)
        self._sentence_term_ids = np.frombuffer(sentence_terms, dtype=np.int32)
        self._sentence_term_ends = np.frombuffer(sentence_term_ends, dtype=np.int64)
        self._sentence_ends = np.frombuffer(sentence_ends, dtype=np.int64)

        document_frequency = np.bincount(self._term_ids, minlength=len(vocabulary)).tolist()
        self._idf = {stem: _idf(document_frequency[i], len(texts)) for stem, i in vocabulary.items()}
        self._unseen_idf = _idf(0, len(texts))
        self._passages: bm25s.BM25 | None = None
        if texts:
            self._passages = bm25s.BM25()
            documents = _Documents(
                np.frombuffer(tokens, dtype=np.int32), np.frombuffer(token_ends, dtype=np.int64)
            )
            # bm25s copies the vocabulary it is given, and scores do not depend on how stems are numbered.
            self._passages.index(Tokenized(ids=documents, vocab=dict(vocabulary)), show_progress=False)

    def passage_terms(self, row: int) -> frozenset[int]:
        """The stem ids of a passage (its context's included)."""
        start = int(self._term_ends[row - 1]) if row else 0
        return frozenset(self._term_ids[start : int(self._term_ends[row])].tolist())

    def sentence_terms(self, row: int) -> dict[tuple[int, int], frozenset[int]]:
        """The stem ids of each sentence of a passage, by its span."""
        first = int(self._sentence_ends[row - 1]) if row else 0
        found = {}
        for sentence in range(first, int(self._sentence_ends[row])):
            start = int(self._sentence_term_ends[sentence - 1]) if sentence else 0
            span = (int(self._spans[sentence, 0]), int(self._spans[sentence, 1]))
            found[span] = frozenset(
                self._sentence_term_ids[start : int(self._sentence_term_ends[sentence])].tolist()
            )
        return found

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
        stem_ids = tuple(self._vocabulary.get(stem, -1) for stem in stems)
        return KeywordMatch(self, stems, idf, len(own), scores, stem_ids)

    def search(self, question: str, k: int) -> list[tuple[int, float]]:
        """(passage id, BM25 score) pairs, best first; empty when no question word is in the corpus."""
        return self.match(question).top(k)


def _idf(document_frequency: int, documents: int) -> float:
    # The BM25 (Lucene) IDF, so coverage weighs words the way the keyword scores do.
    return math.log(1 + (documents - document_frequency + 0.5) / (document_frequency + 0.5))
