"""The `qabot eval` command (see its issue); kept light to import so `qabot --help` stays fast."""

from __future__ import annotations

import typer


def eval_command() -> None:
    """Not built yet."""
    raise typer.Exit(3)
