"""Every setting a user can set is documented where they look for it: `.env.example` and the README."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.settings import RETIRED_SETTINGS, Settings

REPO = Path(__file__).resolve().parents[2]
# Read by compose.yaml, not by qabot.
COMPOSE_ONLY = {"POSTGRES_PASSWORD"}


def _variables() -> set[str]:
    """The settings a user sets; retired names are read only to stop the start with advice."""
    names = {field.validation_alias for field in Settings.model_fields.values()}
    assert all(isinstance(name, str) for name in names)
    return {str(name) for name in names} - set(RETIRED_SETTINGS)


def test_env_example_lists_every_variable() -> None:
    text = (REPO / ".env.example").read_text()
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))

    assert listed - COMPOSE_ONLY == _variables()


def test_readme_settings_table_lists_every_variable() -> None:
    readme = (REPO / "README.md").read_text()
    section = readme.split("## Settings", 1)[1].split("\n## ", 1)[0]
    rows = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", section, flags=re.MULTILINE))

    assert rows - COMPOSE_ONLY == _variables()


def test_compose_runs_both_bots_on_one_postgresql_database() -> None:
    compose = yaml.safe_load((REPO / "compose.yaml").read_text())
    services = compose["services"]

    assert {"postgres", "telegram", "discord"} <= set(services)
    assert services["telegram"]["command"] == ["telegram"]
    assert services["discord"]["command"] == ["discord"]
    urls = {services[name]["environment"]["DATABASE_URL"] for name in ("telegram", "discord")}
    assert len(urls) == 1 and next(iter(urls)).startswith("postgresql://qabot:")
    # Each bot keeps its own index cache; sharing one /data between processes is not needed.
    volumes = [services[name]["volumes"][0] for name in ("telegram", "discord")]
    assert len(set(volumes)) == 2
