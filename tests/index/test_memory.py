"""After a large change the process gives back what the change allocated and freed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.memory import _malloc_trim, release_freed_memory


def _resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(_malloc_trim() is None, reason="the C library has no malloc_trim (not glibc)")
def test_memory_freed_inside_the_heap_goes_back_to_the_system() -> None:
    # Blocks below glibc's mmap threshold come from the heap; one kept at its top stops the heap from
    # shrinking on its own, as a long-lived object allocated during an add does.
    blocks = [np.ones(12_000, dtype=np.float64) for _ in range(6_000)]  # 96 KB each, 576 MB in all
    kept = blocks[-1]
    del blocks
    before = _resident_mb()

    release_freed_memory()

    assert before - _resident_mb() > 400, "the freed blocks stayed resident"
    assert kept.sum() == 12_000
