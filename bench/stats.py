"""Small measuring helpers shared by the benchmark's parts."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import numpy as np

T = TypeVar("T")


def percentiles_ms(seconds: Sequence[float]) -> dict[str, float]:
    values = np.asarray(seconds) * 1000
    return {f"p{q}": round(float(np.percentile(values, q)), 2) for q in (50, 95, 99)}


def timed(call: Callable[[T], object], items: Iterable[T]) -> list[float]:
    """Seconds for `call(item)`, one per item."""
    durations = []
    for item in items:
        started = time.perf_counter()
        call(item)
        durations.append(time.perf_counter() - started)
    return durations


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux reports KiB


def run_part(module: str, *args: str, timeout: float = 3600) -> dict[str, Any]:
    """Runs `python -m module args` in its own process (own peak RSS) and returns the JSON it prints last."""
    completed = subprocess.run(
        [sys.executable, "-m", module, *args], capture_output=True, text=True, timeout=timeout, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(args)} failed:\n{completed.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result
