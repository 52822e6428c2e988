"""Moving a community's collection to a new place id, sources, passages and all, in one transaction.

A Telegram group upgraded to a supergroup gets a new chat id, so its collection (`telegram:<id>`) and
the ids of its sources (`telegram-<id>-…`) would name a chat that no longer exists: its sources would
no longer be answered from, nor removable by its admins. Each source is stored again under the new
collection's id, its passages (ids, vectors and all) handed over, and the old row dropped. The change
log gets the old id removed and the new one added, so every process's index follows.
"""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from index.store.change_log import log_changes
from index.store.models import ModerationEvent, Passage, Source
from index.visibility import collection_prefix

__all__ = ["move_collection"]

_COPIED = [column.name for column in Source.__table__.columns if column.name not in ("id", "collection")]


def move_collection(session: Session, old: str, new: str, actor: str) -> list[tuple[str, str]]:
    """Moves every source of collection `old` to `new` (renamed with the new prefix); the (old id, new
    id) pairs moved. A source whose new id is taken stays where it was."""
    old_prefix, new_prefix = collection_prefix(old), collection_prefix(new)
    moved = []
    rows = session.execute(select(Source.__table__).where(Source.collection == old).with_for_update()).all()
    for row in rows:
        fields = row._asdict()
        old_id = fields["id"]
        new_id = new_prefix + old_id.removeprefix(old_prefix)
        if session.get(Source, new_id) is not None:
            continue
        copy = {name: fields[name] for name in _COPIED}
        session.execute(insert(Source).values(id=new_id, collection=new, **copy))
        passages = session.scalar(select(func.count()).where(Passage.source_id == old_id)) or 0
        session.execute(update(Passage).where(Passage.source_id == old_id).values(source_id=new_id))
        session.execute(delete(Source).where(Source.id == old_id))
        log_changes(session, (old_id, "remove"), (new_id, "add"))
        session.add(
            ModerationEvent(
                actor=actor, action="move", source_id=new_id, passages_added=passages,
                passages_removed=passages, collection=new,
            )
        )  # fmt: skip
        moved.append((old_id, new_id))
    return moved
