"""Who holds a source id, and who may take it over: same collection, and same origin unless asked.

A community's documents get ids that start with its prefix (`index.visibility.collection_prefix`), so
they can never land on a shared source; a document from another file, URL or upload is refused the id
unless `replace` is asked for, and the refusal names the source it would have replaced.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from index.errors import BadDocument
from index.ingest.documents import Document
from index.store.models import Source
from index.visibility import Visibility, collection_prefix

__all__ = [
    "CLAIM_COLUMNS",
    "MAX_SOURCE_ID",
    "Claim",
    "in_collection",
    "page_id_held",
    "stored_id_of",
    "synced_from",
    "visible",
]

MAX_SOURCE_ID = 120  # the column's width
CLAIM_COLUMNS = (Source.id, Source.collection, Source.origin, Source.title, Source.content_hash)


def synced_from(session: Session, folder_origin: str) -> list[str]:
    """The shared sources synced from the folder stored as `folder_origin`: only its own files, as a
    subfolder's were added on their own and a sync never reads them."""
    within = f"{folder_origin}/"
    listed = session.execute(
        select(Source.id, Source.origin).where(
            Source.collection.is_(None), Source.origin.startswith(within, autoescape=True)
        )
    ).all()
    return [source_id for source_id, origin in listed if "/" not in (origin or "")[len(within) :]]


def visible(query: Any, visibility: Visibility) -> Any:
    """`query` (over `Source`) narrowed to the sources `visibility` allows."""
    if visibility.everything:
        return query
    if visibility.community is None:
        return query.where(Source.collection.is_(None))
    return query.where(or_(Source.collection.is_(None), Source.collection == visibility.community))


def stored_id_of(session: Session, origin: str | None, collection: str | None, named: str) -> str | None:
    """The id of the source `collection` (None: the shared ones) holds from `origin`, if any: a page
    fetched again keeps it, also when it was named otherwise then (by its front matter, in releases
    before pages were named by their address). Of several, `named` if it is one, else the oldest."""
    if origin is None:
        return None
    held = Source.collection.is_(None) if collection is None else Source.collection == collection
    ids = session.scalars(
        select(Source.id).where(Source.origin == origin, held).order_by(Source.added_at, Source.id)
    ).all()
    if collection is not None and not named.startswith(prefix := collection_prefix(collection)):
        named = (prefix + named)[:MAX_SOURCE_ID]  # as `in_collection` will name it
    return named if named in ids else next(iter(ids), None)


def page_id_held(
    session: Session, origin: str | None, asked_for: str | None, collection: str | None, named: str
) -> tuple[str | None, bool]:
    """The id a fetched page keeps (`stored_id_of` its `origin`), and whether it replaces that source
    on purpose: when redirects led the address asked for elsewhere (http → https, a moved path), the
    source added from that very address is the same page, replaced rather than refused as another's."""
    held = stored_id_of(session, origin, collection, named)
    if held is not None or asked_for is None:
        return held, False
    moved = stored_id_of(session, asked_for, collection, named)
    return moved, moved is not None


@dataclass(frozen=True)
class Claim:
    """Who holds a source id: which collection, from which origin."""

    id: str
    collection: str | None
    origin: str | None
    title: str | None
    content_hash: str

    @classmethod
    def of(cls, source: Source) -> Claim:
        return cls(source.id, source.collection, source.origin, source.title, source.content_hash)

    def check(self, document: Document, collection: str | None, replace: bool) -> None:
        """Refuses a document that would take this id from another collection or, unasked, origin."""
        name = f'"{self.title}" ({self.id})' if self.title else self.id
        if self.collection is None and collection is not None:
            raise BadDocument(
                f"The id {self.id} is taken by {name} in the shared knowledge base; give this document "
                "another id (id=…)."
            )
        if self.collection != collection:  # nothing of what a community keeps is told to anyone else
            raise BadDocument(
                f"The id {self.id} is taken in another community; give this document another id (id=…)."
            )
        # Sources stored before origins were recorded (None) may be replaced from anywhere once, and
        # uploads stored before their origin named the sender by a file of the same name.
        if self.origin is not None and self.origin != document.origin and not replace:
            if _unsigned_upload(self.origin) and _upload_name(document.origin) == _upload_name(self.origin):
                return
            stored, this = shown_origin(self.origin), shown_origin(document.origin)
            if stored == this:  # the same file name from another sender, whose id is not shown
                stored, this = f"another {stored.removeprefix('an ')}", "this one"
            raise BadDocument(
                f"The id {self.id} already belongs to {name}, added from {stored}, not from {this}. To "
                "replace it on purpose, add this document again with --replace (CLI), replace=yes "
                "(Telegram) or replace: True (Discord); to keep both, give this one another id."
            )


def shown_origin(origin: str | None) -> str:
    """Where a source came from, as a refusal names it: an upload by its file name only (its origin
    also names who sent it, by an id that is no one else's business)."""
    if origin and origin.startswith(UPLOAD):
        return f"an upload named {_upload_name(origin)!r}"
    return repr(origin[:120]) if origin else "an unknown place"


UPLOAD = "upload:"


def _upload_name(origin: str | None) -> str | None:
    """The file name of an upload's origin (`upload:<sender>:<name>`, or `upload:<name>` before the
    sender was recorded); None for any other origin."""
    if not origin or not origin.startswith(UPLOAD):
        return None
    return origin.rsplit(":", 1)[-1]


def _unsigned_upload(origin: str) -> bool:
    return origin.startswith(UPLOAD) and origin.count(":") == 1


def in_collection(document: Document, collection: str | None) -> Document:
    """A community's document under an id that starts with the community's prefix."""
    if collection is None:
        return document
    prefix = collection_prefix(collection)
    if document.id.startswith(prefix):
        return document
    return replace(document, id=(prefix + document.id)[:MAX_SOURCE_ID])
