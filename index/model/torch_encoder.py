"""`SentenceTransformerEncoder`: the model under torch (sentence-transformers).

It is the fallback when onnxruntime cannot run the model, and the bulk path for large passage batches
in bfloat16 where the CPU multiplies bfloat16 natively (see `has_bfloat16_units`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from index.errors import QabotError
from index.model.encoder import BATCH_SIZE, Progress, Spans, finish_passages, pool_spans, resolve_model_path
from index.model.onnx_graphs import transformers_offline
from index.settings import DEFAULT_MODEL

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

__all__ = ["SentenceTransformerEncoder", "has_bfloat16_units"]

# Passages per forward pass. Sorted by length, smaller batches pad less: on an AMD EPYC with
# AVX512-BF16, 1,024 SQuAD passages (512 a call, interleaved, four rounds) embedded at 99 passages/s
# in batches of 8 or 16, 92 in 32 and 85 in 64 (bfloat16); 57 against 48 in float32 (16 against 64).
PASSAGE_BATCH = 16


class SentenceTransformerEncoder:
    """The model under torch. `bfloat16` computes in bfloat16 (autocast): only where the CPU has
    bfloat16 units (see `has_bfloat16_units`) is that faster; vectors stay within a cosine of 0.9999
    of float32 (measured on SQuAD passages), far below what moves a ranking.
    """

    def __init__(self, name: str = DEFAULT_MODEL, bfloat16: bool = False) -> None:
        transformers_offline()
        from sentence_transformers import SentenceTransformer

        self.name = name
        self.bfloat16 = bfloat16
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
        with self._precision():
            for start in range(0, len(texts), BATCH_SIZE):
                batch = list(texts[start : start + BATCH_SIZE])
                tensor = self._model.encode(
                    batch, batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_tensor=True
                )
                vectors = tensor.float().cpu().numpy()  # bfloat16 rows are unit length only roughly
                chunks.append(vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12))
                if progress is not None:
                    progress(min(start + BATCH_SIZE, len(texts)), len(texts))
        return np.vstack(chunks)

    def _precision(self) -> Any:
        import torch

        return torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.bfloat16)

    def encode_passages(
        self, texts: Sequence[str], spans: Sequence[Spans], progress: Progress | None = None
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each passage's vector and its sentences' vectors, from one forward pass per passage."""
        result: list[tuple[np.ndarray, np.ndarray]] = []
        # sentence-transformers sorts each call's texts by length, so a call holds several batches:
        # less padding than batches cut in the texts' own order (512 texts a call embedded SQuAD
        # passages 8% faster than 256, and as fast as 1,024), while the token embeddings a call
        # returns (at most 512 × 256 tokens × 384 floats, 200 MB) stay bounded.
        step = BATCH_SIZE * 8
        with self._precision():
            for start in range(0, len(texts), step):
                batch = list(texts[start : start + step])
                tokens = self._model.encode(batch, batch_size=PASSAGE_BATCH, output_value="token_embeddings")
                offsets = self._model.tokenizer(
                    batch, return_offsets_mapping=True, truncation=True, max_length=self._model.max_seq_length
                )["offset_mapping"]
                for row, hidden in enumerate(tokens):
                    hidden = hidden.detach().float().cpu().numpy()
                    mean = hidden.mean(axis=0)
                    vector = (mean / max(float(np.linalg.norm(mean)), 1e-12)).astype(np.float32)
                    result.append((vector, pool_spans(hidden, offsets[row], spans[start + row])))
                if progress is not None:
                    progress(min(start + step, len(texts)), len(texts))
        return finish_passages(self, texts, spans, result)


def has_bfloat16_units() -> bool:
    """Does this CPU multiply bfloat16 natively (AMX or AVX512-BF16)? Elsewhere bfloat16 is slower.

    Read from the kernel's CPU flags, so asking costs no torch import; off Linux the answer is no.
    """
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:
        return False
    flags = {flag for line in cpuinfo.splitlines() if line.startswith("flags") for flag in line.split()}
    return bool(flags & {"amx_bf16", "avx512_bf16"})
