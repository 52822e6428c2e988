"""The index files a process saves and loads again on its next start: the vector index with its meta
data, and the keyword index. The database stays the truth: a file that is missing, damaged, from
another model, another database or ahead of the database is reported and ignored (the caller
rebuilds), and a failed save only costs a rebuild later.

Which database the files were built from is kept beside them (`database`, a key the database keeps):
a database replaced under a kept index folder (a recreated PostgreSQL volume, a restored `qabot.db`)
reuses passage ids for other texts, and its sources were searched by the old ones' vectors and words,
and refused."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from index.search.keyword import KeywordIndex
from index.search.vectors import IndexMeta, VectorIndex, atomic_write, load_vector_index

log = logging.getLogger(__name__)

__all__ = ["SavedIndexes"]


@dataclass(frozen=True)
class SavedIndexes:
    """The files under `folder` for the model `model` of `dimension` dimensions, built from the
    database that `database` (a key made once per database) names."""

    folder: Path
    model: str
    dimension: int
    database: str

    @property
    def database_path(self) -> Path:
        return self.folder / "database"

    def from_this_database(self) -> bool:
        """Whether the files were built from this database (files saved before it was noted: yes)."""
        try:
            noted = self.database_path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return True
        except (OSError, ValueError):
            return False
        return noted == self.database

    def _note_database(self) -> None:
        atomic_write(self.database_path, self.database.encode("ascii"))

    @property
    def vectors_path(self) -> Path:
        return self.folder / f"{_file_safe(self.model)}.faiss"

    @property
    def meta_path(self) -> Path:
        return self.vectors_path.with_suffix(".json")

    @property
    def keywords_path(self) -> Path:
        return self.folder / "keywords"

    def load_vectors(self, revision: int) -> tuple[VectorIndex, int] | None:
        """The saved vector index and the revision it was saved at, if it can be caught up to `revision`."""
        meta = IndexMeta.load(self.meta_path)
        if meta is None:
            return None
        if not self.from_this_database():  # read for the keyword index too: said once, here
            log.warning("The saved indexes were built from another database; rebuilding them from this one.")
            return None
        if meta.model != self.model or meta.dimension != self.dimension:
            log.warning(
                "The saved index was built with %s (%d dimensions), not %s; rebuilding it.",
                meta.model,
                meta.dimension,
                self.model,
            )
            return None
        if meta.revision <= revision:
            vectors = load_vector_index(self.vectors_path, self.dimension)
            if vectors is not None and vectors.count() == meta.count:
                return vectors, meta.revision
        log.warning("The saved index does not match the database; rebuilding it from stored embeddings.")
        return None

    def save_vectors(self, vectors: VectorIndex, revision: int) -> bool:
        """Whether the vector index was saved (a full disk is logged, not raised)."""
        try:
            vectors.save(self.vectors_path)
            IndexMeta(self.model, vectors.dimension, revision, vectors.count()).save(self.meta_path)
            self._note_database()
        except OSError as error:
            log.warning(
                "Could not save the index to %s (answering from memory): %s", self.vectors_path, error
            )
            return False
        return True

    def load_keywords(self) -> tuple[KeywordIndex, int] | None:
        """The saved keyword index and the revision it was saved at; None when missing or unreadable."""
        if not self.from_this_database():
            return None
        try:
            return KeywordIndex.load(self.keywords_path)
        except Exception as error:
            # numpy and json fail on garbled files in many ways (EOFError on an emptied array,
            # tokenize.TokenError on a garbled header): the files are a copy of the database's, so
            # whatever is wrong with them, they are built again.
            log.warning(
                "The saved keyword index is damaged or old (%s: %s); rebuilding it from the database.",
                type(error).__name__, error,
            )  # fmt: skip
            return None

    def save_keywords(self, keywords: KeywordIndex, revision: int) -> None:
        try:
            keywords.save(self.keywords_path, revision)
            self._note_database()
        except OSError as error:
            log.warning("Could not save the keyword index to %s: %s", self.keywords_path, error)


def _file_safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[-100:]
