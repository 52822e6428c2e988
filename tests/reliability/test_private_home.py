"""What qabot keeps (what people asked, its keys, its indexes) is readable by its owner alone."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_a_fresh_home_holds_only_owner_only_files(tmp_path: Path) -> None:
    home = tmp_path / "fresh-home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QABOT_", "DATABASE_URL"))}
    env |= {"QABOT_HOME": str(home), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}

    # A question seeds the bundled article, builds the index and exports the model into the home.
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", "Who wrote the article?"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    made = [home, *home.rglob("*")]
    assert {p.name for p in made} >= {"qabot.db", "index"}
    loose = {
        str(p.relative_to(tmp_path)): oct(stat.S_IMODE(p.stat().st_mode))
        for p in made
        if stat.S_IMODE(p.stat().st_mode) & 0o077
    }
    assert loose == {}
