"""Part: how long a user waits for `qabot` itself: --help, sources, and process start to first answer."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

QABOT = Path(sys.executable).parent / "qabot"  # the venv running the benchmark
QUESTION = "Why won't Lukashenko send troops to Ukraine?"


def _seconds(args: list[str], home: Path, repeat: int) -> float:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "QABOT_MODEL"}}
    env["QABOT_HOME"] = str(home)
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([str(QABOT), *args], env=env, capture_output=True, check=True, timeout=600)
        durations.append(time.perf_counter() - started)
    return round(statistics.median(durations), 3)


def cold_start(article_home: Path, exported_models: Path, fresh_home: Path) -> dict[str, Any]:
    if not (article_home / "models").exists():
        (article_home / "models").symlink_to(exported_models.resolve())
    return {
        "help_s": _seconds(["--help"], article_home, 5),
        "sources_s": _seconds(["sources"], article_home, 3),
        "first_answer_s": _seconds(["ask", QUESTION], article_home, 3),
        # A brand-new home: loads the bundled article and exports the model to ONNX once.
        "first_answer_first_ever_s": _seconds(["ask", QUESTION], fresh_home, 1),
    }
