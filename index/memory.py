"""Giving memory back to the operating system after a large change.

Adding a large document parses it, embeds thousands of passages and rebuilds the keyword index: a
gigabyte of short-lived allocations. glibc keeps what was freed for reuse instead of returning it, so
a bot that once took a 5 MB table stayed at 1.4 GB (its idle size is about 400 MB) until it restarted,
and a container's memory limit counts that. `malloc_trim` returns the free pages.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import time
from functools import cache

__all__ = ["release_freed_memory"]

log = logging.getLogger(__name__)


@cache
def _malloc_trim() -> ctypes._NamedFuncPointer | None:
    """glibc's `malloc_trim`, or None where the C library has none (musl, macOS)."""
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def release_freed_memory() -> None:
    """Collects cyclic garbage (a parsed page's tree holds cycles), then returns the C heap's free
    pages to the system; only the collection without glibc."""
    started = time.perf_counter()
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
    log.debug("Freed memory returned to the system in %.0f ms.", (time.perf_counter() - started) * 1000)
