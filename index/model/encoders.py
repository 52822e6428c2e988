"""Which engine runs which work, and one loaded model per process.

`DefaultEncoder`, what a service uses, runs each kind of work where it was measured fastest on a small
CPU: questions on an int8 copy of the ONNX graph, small passage batches on the float32 graph, and bulk
passage batches on torch in bfloat16 where the CPU multiplies bfloat16 natively (AMX or AVX512-BF16).
Both engines carry the model's name, so embeddings stored by one stay valid for the other.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import numpy as np

from index.model.encoder import Encoder, Progress, Spans
from index.model.onnx_encoder import OnnxEncoder
from index.model.torch_encoder import SentenceTransformerEncoder, has_bfloat16_units

__all__ = ["BULK_PASSAGES", "DefaultEncoder", "shared_encoder"]

log = logging.getLogger(__name__)

# From this many passages on, a batch goes to torch in bfloat16 when the CPU has bfloat16 units: it
# embeds SQuAD passages about 1.8 times as fast as the float32 ONNX graph (163-170 against 85-99 a
# second on 2 cores, `make bench`), which repays loading torch (about 3 s) within a few hundred.
BULK_PASSAGES = 512


_shared: dict[tuple[str, bool], Encoder] = {}
_shared_lock = threading.Lock()


def shared_encoder(name: str, models_dir: Path | None = None, *, bulk_with_torch: bool = True) -> Encoder:
    """One loaded model per name per process, shared by every service and in-process CLI command.

    The first load decides how the model runs: with `models_dir` and onnxruntime installed, the ONNX
    export kept there (made on first use); otherwise sentence-transformers. Both give the same vectors.
    """
    with _shared_lock:
        key = (name, bulk_with_torch)
        if key not in _shared:
            _shared[key] = _load_encoder(name, models_dir, bulk_with_torch)
        return _shared[key]


def _load_encoder(name: str, models_dir: Path | None, bulk_with_torch: bool) -> Encoder:
    if models_dir is not None:
        try:
            return DefaultEncoder(name, models_dir, bulk_with_torch=bulk_with_torch)
        except ImportError:
            log.info("onnxruntime is not installed; embedding with sentence-transformers (torch).")
        except Exception as error:  # any model the exporter cannot handle still works under torch
            log.warning("Cannot run %s with onnxruntime (%s); using sentence-transformers.", name, error)
    return SentenceTransformerEncoder(name)


class DefaultEncoder:
    """The model as a service runs it: each kind of work on the engine measured fastest for it.

    - Questions: `OnnxEncoder.encode_questions` (int8 weights).
    - Passages, and anything stored: the float32 ONNX graph; batches of `BULK_PASSAGES` or more go to
      torch in bfloat16 when the CPU has bfloat16 units (torch is imported only then).
    """

    def __init__(self, name: str, models_dir: Path, *, bulk_with_torch: bool = True) -> None:
        self._onnx = OnnxEncoder(name, models_dir)
        self.name = name
        self.dimension = self._onnx.dimension
        # False: never torch (a bot keeps its memory instead, `CoreSettings.embed_bulk_with_torch`).
        self._bulk: SentenceTransformerEncoder | Literal[False] | None = None if bulk_with_torch else False
        self._bulk_lock = threading.Lock()

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        return self._onnx.encode(texts, progress)

    def encode_questions(self, texts: Sequence[str]) -> np.ndarray:
        return self._onnx.encode_questions(texts)

    def encode_passages(
        self, texts: Sequence[str], spans: Sequence[Spans], progress: Progress | None = None
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        bulk = self.bulk_encoder() if len(texts) >= BULK_PASSAGES else None
        if bulk is not None:
            return bulk.encode_passages(texts, spans, progress)
        return self._onnx.encode_passages(texts, spans, progress)

    def bulk_encoder(self) -> SentenceTransformerEncoder | None:
        """The bfloat16 torch encoder for bulk batches (loaded on first call), or None on this CPU."""
        with self._bulk_lock:
            if self._bulk is None:
                self._bulk = False
                try:
                    if has_bfloat16_units():
                        self._bulk = SentenceTransformerEncoder(self.name, bfloat16=True)
                except Exception as error:  # the ONNX graph does the same work, only slower
                    log.warning("Cannot embed in bfloat16 with torch (%s); using onnxruntime.", error)
            return self._bulk or None
