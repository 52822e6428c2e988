"""The answering path's read of its candidates: passages with their vectors and their sources' citation
fields, in one query, keeping only what the asking place may see."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from sqlalchemy import Engine, bindparam, select

from index.answer import SourceInfo
from index.search.ranking import Candidate
from index.store.engine import bound_for_answering
from index.store.models import Passage, Source
from index.store.spans import decode_spans
from index.visibility import Visibility

__all__ = ["fetch_candidates"]

# The answering path's one query, built once; `ids` expands to the candidate ids.
_CANDIDATES = (
    select(
        Passage.id, Passage.source_id, Passage.text, Passage.heading, Passage.embedding,
        Passage.sentence_spans, Passage.sentence_embeddings, Passage.continues_before,
        Passage.continues_after, Passage.position, Source.title, Source.author, Source.publisher,
        Source.published, Source.url, Source.collection,
    )
    .join(Source, Source.id == Passage.source_id)
    .where(Passage.id.in_(bindparam("ids", expanding=True)))
)  # fmt: skip


def fetch_candidates(
    engine: Engine, ids: Iterable[int], visibility: Visibility
) -> tuple[list[Candidate], dict[str, SourceInfo]]:
    """The passages `ids` that `visibility` allows, as ranking candidates, and their sources."""
    wanted = list(ids)
    if not wanted:
        return [], {}
    # One query for passages and their sources' citation fields; loading whole `Source` rows read
    # each source's full text too, which was most of an answer's database time at 100k passages.
    # Visibility is checked here, not in the query: given "collection IS NULL", SQLite walked every
    # shared source's passages (20 ms of a 27 ms answer at 100k passages, 2,000 sources).
    with engine.connect() as connection:
        bound_for_answering(connection)
        # Ranking breaks ties by candidate order: keep the passage-id order SQLite's IN lookup gave.
        rows = sorted(connection.execute(_CANDIDATES, {"ids": wanted}).all(), key=lambda row: row.id)
    candidates = []
    sources: dict[str, SourceInfo] = {}
    for row in rows:
        if not visibility.allows(row.collection):
            continue
        if row.source_id not in sources:
            sources[row.source_id] = SourceInfo(
                id=row.source_id, title=row.title, author=row.author, publisher=row.publisher,
                published=row.published, url=row.url, collection=row.collection,
            )  # fmt: skip
        spans = decode_spans(row.sentence_spans)
        sentence_vectors = np.frombuffer(row.sentence_embeddings, dtype=np.float32)
        candidates.append(
            Candidate(
                passage_id=row.id,
                source_id=row.source_id,
                text=row.text,
                heading=row.heading,
                vector=np.frombuffer(row.embedding, dtype=np.float32),
                sentence_spans=spans,
                sentence_vectors=sentence_vectors.reshape(len(spans), -1) if spans else sentence_vectors,
                continues_before=bool(row.continues_before),
                continues_after=bool(row.continues_after),
                position=int(row.position or 0),
            )
        )
    return candidates, sources
