"""`ChangeResult`: what a change to the knowledge base did, as the person who asked for it reads it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from index.ingest.documents import Document

__all__ = ["ChangeResult", "credit_of", "passages"]


@dataclass(frozen=True)
class ChangeResult:
    source_id: str
    title: str | None
    action: Literal["added", "replaced", "unchanged", "removed"]
    passages_added: int = 0
    passages_removed: int = 0
    # How every quote from it will be credited (author · publisher · date · link): a fetched page names
    # its own author and publisher, and whoever added it should see what that page claims.
    credit: str | None = None

    def describe(self) -> str:
        name = f"{self.source_id}" + (f' ("{self.title}")' if self.title else "")
        if self.action == "unchanged":
            return f"{name}: unchanged, already in the knowledge base."
        if self.action == "removed":
            return f"Removed {name}: {passages(self.passages_removed)}."
        verb = "Added" if self.action == "added" else "Replaced"
        extra = f", {self.passages_removed} removed" if self.passages_removed else ""
        credit = f"\nCredited as: {self.credit}" if self.credit else ""
        return f"{verb} {name}: {passages(self.passages_added)}{extra}.{credit}"


def credit_of(document: Document) -> str | None:
    """How every quote from the document will be credited: author · publisher · date · link."""
    published = document.published.isoformat() if document.published else None
    return " · ".join(p for p in (document.author, document.publisher, published, document.url) if p) or None


def passages(count: int) -> str:
    """ "1 passage", "53 passages"."""
    return "1 passage" if count == 1 else f"{count} passages"
