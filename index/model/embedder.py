"""`Embedder`: the model this process embeds with, loaded on first use, for passages and questions.

It names the vectors the way the database records them (`model_name`), so stored passages embedded by
another model can be recognised, and turns passages into passage and sentence vectors in one call.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import numpy as np

from index.model.encoder import CONTEXT_SUFFIX, Encoder, Progress, stored_model_name
from index.model.encoders import shared_encoder
from index.model.question_batching import BatchingEncoder
from index.settings import CoreSettings


class Embedder:
    def __init__(
        self,
        settings: CoreSettings,
        encoder: Encoder | None = None,
        encoder_factory: Callable[[str], Encoder] | None = None,
    ) -> None:
        self.settings = settings
        self._encoder = encoder
        self._encoder_factory = encoder_factory
        self._encoder_lock = threading.Lock()
        self._question_encoder: BatchingEncoder | None = None

    @property
    def model_name(self) -> str:
        """The name stored with passage vectors: the model's, plus how sentence vectors were made.

        Both built-in encoders pool sentence vectors from the passage's forward pass (`CONTEXT_SUFFIX`);
        an encoder without `encode_passages` embeds each sentence on its own, under its bare name.
        """
        if self._encoder is not None or self._encoder_factory is not None:
            return stored_model_name(self.encoder)
        return self.settings.model + CONTEXT_SUFFIX

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            with self._encoder_lock:
                if self._encoder is None:
                    factory = self._encoder_factory or self._shared_encoder
                    self._encoder = factory(self.settings.model)
        return self._encoder

    def _shared_encoder(self, name: str) -> Encoder:
        bulk_with_torch = self.settings.embed_bulk_with_torch is not False
        return shared_encoder(name, self.settings.home / "models", bulk_with_torch=bulk_with_torch)

    @property
    def question_encoder(self) -> Encoder:
        """The encoder for questions: concurrent askers share its model calls."""
        if self._question_encoder is None or self._question_encoder.encoder is not self.encoder:
            with self._encoder_lock:
                self._question_encoder = BatchingEncoder(self.encoder)
        return self._question_encoder

    def embed(
        self, passages: Sequence[tuple[str, Sequence[tuple[int, int]]]], progress: Progress | None = None
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Passage vectors and sentence vectors, in one batched model call.

        With `encode_passages` each passage is one model input and its sentence vectors are pooled
        from that pass (about half the tokens of embedding every sentence again on its own).
        """
        encoder = self.encoder
        if hasattr(encoder, "encode_passages"):
            return list(encoder.encode_passages([t for t, _ in passages], [s for _, s in passages], progress))
        texts = [text for text, _ in passages]
        for text, spans in passages:
            texts.extend(text[start:end] for start, end in spans)
        vectors = self.encoder.encode(texts, progress)
        result = []
        offset = len(passages)
        for row, (_, spans) in enumerate(passages):
            result.append((vectors[row], vectors[offset : offset + len(spans)]))
            offset += len(spans)
        return result
