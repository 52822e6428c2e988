"""`Vocabulary`: the keyword index's stems, each under a number that never changes in that index.

A stem's id is its place in `stems`; segments store stem ids. Stemming is most of tokenising, so each
word is remembered with its stem id (bounded against junk text: a word past the bound is stemmed
every time it is seen).
"""

from __future__ import annotations

from collections.abc import Sequence

from index.ingest.sentences import sentence_spans
from index.search.keyword_terms import WORD, Terms

__all__ = ["MAX_CACHED_WORDS", "Vocabulary"]

MAX_CACHED_WORDS = 2_000_000


class Vocabulary:
    def __init__(
        self, terms: Terms, stems: list[str] | None = None, surfaces: list[str] | None = None
    ) -> None:
        """`stems` and `surfaces` (the first word seen for each stem) as saved; raises ValueError when
        they name a stem twice."""
        self.terms = terms
        self.stems: list[str] = stems if stems is not None else []
        self.surfaces: list[str] = surfaces if surfaces is not None else []
        self.ids: dict[str, int] = {stem: i for i, stem in enumerate(self.stems)}
        if len(self.ids) != len(self.stems):
            raise ValueError("the keyword index vocabulary names a stem twice")
        self._word_ids: dict[str, int] = {}  # word → stem id, -1 for a stop word

    def __len__(self) -> int:
        return len(self.stems)

    def id_of(self, stem: str) -> int:
        """The stem's id; -1 for a stem no passage was ever indexed with."""
        return self.ids.get(stem, -1)

    def surface(self, stem: str) -> str | None:
        """A (lower-case) word that stems to `stem`: the first one indexed."""
        index = self.ids.get(stem)
        return self.surfaces[index] if index is not None else None

    def stem_ids_of(self, text: str) -> list[int]:
        """The ids of the text's stems, in order (stop words left out); new stems get new ids."""
        if not text or text.isspace():
            return []
        words = WORD.findall(text.lower())
        found: list[int | None] = list(map(self._word_ids.get, words))
        if None in found:  # words not seen before
            found = [i if i is not None else self._new_word(w) for w, i in zip(words, found, strict=True)]
        return [i for i in found if i is not None and i >= 0]

    def passage_stem_ids(
        self, text: str, context: str | None, spans: Sequence[tuple[int, int]] | None
    ) -> tuple[list[tuple[tuple[int, int], list[int]]], list[int]]:
        """Each sentence's span with its stem ids (`spans` None: the sentences are found here; empty:
        the passage is one sentence), and the ids that count for the passage only: its context's
        (title and heading) and any words outside every span (there should be none)."""
        sentences, rest, cursor = [], [], 0
        for start, end in (spans if spans is not None else sentence_spans(text)) or [(0, len(text))]:
            rest.extend(self.stem_ids_of(text[cursor:start]))
            sentences.append(((start, end), self.stem_ids_of(text[start:end])))
            cursor = max(cursor, end)
        rest.extend(self.stem_ids_of(text[cursor:]))
        return sentences, rest + (self.stem_ids_of(context) if context else [])

    def _new_word(self, word: str) -> int:
        stem_id = -1
        if word not in self.terms.stopwords:
            stem = self.terms.stem(word)
            stem_id = self.ids.setdefault(stem, len(self.stems))
            if stem_id == len(self.stems):
                self.stems.append(stem)
                self.surfaces.append(word)
        if len(self._word_ids) < MAX_CACHED_WORDS:
            self._word_ids[word] = stem_id
        return stem_id
