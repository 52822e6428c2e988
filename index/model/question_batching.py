"""Throughput when many people ask at once: question embeddings computed in batches.

`BatchingEncoder` lets concurrent `encode` calls share one model call. There is no timer and no extra
thread: the first caller encodes at once; callers that arrive while a model call runs queue up, and
the next of them encodes the whole queue in one batch. One question alone is never delayed; 32 at once
cost a few model calls instead of 32 (a batch of 32 costs about a quarter of 32 single calls here).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from index.model.encoder import Encoder, Progress

__all__ = ["BatchingEncoder"]

MAX_BATCH = 64


@dataclass
class _Request:
    texts: Sequence[str]
    ready: threading.Event = field(default_factory=threading.Event)
    leads: bool = False
    result: np.ndarray | None = None
    error: BaseException | None = None


class BatchingEncoder:
    """An `Encoder` for questions whose concurrent callers share model calls.

    It has the wrapped encoder's name and dimension, and uses its `encode_questions` where it has one
    (the int8 graph): vectors for asking with, not for storing.
    """

    def __init__(self, encoder: Encoder, max_batch: int = MAX_BATCH) -> None:
        self.encoder = encoder
        # Encoders with a faster way for questions (an int8 graph) offer it as `encode_questions`.
        self._encode: Callable[[Sequence[str]], np.ndarray] = getattr(
            encoder, "encode_questions", encoder.encode
        )
        self.name = encoder.name
        self.dimension = encoder.dimension
        self.max_batch = max_batch
        self._lock = threading.Lock()
        self._queue: list[_Request] = []
        self._busy = False

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Question vectors (`progress`, of the `Encoder` protocol, goes unused: questions are quick)."""
        if len(texts) >= self.max_batch:
            return self._encode(texts)  # many questions at once are a batch already
        request = _Request(texts)
        with self._lock:
            self._queue.append(request)
            if not self._busy:
                self._busy = request.leads = True
        if not request.leads:
            request.ready.wait()
        if request.leads:
            self._encode_queue()
        if request.error is not None:
            raise request.error
        assert request.result is not None
        return request.result

    def _encode_queue(self) -> None:
        """Encodes what is queued (up to `max_batch` texts), then hands the lead to the next in line."""
        with self._lock:
            batch: list[_Request] = []
            size = 0
            while self._queue and (not batch or size + len(self._queue[0].texts) <= self.max_batch):
                batch.append(self._queue.pop(0))
                size += len(batch[-1].texts)
        try:
            vectors = self._encode([text for request in batch for text in request.texts])
        except BaseException as error:
            for request in batch:
                request.error = error
        else:
            offset = 0
            for request in batch:
                request.result = vectors[offset : offset + len(request.texts)]
                offset += len(request.texts)
        with self._lock:
            if self._queue:
                self._queue[0].leads = True
                self._queue[0].ready.set()
            else:
                self._busy = False
        for request in batch:
            request.ready.set()
