"""What pydantic-settings lets pass without a word: a `.env` line it cannot read, and a setting's name
mistyped. Either left a deployment on a default its operator never chose ("QABOT_TELEGRAM_MODERATOR=…"
gave a bot nobody may moderate), so both stop qabot at start, naming the line or the name."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from dotenv.parser import parse_stream

__all__ = ["known_names", "settings_file_problems"]

_OURS = "QABOT_"
_CLOSE = 0.85  # "QABOT_QUESTION_RETENTION" is QABOT_QUESTION_RETENTION_DAYS; "QABOT_TEST_…" is no setting


def settings_file_problems(known: Iterable[str], env_file: Path = Path(".env")) -> list[str]:
    """Unreadable `.env` lines, and names in the environment or `.env` one letter or word off a
    setting's (`known`)."""
    problems: list[str] = []
    names = set(os.environ)
    if env_file.is_file():
        with env_file.open(encoding="utf-8", errors="replace") as stream:
            for binding in parse_stream(stream):
                if binding.error:
                    problems.append(f"{env_file} line {binding.original.line} cannot be read")
                elif binding.key:
                    names.add(binding.key)
    return problems + _mistyped(names, known)


def _mistyped(names: Iterable[str], known: Iterable[str]) -> list[str]:
    settings = sorted(known)
    found = []
    # pydantic-settings reads names in any case: "qabot_log_level" is QABOT_LOG_LEVEL, no typo.
    for name in sorted(n for n in names if n.upper().startswith(_OURS) and n.upper() not in settings):
        meant = difflib.get_close_matches(name.upper(), settings, n=1, cutoff=_CLOSE)
        if meant:
            found.append(f"{name} is not a setting; did you mean {meant[0]}?")
    return found


def known_names(fields: Mapping[str, object]) -> list[str]:
    return [
        alias
        for field in fields.values()
        if isinstance(alias := getattr(field, "validation_alias", None), str)
    ]
