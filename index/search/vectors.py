"""The vector index behind one small interface (add, remove, search, save, count, ids), and its factory.

The live index only ever sees a `VectorIndex`; `new_vector_index`, `build_vector_index` and
`load_vector_index` pick the implementation. Today that is FAISS (`index.search.faiss_index`): exact
search while small, an IVF index of 8-bit codes above that, chosen by size inside it. A server-side
engine (see docs/scaling.md) would be another implementation behind the same methods.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from index.search.hidden import NOTHING_HIDDEN, Hidden

__all__ = [
    "IndexMeta",
    "VectorIndex",
    "atomic_write",
    "build_vector_index",
    "load_vector_index",
    "new_vector_index",
]


class VectorIndex(Protocol):
    """Normalised vectors under their passage ids, scored by inner product (= cosine similarity)."""

    dimension: int

    @property
    def kind(self) -> str: ...

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None: ...
    def remove(self, ids: np.ndarray) -> None: ...
    def search(
        self, vectors: np.ndarray, k: int, hidden: Hidden = NOTHING_HIDDEN
    ) -> tuple[np.ndarray, np.ndarray]: ...
    def save(self, path: Path) -> None: ...
    def count(self) -> int: ...
    def ids(self) -> np.ndarray: ...
    def memory_bytes(self) -> int: ...


@dataclass(frozen=True)
class IndexMeta:
    """What an index file was built from; a mismatch with the running model means a rebuild."""

    model: str
    dimension: int
    revision: int
    count: int

    def save(self, path: Path) -> None:
        atomic_write(path, json.dumps(self.__dict__).encode())

    @classmethod
    def load(cls, path: Path) -> IndexMeta | None:
        try:
            data = json.loads(path.read_text())
            return cls(str(data["model"]), int(data["dimension"]), int(data["revision"]), int(data["count"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None


def new_vector_index(dimension: int) -> VectorIndex:
    """An empty index; it picks exact or approximate search by its size as vectors are added."""
    from index.search.faiss_index import FaissVectorIndex

    return FaissVectorIndex(dimension)


def build_vector_index(
    dimension: int,
    count: int,
    sample: Callable[[int], np.ndarray],
    batches: Iterable[tuple[np.ndarray, np.ndarray]],
) -> VectorIndex:
    """An index of about `count` vectors added a batch at a time, never all in memory at once.

    `sample(n)` gives n of the vectors (picked at random) for an approximate index to train on.
    """
    from index.search.faiss_index import FaissVectorIndex

    return FaissVectorIndex.build(dimension, count, sample, batches)


def load_vector_index(path: Path, dimension: int) -> VectorIndex | None:
    """The index saved at `path`, or None when it is missing, unreadable or of another dimension."""
    from index.search.faiss_index import FaissVectorIndex

    return FaissVectorIndex.load(path, dimension)


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
        temp = Path(handle.name)
        try:
            handle.write(data)
        except OSError:
            temp.unlink(missing_ok=True)
            raise
    os.replace(temp, path)
