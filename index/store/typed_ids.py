"""An unknown source id, refused naming the id a person likely meant by what they typed ("did you
mean 'kite0'?"). A removal still takes the id exactly as given."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from index.errors import UnknownSource, shown
from index.ingest.documents import ACCEPTED_SUFFIXES

__all__ = ["id_meant", "unknown_source"]

_QUOTES = "`'\"“”‘’<>[]()"


def id_meant(typed: str) -> str:
    """The id `typed` likely stands for: without the quotes, label or file ending it was copied with
    ("`kite0`", "id:kite0", "kite0.", "kite0.md"), in lower case as ids are."""
    text = typed.strip().strip(_QUOTES).rstrip(".,;:!?").strip(_QUOTES)
    if text.lower().startswith(("id:", "id=")):
        text = text[3:].strip().strip(_QUOTES)
    if PurePosixPath(text).suffix.lower() in ACCEPTED_SUFFIXES:
        text = text[: -len(PurePosixPath(text).suffix)]
    return text.lower()


def unknown_source(typed: str, held: Callable[[str], bool]) -> UnknownSource:
    """No source has the id `typed`; naming the id it likely stands for when `held(id)` says one has
    it. Only an id the database can hold is looked up: "BEES\\x00" raised on PostgreSQL."""
    meant = id_meant(typed)
    storable = meant.isascii() and meant.isprintable()
    hint = f"; did you mean {shown(meant)}?" if storable and meant != typed and held(meant) else "."
    return UnknownSource(f"There is no source with the id {shown(typed)}{hint}")
