"""Bringing indexes saved at some revision of the change log to what the database holds now.

A start loads the saved vector and keyword indexes (each saved at a revision of its own), and a keyword
index built in the background was read at the revision it started from; `catch_up` then applies what
changed since to each, reading only the passages they lack or hold stale.
"""

from __future__ import annotations

from itertools import chain

import numpy as np
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from index.search.index_state import IndexState
from index.search.keyword import PassageText
from index.search.stored_passages import SourcePassages, changes_since, passages_by_id

__all__ = ["catch_up"]


def catch_up(
    engine: Engine,
    sessions: sessionmaker[Session],
    state: IndexState,
    vectors_since: int | None,
    keywords_since: int | None,
    stored: np.ndarray,
    vector_ids: np.ndarray,
) -> tuple[bool, bool]:
    """Brings `state`'s indexes, saved at the given revisions (None: already current), to the database
    holding the passages `stored`; whether each changed. `vector_ids`: the passages the vectors hold."""
    vectors_stale, vectors_new = _plan(sessions, vector_ids, vectors_since, stored, state.source_passages)
    keywords_stale, keywords_new = _plan(
        sessions,
        state.keywords.live_ids() if keywords_since is not None else vector_ids[:0],
        keywords_since,
        stored,
        state.source_passages,
    )
    state.vectors.remove(vectors_stale)
    texts: list[PassageText] = []
    wanted = np.union1d(vectors_new, keywords_new)
    for ids, vectors, batch in passages_by_id(engine, wanted.tolist(), state.vectors.dimension):
        for_vectors = np.isin(ids, vectors_new)
        state.vectors.add(ids[for_vectors], vectors[for_vectors])
        texts.extend(text for text, keep in zip(batch, np.isin(ids, keywords_new), strict=True) if keep)
    if len(keywords_stale) or texts:
        collections = state.passage_collections()
        state.keywords.update(removed=keywords_stale.tolist(), added=texts, collections=collections)
    return bool(len(vectors_stale) or len(vectors_new)), bool(len(keywords_stale) or texts)


def _plan(
    sessions: sessionmaker[Session],
    live: np.ndarray,
    since: int | None,
    stored: np.ndarray,
    owned: SourcePassages,
) -> tuple[np.ndarray, np.ndarray]:
    """(ids to remove, ids to add) that bring an index holding `live`, saved at revision `since`,
    to the database: passages it no longer has go, passages an index lacks come in, and so do those
    of every source changed since (a removed passage's id can come back with another text)."""
    if since is None:
        return live[:0], live[:0]
    sources = changes_since(sessions, since).sources
    changed = np.fromiter(chain.from_iterable(owned.get(s, ()) for s in sources), dtype=np.int64)
    stale = live[~np.isin(live, stored) | np.isin(live, changed)]
    return stale, np.union1d(stored[~np.isin(stored, live)], changed)
