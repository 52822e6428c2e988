"""Helpers shared by test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from index.service import QAService, migrate
from index.settings import CoreSettings
from tests.fakes.fake_discord_server import FakeDiscordServer

REPO = Path(__file__).resolve().parent.parent


def open_service(settings: CoreSettings, **options: Any) -> QAService:
    """A service as the entry points build it: the schema migrated first, then the service."""
    migrate(settings)
    return QAService(settings, **options)


def start_qabot(command: str, home: Path, **variables: str) -> subprocess.Popen[str]:
    """A real `qabot COMMAND` process with its own home and only the given settings; its log on stderr."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QABOT_", "TELEGRAM_", "DISCORD_"))}
    env |= {"QABOT_HOME": str(home), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", **variables}
    env |= {"PYTHONUNBUFFERED": "1", "QABOT_LOG_LEVEL": "INFO"}
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", command], cwd=REPO, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def start_discord_bot(home: Path, discord: FakeDiscordServer, **variables: str) -> subprocess.Popen[str]:
    """`qabot discord` against the fake Discord."""
    return start_qabot(
        "discord", home, DISCORD_BOT_TOKEN="a-fake-token", DISCORD_API_BASE_URL=f"{discord.base_url}/api/v10",
        **variables,
    )  # fmt: skip
