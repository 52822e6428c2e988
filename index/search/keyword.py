"""Keyword evidence: BM25 over passages, and how much of a question a passage covers.

Words are lower-cased, English stop words (NLTK's list, so question words go too) dropped and the rest
Snowball-stemmed, the same way for passages and questions (`keyword_terms`). A passage is indexed with
its source's title and its heading, since questions often name the subject the passage only calls "he"
or "the alliance". Besides BM25, each stem gets an inverse document frequency, so `coverage` says how
much of a question's rare vocabulary a passage (or a sentence) holds: names like "Tseluiko", which the
sentence model barely represents, are exact evidence here.

The index changes in place: a change tokenises only the passages it adds, in a small new segment,
and marks the rows it removes dead; segments are merged from their stored stems (small ones at once,
into the large one in the background), and BM25 uses the statistics of all live passages, so scores do
not depend on how passages are split (see `keyword_view`). It is saved beside the vector index and
loaded, memory-mapped, by later starts (`keyword_files`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

from index.search.background import BackgroundJob
from index.search.keyword_acronyms import DefinedAcronyms, Definition, definitions_in
from index.search.keyword_files import load_keywords, save_keywords
from index.search.keyword_match import TOP_BLOCK, KeywordMatch, top_rows
from index.search.keyword_merging import SegmentMerging
from index.search.keyword_scopes import CollectionScopes, PassageStems
from index.search.keyword_segments import Segment, SegmentBuilder
from index.search.keyword_terms import Terms, defined_acronyms
from index.search.keyword_view import DocumentFrequencies, KeywordView, bm25_idf, make_view
from index.search.keyword_vocabulary import Vocabulary
from index.visibility import SHARED_ONLY, Visibility

__all__ = ["TOP_BLOCK", "KeywordIndex", "KeywordMatch", "defined_acronyms", "top_rows"]

log = logging.getLogger(__name__)


# id, text, context (title and heading) and, optionally, the sentence spans stored with the passage
# (an empty tuple: it is one sentence; none given: found here).
PassageText = tuple[int, str, str | None] | tuple[int, str, str | None, Sequence[tuple[int, int]] | None]


class KeywordIndex(SegmentMerging):
    def __init__(
        self, ids: Iterable[int] = (), texts: Iterable[str] = (), contexts: Iterable[str | None] | None = None
    ) -> None:
        """`contexts` (e.g. title and heading) count as words of their passage, not of its sentences."""
        self._terms = Terms()
        self.place_stems = self._terms.place_stems  # countries' and capitals' names ("china", "minsk")
        self.places_named = self._terms.places_named  # which of them a text's stems name
        self._vocabulary = Vocabulary(self._terms)
        self._acronyms = DefinedAcronyms()
        # The view and the collection counts of one state, replaced together: questions read both
        # without the lock, and a view with another state's counts gave negative frequencies.
        self._current = (make_view((), (), np.zeros(0, dtype=np.int32), 0, 0), CollectionScopes())
        self._lock = threading.RLock()
        self._folder: Path | None = None  # where a merged segment is written, once the index is saved
        self._names: dict[Segment, str] = {}
        self._merging = 0  # segments (from the first) being merged in the background
        self._removed_while_merging: list[int] = []
        self._merges = BackgroundJob("qabot-keyword-merge")
        self.shared_generation = 0  # one more for every change to the shared passages
        self._collection_of: dict[int, str] = {}  # community passages' collections
        texts = list(texts)
        if texts:
            contexts = list(contexts) if contexts is not None else [None] * len(texts)
            self.update(added=zip(ids, texts, contexts, strict=True))

    @property
    def _view(self) -> KeywordView:
        return self._current[0]

    @_view.setter
    def _view(self, view: KeywordView) -> None:
        self._current = (view, self._current[1])  # a merge: the same passages, the same counts

    def __len__(self) -> int:
        return self._view.live

    @property
    def segments(self) -> int:
        return len(self._view.segments)

    def live_ids(self) -> np.ndarray:
        """The ids of the passages in the index, in no particular order."""
        return self._view.live_ids()

    # -- questions ---------------------------------------------------------------------------------

    def match(
        self,
        question: str,
        rewrite: Callable[[list[str]], list[str]] | None = None,
        visibility: Visibility = SHARED_ONLY,
    ) -> KeywordMatch:
        """The question's stems (acronyms the knowledge base defines also stand for their expansion, and
        capitals for their countries), weighed by the passages `visibility` may see.

        `rewrite` maps the question's own stems to the ones looked up (a spelling correction).
        """
        view, scopes = self._current
        place = scopes.for_place(view, visibility)
        own = list(dict.fromkeys(self._terms(question)))
        if rewrite is not None:
            own = list(dict.fromkeys(rewrite(own)))
        stems = self._looked_up(own)
        known = (self._vocabulary.id_of(stem) for stem in stems)
        stem_ids = tuple(stem if place.frequency(stem) else -1 for stem in known)
        idf = tuple(bm25_idf(place.frequency(stem), place.documents) for stem in stem_ids)
        weighted = [(s, w) for s, w in zip(stem_ids, idf, strict=True) if s >= 0]
        scores = view.scores(weighted, place.mean_length)
        return KeywordMatch(view, stems, idf, len(own), scores, stem_ids)

    def search(self, question: str, k: int) -> list[tuple[int, float]]:
        """(passage id, BM25 score) pairs, best first; empty when no question word is in the corpus."""
        return self.match(question).top(k)

    def vocabulary(self) -> Mapping[str, int]:
        """Stem → how many passages hold it, for the stems some passage holds (a view, not a copy)."""
        vocabulary = self._vocabulary
        return DocumentFrequencies(vocabulary.ids, vocabulary.stems, self._view.document_frequency)

    def shared_vocabulary(self) -> Mapping[str, int]:
        """`vocabulary` of the shared knowledge base's passages alone (no community's)."""
        view, scopes = self._current
        shared = scopes.shared_frequency(view.document_frequency)
        return DocumentFrequencies(self._vocabulary.ids, self._vocabulary.stems, shared)

    def collection_holds(self, community: str) -> Callable[[str], bool]:
        """Whether a passage of the community's collection holds a stem (as of now)."""
        own = self._current[1].collections.get(community)
        frequency = own.frequency if own is not None else {}
        return lambda stem: self._vocabulary.id_of(stem) in frequency

    def assign_collections(self, collection_of: Mapping[int, str]) -> None:
        """Which community collection each of its passages belongs to (passages not named are shared),
        counted afresh: a loaded or rebuilt index does not know them."""
        with self._lock:
            view = self._view
            ids = list(collection_of)
            rows = view.locate_all(ids).tolist()
            found = [(i, row) for i, row in zip(ids, rows, strict=True) if row >= 0]
            self._collection_of = {i: collection_of[i] for i, _ in found}
            counted = (_stems_of(collection_of[i], view.layout(row)[0]) for i, row in found)
            self._current = (view, CollectionScopes().changed((), counted))
            self.shared_generation += 1

    def stem(self, word: str) -> str:
        """A (lower-case) word's stem as the index holds it: "began" and "begins" are "begin"."""
        return self._terms.stem(word)

    def stems_of(self, text: str) -> list[str]:
        """The text's stems, as the index reads a passage."""
        return self._terms(text)

    def name_stems(self, word: str) -> tuple[str, ...]:
        """What a word of a question is looked up as: its stems, a defined acronym's expansion, and a
        capital's country (no scoring: cheap for many words)."""
        return self._looked_up(self._terms(word))

    def _looked_up(self, own: list[str]) -> tuple[str, ...]:
        """`own` stems, then the expansions of the acronyms among them and the countries of capitals."""
        expanded = [stem for word in own for stem in self.acronyms.get(word, ())]
        return tuple(dict.fromkeys([*own, *expanded, *self._terms.countries_of_capitals(own)]))

    @property
    def unused_stems(self) -> int:
        """Stems no live passage holds any more. The vocabulary only grows in place (stem ids are kept
        in every segment), so words of removed passages stay until the index is built again."""
        return len(self._vocabulary) - int(np.count_nonzero(self._view.document_frequency))

    def surface(self, stem: str) -> str | None:
        """A word (lower-cased, the first one indexed) that stems to `stem`."""
        return self._vocabulary.surface(stem)

    # -- changes -----------------------------------------------------------------------------------

    @classmethod
    def build(
        cls, passages: Iterable[PassageText], collections: Mapping[int, str] | None = None
    ) -> KeywordIndex:
        """An index of many passages (streamed: only their stems are kept) in one segment;
        `collections` as for `update`."""
        index = cls()
        index.update(added=passages, collections=collections)
        return index

    def update(
        self,
        removed: Iterable[int] = (),
        added: Iterable[PassageText] = (),
        collections: Mapping[int, str] | None = None,
    ) -> None:
        """Removes passages by id, then adds passages (an id already present is replaced);
        `collections` names the community collection of added passages that belong to one."""
        left: list[PassageStems] = []
        came: list[PassageStems] = []
        defined: list[Definition] = []
        shared_changed = False
        with self._lock:
            builder = SegmentBuilder()
            for passage in added:
                # Only shared passages define acronyms: a community's definition ("FIFA" for its own
                # words) would have changed every place's reading of the acronym.
                passage_id, text, context, *stored = passage
                spans = stored[0] if stored else None
                builder.add(passage_id, *self._vocabulary.passage_stem_ids(text, context, spans))
                if not collections or passage_id not in collections:
                    defined.extend(definitions_in(passage_id, text, self._terms))
            segment = builder.build(len(self._vocabulary)) if len(builder) else None
            view = self._view
            frequencies = np.zeros(len(self._vocabulary), dtype=np.int32)
            frequencies[: len(view.document_frequency)] = view.document_frequency
            live, total_length = view.live, view.total_length
            gone = sorted(set(removed) | (set(segment.ids.tolist()) if segment is not None else set()))
            dead, (found, in_segments, rows) = view.marked_dead(gone)
            for found_id, in_segment, row in zip(found, in_segments, rows, strict=True):  # no lists: large
                passage_id, index = int(found_id), int(in_segment)
                terms = view.segments[index].terms(int(row))
                frequencies[np.unique(terms)] -= 1
                if passage_id in self._collection_of:
                    left.append(_stems_of(self._collection_of.pop(passage_id), terms))
                else:
                    shared_changed = True
                live, total_length = live - 1, total_length - len(terms)
                if index < self._merging:
                    self._removed_while_merging.append(passage_id)
            segments = view.segments
            if segment is not None:
                for local, passage_id in enumerate(segment.ids.tolist()):
                    collection = collections.get(passage_id) if collections else None
                    if collection is None:
                        shared_changed = True
                        continue
                    self._collection_of[passage_id] = collection
                    came.append(_stems_of(collection, segment.terms(local)))
                frequencies[: len(segment.term_ptr) - 1] += np.diff(segment.term_ptr).astype(np.int32)
                live, total_length = live + len(segment), total_length + len(segment.tokens)
                segments, dead = (*segments, segment), [*dead, np.zeros(len(segment), dtype=bool)]
            self._acronyms.change(gone, defined)
            scopes = self._current[1]
            self._current = (
                make_view(segments, tuple(dead), frequencies, live, total_length),
                scopes.changed(left, came) if left or came else scopes,
            )
            self.shared_generation += shared_changed
            self._tidy()

    # -- files -------------------------------------------------------------------------------------

    def save(self, folder: Path, revision: int) -> None:
        """Saves the index as of `revision` of the change log (only segments not yet on disk are written)."""
        with self._lock:
            self._names = save_keywords(
                folder,
                self._view,
                self._vocabulary.stems,
                self._vocabulary.surfaces,
                self._acronyms,
                revision,
                self._names,
            )
            self._folder = folder

    @classmethod
    def load(cls, folder: Path) -> tuple[KeywordIndex, int] | None:
        """The saved index and the revision it was saved at; None when none was saved.

        Raises ValueError or OSError when the files are damaged.
        """
        saved = load_keywords(folder)
        if saved is None:
            return None
        index = cls()
        index._vocabulary = Vocabulary(index._terms, saved.stems, saved.surfaces)
        index._acronyms, index._names = saved.acronyms, saved.names
        index._current = (saved.view, CollectionScopes())
        index._folder = folder
        return index, saved.revision

    @property
    def view(self) -> KeywordView:
        return self._view

    @property
    def acronyms(self) -> Mapping[str, tuple[str, ...]]:
        """Acronyms shared passages define, and the stems of what they stand for."""
        return self._acronyms.expansions


def _stems_of(collection: str, terms: np.ndarray) -> PassageStems:
    """A passage's collection, distinct stems and length (in stems), as collection counts take it."""
    return collection, np.unique(terms), len(terms)
