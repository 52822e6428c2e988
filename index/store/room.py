"""How much a community's collection may still take.

Anyone can make a group or server and administer it, so what one community keeps is bounded
(`QABOT_COMMUNITY_MAX_SOURCES`, `QABOT_COMMUNITY_MAX_PASSAGES`), and so are what one person keeps in
all of them (the same number of passages) and what all of them keep together
(`QABOT_COMMUNITIES_MAX_PASSAGES`): one person can make any number of servers, and every
process holds every collection's passages in its indexes. The bound is checked once the documents
are cut into passages and before any is embedded: one 5 MB upload can be 12,000 passages, ten minutes
of this machine's model time, and it is refused before that time is spent. A source counts as at least
its text's length in passages (`passages_counted`): its whole text is stored with it, and one sentence
followed by 5 MB of emoji was one passage and 25 MB of database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from index.errors import CollectionFull
from index.ingest.chunking import MAX_PASSAGE_CHARS
from index.store.models import Passage, Source

__all__ = ["CollectionLimits", "check_room", "collection_size", "passages_counted"]


@dataclass(frozen=True)
class CollectionLimits:
    max_sources: int
    max_passages: int
    max_all_passages: int | None = None  # every community's collection together


def passages_counted(passages: int, body: str) -> int:
    """The room a source takes: its passages, or its text's length in full passages if that is more."""
    return max(passages, -(-len(body) // MAX_PASSAGE_CHARS))


def collection_size(session: Session, collection: str) -> tuple[int, int]:
    """How many sources and passages the community's collection holds."""
    sources = session.scalar(select(func.count(Source.id)).where(Source.collection == collection))
    passages = session.scalar(
        select(func.count(Passage.id)).join(Source).where(Source.collection == collection)
    )
    return int(sources or 0), int(passages or 0)


def check_room(
    session: Session,
    collection: str,
    limits: CollectionLimits,
    adding: Mapping[str, int],
    actor: str | None = None,
) -> None:
    """`CollectionFull` unless the collection stays within `limits` once `adding` (source id → the
    passages it counts as, `passages_counted`) is stored; a source replaced gives back the passages
    it holds now. What `actor` keeps in every community's collection together is bounded like one
    collection: one person with twenty servers of their own filled the room every community shares."""
    sources, passages = collection_size(session, collection)
    replaced = {
        source_id: int(count)
        for source_id, count in session.execute(
            select(Source.id, func.count(Passage.id))
            .outerjoin(Passage)
            .where(Source.collection == collection, Source.id.in_(list(adding)))
            .group_by(Source.id)
        )
    }
    sources_after = sources + len(adding.keys() - replaced.keys())
    passages_after = passages - sum(replaced.values()) + sum(adding.values())
    if sources_after > limits.max_sources or passages_after > limits.max_passages:
        raise CollectionFull(
            f"That would make this collection {sources_after} sources and {passages_after} passages; it "
            f"may hold at most {limits.max_sources} and {limits.max_passages} (it holds {sources} and "
            f"{passages} now). Remove a source, or add a shorter document."
        )
    if actor is not None:
        theirs = int(
            session.scalar(
                select(func.count(Passage.id))
                .join(Source)
                .where(
                    Source.collection.is_not(None), Source.added_by == actor, Source.id.not_in(list(adding))
                )
            )
            or 0
        )
        if theirs + sum(adding.values()) > limits.max_passages:
            raise CollectionFull(
                f"That would make what you keep in communities' collections {theirs + sum(adding.values())} "
                f"passages; one person may keep at most {limits.max_passages} in all of them together "
                f"(you keep {theirs} now). Remove one of your sources, or add a shorter document."
            )
    if limits.max_all_passages is not None:
        everyone = int(
            session.scalar(select(func.count(Passage.id)).join(Source).where(Source.collection.is_not(None)))
            or 0
        )
        if everyone - sum(replaced.values()) + sum(adding.values()) > limits.max_all_passages:
            raise CollectionFull(  # what other communities hold is not this one's business
                "Communities' own collections are full: this bot keeps no more of their passages. "
                "Ask the bot's operator, or remove a source first."
            )
