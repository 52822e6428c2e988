"""Finding and ranking passages: the live vector and keyword indexes, ranking, and quoted answers."""

from index.search.answering import Answerer, PreparedQuestion
from index.search.index_state import IndexState
from index.search.keyword import KeywordIndex, KeywordMatch
from index.search.live_index import LiveIndex
from index.search.question_text import MAX_QUESTION_CHARS, clean_question
from index.search.ranker import Ranker, RankerFileError, hand_tuned, load_ranker
from index.search.ranking import Candidate, Ranked, RetrievalConfig, rank
from index.search.spelling import SpellingCorrector
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
    "PreparedQuestion",
    "Ranked",
    "Ranker",
    "RankerFileError",
    "RetrievalConfig",
    "SpellingCorrector",
    "VectorIndex",
    "build_vector_index",
    "clean_question",
    "hand_tuned",
    "load_ranker",
    "load_vector_index",
    "new_vector_index",
    "rank",
]
