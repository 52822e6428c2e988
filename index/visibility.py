"""Which sources a place may be answered from: the shared knowledge base, plus a community's own.

A community collection (e.g. `discord:123` for one Discord server, `telegram:-100456` for one
Telegram group) is kept by that community's administrators and answered from only there; the shared
knowledge base is answered from everywhere. Sources of a collection get ids that start with the
collection's prefix, so no community can take over a shared source's id or another community's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["EVERYWHERE", "SHARED_ONLY", "Visibility", "collection_prefix"]

_UNSAFE = re.compile(r"[^a-z0-9]+")


def collection_prefix(collection: str) -> str:
    """`discord:123` -> `discord-123-`: the start of every source id of that collection."""
    return _UNSAFE.sub("-", collection.lower()).strip("-") + "-"


@dataclass(frozen=True)
class Visibility:
    """The shared knowledge base plus at most one community's collection (`everything`: the operator)."""

    community: str | None = None
    everything: bool = False

    def allows(self, collection: str | None) -> bool:
        return self.everything or collection is None or collection == self.community


SHARED_ONLY = Visibility()
EVERYWHERE = Visibility(everything=True)
