"""`FaissVectorIndex`: the `VectorIndex` on FAISS, exact while small and IVF with 8-bit codes above.

It keeps normalised vectors under their passage ids, scored by inner product (= cosine similarity), so
a source's passages can be added and removed without a rebuild at any size.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from index.search.hidden import NOTHING_HIDDEN, Hidden

__all__ = ["EXACT_LIMIT", "FaissVectorIndex"]

# Exact search scans every vector; at 20k passages it takes about 1 ms on one core, and its cost grows
# linearly, so above that an inverted-file index searches a few lists of 8-bit codes instead (measured
# by `make bench`, which also reports its recall@10 against exact search).
EXACT_LIMIT = 20_000
# Below this count (half the limit, so a size near the limit does not flip back and forth) an
# approximate index becomes exact again.
APPROXIMATE_FLOOR = EXACT_LIMIT // 2
# The approximate index is trained again once it holds this many times the vectors it was trained on,
# so the number of lists keeps up with the corpus.
RETRAIN_GROWTH = 4
MAX_TRAINING_VECTORS_PER_LIST = 40
# Measured on 100k and 1M synthetic MiniLM vectors (see bench/scale.py), 300 SQuAD questions:
# 2·sqrt(n) lists and 3·sqrt(lists) probes keep recall@10 against exact search at 0.958 (100k: 632
# lists, 75 probes, 0.75 ms) and 0.968 (1M: 2000 lists, 134 probes, 4.4 ms). 4·sqrt(lists) probes
# gained under 0.01 recall for a third more time. Twice the lists (4·sqrt(n)) keep recall (0.966 at
# 1M: 4000 lists, 190 probes) and scan 30% fewer codes per question, for about three times the
# training (a minute or more at 1M on 2 cores): worth it since the index is saved and a start never
# trains; only the first one does, and a corpus grown fourfold.
LISTS_PER_SQRT = 4.0
PROBES_PER_SQRT_LISTS = 3.0
# Selectors of passage ids (every community's, a place's own) kept for later searches.
MAX_KEPT_SELECTORS = 16


class FaissVectorIndex:
    """Exact inner-product search while small; IVF with 8-bit scalar quantisation above `exact_limit`.

    Both kinds keep vectors under their passage ids and support add and remove at any size: the switch
    between them happens inside `add` and `remove`. The approximate kind keeps 8-bit codes (a quarter of
    the memory), so its scores are approximations: callers re-score candidates with
    the stored float vectors.
    """

    def __init__(self, dimension: int, exact_limit: int = EXACT_LIMIT) -> None:
        import faiss

        # One OpenMP thread: single-query searches are far faster without thread start-up (measured).
        faiss.omp_set_num_threads(1)
        self.dimension = dimension
        self.exact_limit = exact_limit
        self._index: Any = faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))
        self._trained_on = 0
        self._selectors: list[tuple[Any, ...]] = []

    @property
    def kind(self) -> str:
        return "approximate" if self._ivf() is not None else "exact"

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if not len(ids):
            return
        ids = np.asarray(ids, dtype=np.int64)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        total = self.count() + len(ids)
        if total > self.exact_limit and (
            self._ivf() is None or total > RETRAIN_GROWTH * max(self._trained_on, 1)
        ):
            old_ids, old_vectors = self._all()
            if len(old_ids):
                ids, vectors = np.concatenate([old_ids, ids]), np.vstack([old_vectors, vectors])
            # An empty index (a start from the database) trains on the caller's matrix as it is: at
            # 1M passages a copy would be another 1.5 GB at the peak.
            self._index = _train_approximate(ids, vectors, self.dimension)
            self._trained_on = total
            return
        with _all_threads():
            self._index.add_with_ids(vectors, ids)

    def remove(self, ids: np.ndarray) -> None:
        if not len(ids):
            return
        self._index.remove_ids(np.asarray(ids, dtype=np.int64))
        if self._ivf() is not None and self.count() < min(APPROXIMATE_FLOOR, self.exact_limit // 2):
            import faiss

            kept_ids, kept_vectors = self._all()
            self._index = faiss.IndexIDMap2(faiss.IndexFlatIP(self.dimension))
            self._index.add_with_ids(kept_vectors, kept_ids)
            self._trained_on = 0

    def search(
        self, vectors: np.ndarray, k: int, hidden: Hidden = NOTHING_HIDDEN
    ) -> tuple[np.ndarray, np.ndarray]:
        """The k nearest vectors' scores and ids, leaving out `hidden` ones while searching: filtering
        afterwards, near-copies of a passage kept elsewhere crowded it out."""
        k = max(1, min(k, self.count()))
        query = np.ascontiguousarray(vectors, dtype=np.float32)
        if not hidden:
            scores, ids = self._index.search(query, k)
        else:
            params, *_held = self._leaving_out(hidden)  # faiss holds raw pointers to what is held
            scores, ids = self._index.search(query, k, params=params)
        return scores, ids

    def _leaving_out(self, hidden: Hidden) -> tuple[Any, ...]:
        """Search parameters that take only ids outside every community's passages or among the
        place's own, and the objects they point to."""
        import faiss

        communities, own = self._selector(hidden.communities), self._selector(hidden.own)
        shown = faiss.IDSelectorOr(faiss.IDSelectorNot(communities), own)
        ivf = self._ivf()
        params: Any = faiss.SearchParametersIVF() if ivf is not None else faiss.SearchParameters()
        params.sel = shown
        if ivf is not None:
            params.nprobe = ivf.nprobe  # parameters given replace the index's own
        return (params, shown, communities, own)

    def _selector(self, ids: np.ndarray) -> Any:
        """A selector of `ids` (sorted). The last few are kept, by array: callers pass the same arrays
        until the passages change, and building one is a pass over the ids."""
        import faiss

        for position, (array, selector, *_) in enumerate(self._selectors):
            if array is ids:  # the most recently used first: every community's one stays kept
                self._selectors.insert(0, self._selectors.pop(position))
                return selector
        contiguous = np.ascontiguousarray(ids, dtype=np.int64)
        selector = faiss.IDSelectorBatch(len(contiguous), faiss.swig_ptr(contiguous))
        self._selectors = [(ids, selector, contiguous), *self._selectors[: MAX_KEPT_SELECTORS - 1]]
        return selector

    def count(self) -> int:
        return int(self._index.ntotal)

    def ids(self) -> np.ndarray:
        """Every passage id in the index, in no particular order."""
        import faiss

        ivf = self._ivf()
        if ivf is None:
            return faiss.vector_to_array(self._index.id_map).astype(np.int64)
        invlists = ivf.invlists
        return np.concatenate(
            [np.zeros(0, dtype=np.int64)]
            + [
                faiss.rev_swig_ptr(invlists.get_ids(i), invlists.list_size(i)).copy()
                for i in range(ivf.nlist)
                if invlists.list_size(i)
            ]
        )

    @classmethod
    def build(
        cls,
        dimension: int,
        count: int,
        sample: Callable[[int], np.ndarray],
        batches: Iterable[tuple[np.ndarray, np.ndarray]],
        exact_limit: int = EXACT_LIMIT,
    ) -> FaissVectorIndex:
        """An index of about `count` vectors, added batch by batch (trained first on a sample when
        approximate): at 1M passages one matrix of every vector was 1.5 GB, with its copies more."""
        index = cls(dimension, exact_limit)
        if count > exact_limit:
            index._index = _trained(dimension, count, sample)
            index._trained_on = count
        with _all_threads():
            for ids, vectors in batches:
                index._index.add_with_ids(
                    np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64)
                )
        return index

    def memory_bytes(self) -> int:
        """The size of the index as saved, which is what it holds in memory (codes, ids, lists)."""
        import faiss

        return int(faiss.serialize_index(self._index).nbytes)

    def save(self, path: Path) -> None:
        import faiss

        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
            temp = Path(handle.name)
        try:
            try:
                faiss.write_index(self._index, str(temp))
            except RuntimeError as error:  # faiss reports a failed write (a full disk) this way
                raise OSError(f"Could not write {temp}: {error}") from error
            os.replace(temp, path)
        finally:
            temp.unlink(missing_ok=True)

    @classmethod
    def load(cls, path: Path, dimension: int, exact_limit: int = EXACT_LIMIT) -> FaissVectorIndex | None:
        """The saved index, or None when it is missing, unreadable or of another dimension."""
        import faiss

        if not path.exists():
            return None
        try:
            raw = faiss.read_index(str(path))
        except RuntimeError:
            return None
        if raw.d != dimension:
            return None
        index = cls(dimension, exact_limit)
        if isinstance(raw, faiss.IndexIVF):
            _tune(raw)
            index._index = raw
            index._trained_on = int(raw.ntotal)
        else:
            index._index = raw if isinstance(raw, faiss.IndexIDMap2) else faiss.IndexIDMap2(raw)
        return index

    def _ivf(self) -> Any:
        import faiss

        return self._index if isinstance(self._index, faiss.IndexIVF) else None

    def _all(self) -> tuple[np.ndarray, np.ndarray]:
        """Every id and its vector (decoded from 8 bits for the approximate kind)."""
        ids = self.ids()
        if self._ivf() is None:
            return ids, self._index.index.reconstruct_n(0, len(ids))
        if not len(ids):
            return ids, np.zeros((0, self.dimension), dtype=np.float32)
        return ids, self._ivf().reconstruct_batch(ids)


def _train_approximate(ids: np.ndarray, vectors: np.ndarray, dimension: int) -> Any:
    """An IVF index with 8-bit codes over `vectors`, trained on a sample of them."""
    rng = np.random.default_rng(0)
    index = _trained(
        dimension, len(ids), lambda size: vectors[rng.choice(len(ids), min(size, len(ids)), replace=False)]
    )
    with _all_threads():
        index.add_with_ids(vectors, ids)
    return index


def _trained(dimension: int, count: int, sample: Callable[[int], np.ndarray]) -> Any:
    """An empty IVF index with 8-bit codes for about `count` vectors: 4·sqrt(n) lists, trained on a
    sample of `MAX_TRAINING_VECTORS_PER_LIST` vectors per list."""
    import faiss

    lists = int(min(8192, max(64, round(LISTS_PER_SQRT * np.sqrt(count)))))
    training = np.ascontiguousarray(sample(lists * MAX_TRAINING_VECTORS_PER_LIST), dtype=np.float32)
    index = faiss.IndexIVFScalarQuantizer(
        faiss.IndexFlatIP(dimension), dimension, lists, faiss.ScalarQuantizer.QT_8bit,
        faiss.METRIC_INNER_PRODUCT,
    )  # fmt: skip
    # Codes of the vectors themselves, not of their offsets from the list's centroid: scanning is
    # then one 8-bit dot product per code (at 1M, 100 probes: 3.4 ms against 3.9, recall 0.962/0.958).
    index.by_residual = False
    # A hash table from id to list entry: remove_ids and reconstruct by passage id, at any id value.
    index.set_direct_map_type(faiss.DirectMap.Hashtable)  # type: ignore[attr-defined]
    with _all_threads():
        index.train(training)
    _tune(index)
    return index


def _tune(index: Any) -> None:
    """Lists searched per query: enough for recall@10 >= 0.95 against exact search (see the bench)."""
    index.nprobe = int(min(index.nlist, max(8, round(PROBES_PER_SQRT_LISTS * np.sqrt(index.nlist)))))


@contextmanager
def _all_threads() -> Iterator[None]:
    """Bulk work (training, adding many vectors) uses every core; searches go back to one thread."""
    import faiss

    faiss.omp_set_num_threads(os.cpu_count() or 1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(1)
