"""Finding and ranking passages: the live vector and keyword indexes, ranking, and quoted answers."""

from index.search.answering import MAX_QUESTION_CHARS, Answerer, clean_question
from index.search.keyword import KeywordIndex, KeywordMatch
from index.search.live_index import IndexState, LiveIndex
from index.search.ranking import Candidate, Ranked, RetrievalConfig, rank
from index.search.vectors import (
    IndexMeta,
    VectorIndex,
    build_vector_index,
    load_vector_index,
    new_vector_index,
)

__all__ = [
    "MAX_QUESTION_CHARS",
    "Answerer",
    "Candidate",
    "IndexMeta",
    "IndexState",
    "KeywordIndex",
    "KeywordMatch",
    "LiveIndex",
    "Ranked",
    "RetrievalConfig",
    "VectorIndex",
    "build_vector_index",
    "clean_question",
    "load_vector_index",
    "new_vector_index",
    "rank",
]
