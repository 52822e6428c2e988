"""Questions embedded on threads of their own, so the asking thread can search by words meanwhile.

onnxruntime lets go of the GIL while it runs, so the keyword search and its database read overlap the
model's millisecond or two. As many threads as answers may run at once: concurrent embeddings share
model calls (`BatchingEncoder`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

__all__ = ["embed_beside"]

_POOL = ThreadPoolExecutor(8, thread_name_prefix="qabot-embed")


def embed_beside(embed: Callable[[str], np.ndarray], text: str) -> Future[np.ndarray]:
    """`embed(text)` on a thread of the pool; on this one if no thread can start (a process at its
    thread limit, or ending). The caller must wait for it: an answer queue counts the caller's thread,
    not the pool's, so work left running here would escape its bound."""
    with contextlib.suppress(RuntimeError):
        return _POOL.submit(embed, text)
    embedded: Future[np.ndarray] = Future()
    try:
        embedded.set_result(embed(text))
    except Exception as error:  # raised where the vector is asked for, as from the pool
        embedded.set_exception(error)
    return embedded
