"""The vector index behind one small interface (add, remove, search, save, load, count).

`FaissVectorIndex` keeps normalised vectors under their passage ids, scored by inner product
(= cosine similarity), so a source's passages can be added and removed without a rebuild.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np


class VectorIndex(Protocol):
    dimension: int

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None: ...
    def remove(self, ids: np.ndarray) -> None: ...
    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]: ...
    def vectors_for(self, ids: np.ndarray) -> np.ndarray: ...
    def save(self, path: Path) -> None: ...
    def count(self) -> int: ...


@dataclass(frozen=True)
class IndexMeta:
    """What an index file was built from; a mismatch with the running model means a rebuild."""

    model: str
    dimension: int
    revision: int
    count: int

    def save(self, path: Path) -> None:
        _atomic_write(path, json.dumps(self.__dict__).encode())

    @classmethod
    def load(cls, path: Path) -> IndexMeta | None:
        try:
            data = json.loads(path.read_text())
            return cls(str(data["model"]), int(data["dimension"]), int(data["revision"]), int(data["count"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None


class FaissVectorIndex:
    def __init__(self, dimension: int) -> None:
        import faiss

        # One OpenMP thread: single-query searches are far faster without thread start-up (measured).
        faiss.omp_set_num_threads(1)
        self.dimension = dimension
        self._index = faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids):
            self._index.add_with_ids(
                np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64)
            )

    def remove(self, ids: np.ndarray) -> None:
        if len(ids):
            self._index.remove_ids(np.asarray(ids, dtype=np.int64))

    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        k = max(1, min(k, self.count()))
        scores, ids = self._index.search(np.ascontiguousarray(vectors, dtype=np.float32), k)
        return scores, ids

    def vectors_for(self, ids: np.ndarray) -> np.ndarray:
        return (
            np.vstack([self._index.reconstruct(int(i)) for i in ids])
            if len(ids)
            else np.zeros((0, self.dimension), dtype=np.float32)
        )

    def count(self) -> int:
        return int(self._index.ntotal)

    def save(self, path: Path) -> None:
        import faiss

        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
            temp = Path(handle.name)
        try:
            faiss.write_index(self._index, str(temp))
            os.replace(temp, path)
        finally:
            temp.unlink(missing_ok=True)

    @classmethod
    def load(cls, path: Path, dimension: int) -> FaissVectorIndex | None:
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
        index = cls(dimension)
        index._index = faiss.IndexIDMap2(raw) if not isinstance(raw, faiss.IndexIDMap2) else raw
        return index


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
        handle.write(data)
        temp = Path(handle.name)
    os.replace(temp, path)
