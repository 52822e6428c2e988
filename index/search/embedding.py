"""Questions embedded beside the asking thread, so it can search by words meanwhile.

onnxruntime lets go of the GIL while it runs, so the keyword search and its database read overlap the
model's millisecond or two. That only pays while a core is idle: when another question is being
embedded already, this one is embedded on the asking thread, as before, where concurrent questions
share model calls (`BatchingEncoder`). With 32 concurrent askers, embedding every question on a pool
took throughput from about 180 to 125-160 answers a second.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

__all__ = ["embed_beside"]

_POOL = ThreadPoolExecutor(2, thread_name_prefix="qabot-embed")
_lock = threading.Lock()
# Embeddings under way, on the pool or on asking threads. Counted here rather than asked of the
# encoder (`BatchingEncoder` knows when a model call runs): it learns of an embedding only once its
# call starts, so two questions arriving together would both have gone to the pool.
_beside = 0


def embed_beside(embed: Callable[[str], np.ndarray], text: str) -> Future[np.ndarray]:
    """`embed(text)` on a thread of the pool while no other embedding runs there; otherwise, or if no
    thread can start, on this one. The caller must wait for it: an answer queue counts the caller's
    thread, not the pool's, so work left running here would escape its bound.

    The pool queues the work before it starts a thread, so after a failed start a thread freed later
    may still take it up: whichever copy comes first embeds, the other returns at once.
    """
    global _beside
    embedded: Future[np.ndarray] = Future()
    claimed = threading.Lock()

    def once() -> None:
        global _beside
        if not claimed.acquire(blocking=False):
            return
        try:
            embedded.set_result(embed(text))
        except BaseException as error:  # raised where the vector is asked for
            embedded.set_exception(error)
        finally:
            with _lock:
                _beside -= 1

    with _lock:
        alone = _beside == 0
        _beside += 1
    if not alone:
        once()
        return embedded
    try:
        _POOL.submit(once)
    except RuntimeError:
        once()
    return embedded
