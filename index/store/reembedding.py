"""`Reembedder`: passages embedded by another model are embedded again before any index loads them.

A search must never mix two vector spaces; the stored model name says which model made each vector.
This runs at start, before the live index reads the vectors, and is a database write, so it lives here
and not in the index.
"""

from __future__ import annotations

import logging

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from index.model.embedder import Embedder
from index.model.encoder import Progress, offset_progress
from index.store.models import Passage
from index.store.spans import decode_spans

__all__ = ["Reembedder"]

log = logging.getLogger(__name__)

REEMBED_GROUP = 4096  # passages re-embedded per model call and transaction


class Reembedder:
    def __init__(self, sessions: sessionmaker[Session], embedder: Embedder) -> None:
        self._sessions = sessions
        self._embedder = embedder

    def run(self, progress: Progress | None = None) -> None:
        """Passages embedded by another model are re-embedded, so no search mixes two vector spaces."""
        embedder = self._embedder
        with self._sessions() as session:
            stale = session.scalar(
                select(func.count())
                .select_from(Passage)
                .where(Passage.embedding_model != embedder.model_name)
            )
        if not stale:
            return
        log.warning(
            "%d passages were embedded with another model; re-embedding them with %s.",
            stale,
            embedder.model_name,
        )
        done = 0
        # A group at a time, each committed: memory stays bounded at any size, and a start that is
        # stopped half-way resumes with the passages still stale.
        while True:
            with self._sessions.begin() as session:
                passages = session.scalars(
                    select(Passage)
                    .where(Passage.embedding_model != embedder.model_name)
                    .order_by(Passage.id)
                    .limit(REEMBED_GROUP)
                ).all()
                if not passages:
                    return
                embedded = embedder.embed(
                    [(p.text, decode_spans(p.sentence_spans)) for p in passages],
                    offset_progress(progress, done, stale),
                )
                for passage, (vector, sentences) in zip(passages, embedded, strict=True):
                    passage.embedding = vector.tobytes()
                    passage.sentence_embeddings = sentences.tobytes()
                    passage.embedding_model = embedder.model_name
            done += len(passages)
