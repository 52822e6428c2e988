"""Questions embedded on threads of their own, so the asking thread can search by words meanwhile.

onnxruntime lets go of the GIL while it runs, so the keyword search and its database read overlap the
model's millisecond or two. As many threads as answers may run at once: concurrent embeddings share
model calls (`BatchingEncoder`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

__all__ = ["embed_beside"]

_POOL = ThreadPoolExecutor(8, thread_name_prefix="qabot-embed")


def embed_beside(embed: Callable[[str], np.ndarray], text: str) -> Future[np.ndarray]:
    """`embed(text)` on a thread of the pool; on this one if no thread can start (a process at its
    thread limit, or ending). The caller must wait for it: an answer queue counts the caller's thread,
    not the pool's, so work left running here would escape its bound.

    The pool queues the work before it starts a thread, so after a failed start a thread freed later
    may still take it up: whichever copy comes first embeds, the other returns at once.
    """
    embedded: Future[np.ndarray] = Future()
    claimed = threading.Lock()

    def once() -> None:
        if not claimed.acquire(blocking=False):
            return
        try:
            embedded.set_result(embed(text))
        except BaseException as error:  # raised where the vector is asked for
            embedded.set_exception(error)

    try:
        _POOL.submit(once)
    except RuntimeError:
        once()
    return embedded
