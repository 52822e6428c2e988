"""What the live index reads from the database: the change log, passages' vectors and texts, in batches.

The database is the truth the indexes are built from and caught up with. Everything large is read a
batch at a time (a million rows held at once cost gigabytes), and nothing reads a passage's vector or
text unless an index needs it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from index.search.keyword import PassageText
from index.store.change_log import covers
from index.store.engine import bound_for_answering
from index.store.models import Change, Passage, Source
from index.store.spans import decode_spans

__all__ = [
    "BATCH",
    "Changes",
    "SourcePassages",
    "changes_since",
    "community_passages",
    "current_revision",
    "passages_by_id",
    "passages_of_sources",
    "source_collections",
    "source_passages",
    "stored_texts",
    "stored_vectors",
    "training_sample",
]

BATCH = 10_000  # rows read at a time
IDS_PER_QUERY = 500  # ids in one IN (...) list

SourcePassages = dict[str, list[int]]
# What the indexes take from a passage: its vector, and its text with its source's title.
_COLUMNS = (
    Passage.id,
    Passage.embedding,
    Passage.text,
    Source.title,
    Passage.heading,
    Passage.sentence_spans,
)


@dataclass(frozen=True)
class Changes:
    revision: int  # the latest revision seen
    sources: list[str]  # the sources changed since the revision asked about
    complete: bool = True  # False: the log no longer reaches back to that revision (`change_log`)


def current_revision(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.coalesce(func.max(Change.revision), 0))) or 0)


def changes_since(sessions: sessionmaker[Session], revision: int) -> Changes:
    with sessions() as session:
        bound_for_answering(session)  # every refresh before a question reads it
        rows = session.execute(
            select(Change.revision, Change.source_id).where(Change.revision > revision)
        ).all()
        complete = covers(session, revision)
    latest = max((row.revision for row in rows), default=revision)
    return Changes(latest, sorted({r.source_id for r in rows}), complete)


def source_passages(engine: Engine) -> SourcePassages:
    """Every passage id, by the source it belongs to."""
    owned: SourcePassages = {}
    with engine.connect() as connection:
        result = connection.execution_options(yield_per=BATCH * 10).execute(
            select(Passage.id, Passage.source_id)
        )
        for batch in result.partitions():
            for passage_id, source_id in batch:
                owned.setdefault(source_id, []).append(passage_id)
    return owned


def source_collections(engine: Engine, sources: Sequence[str] | None = None) -> dict[str, str]:
    """The community collection of every source that belongs to one (of `sources`, when given)."""
    query = select(Source.id, Source.collection).where(Source.collection.is_not(None))
    if sources is None:
        with engine.connect() as connection:
            return {row.id: row.collection for row in connection.execute(query)}
    return {row.id: row.collection for rows in _batched(engine, query, Source.id, sources) for row in rows}


def community_passages(engine: Engine) -> dict[int, str]:
    """The collection of every passage that belongs to a community's collection."""
    query = select(Passage.id, Source.collection).join(Source).where(Source.collection.is_not(None))
    with engine.connect() as connection:
        return {row.id: row.collection for row in connection.execute(query)}


def stored_vectors(engine: Engine, dimension: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(ids, vectors) of every passage, a batch at a time."""
    with engine.connect() as connection:
        result = connection.execution_options(yield_per=BATCH).execute(select(Passage.id, Passage.embedding))
        for batch in result.partitions():
            yield _vectors(batch, dimension)


def training_sample(engine: Engine, ids: np.ndarray, size: int, dimension: int) -> np.ndarray:
    """The vectors of `size` passages picked at random among `ids` (the same ones every time)."""
    picked = np.sort(np.random.default_rng(0).choice(ids, min(size, len(ids)), replace=False))
    parts = [
        _vectors(rows, dimension)[1]
        for rows in _by_ids(engine, select(Passage.id, Passage.embedding), picked.tolist())
    ]
    return np.concatenate([np.zeros((0, dimension), dtype=np.float32), *parts])


def stored_texts(engine: Engine) -> Iterator[PassageText]:
    """Every passage as the keyword index takes it, in id order, a batch at a time."""
    query = (
        select(Passage.id, Passage.text, Source.title, Passage.heading, Passage.sentence_spans)
        .join(Source)
        .order_by(Passage.id)
    )
    with engine.connect() as connection:
        for batch in connection.execution_options(yield_per=BATCH).execute(query).partitions():
            yield from (_text(row) for row in batch)


def passages_by_id(
    engine: Engine, ids: Sequence[int], dimension: int
) -> Iterator[tuple[np.ndarray, np.ndarray, list[PassageText]]]:
    """(ids, vectors, texts) of the given passages, a query's worth at a time."""
    for rows in _by_ids(engine, select(*_COLUMNS).join(Source), ids):
        found, vectors = _vectors(rows, dimension)
        yield found, vectors, [_text(row) for row in rows]


def passages_of_sources(
    engine: Engine, sources: Sequence[str], dimension: int
) -> Iterator[tuple[np.ndarray, np.ndarray, list[PassageText], list[str]]]:
    """(ids, vectors, texts, source ids) of the given sources' passages, a query's worth at a time.

    A batch of sources per query: after a bulk add, a query per source was a thousand round trips.
    """
    query = select(*_COLUMNS, Passage.source_id).join(Source)
    for rows in _batched(engine, query, Passage.source_id, sources):
        found, vectors = _vectors(rows, dimension)
        yield found, vectors, [_text(row[:-1]) for row in rows], [row[-1] for row in rows]


def _by_ids(engine: Engine, query: Any, ids: Sequence[int]) -> Iterator[Sequence[Any]]:
    return _batched(engine, query, Passage.id, ids)


def _batched(engine: Engine, query: Any, column: Any, values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    with engine.connect() as connection:
        for start in range(0, len(values), IDS_PER_QUERY):
            rows = connection.execute(query.where(column.in_(values[start : start + IDS_PER_QUERY]))).all()
            if rows:
                yield rows


def _vectors(rows: Sequence[Any], dimension: int) -> tuple[np.ndarray, np.ndarray]:
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    vectors = np.frombuffer(b"".join(row[1] for row in rows), dtype=np.float32)
    return ids, vectors.reshape(len(rows), dimension)


def _text(row: Sequence[Any]) -> PassageText:
    """A row ending in (…, text, title, heading, sentence spans), with the passage id first."""
    passage_id, text, title, heading, spans = row[0], row[-4], row[-3], row[-2], row[-1]
    # Title and heading count as the passage's words: questions name the subject a passage omits.
    return passage_id, text, " ".join(filter(None, (title, heading))), decode_spans(spans)
