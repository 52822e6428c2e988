"""The database: engine and migrations, the schema, knowledge-base writes and question records."""

from index.store.engine import make_engine, make_sessionmaker, require_current_schema, upgrade
from index.store.knowledge_base import ChangeResult, KnowledgeBase
from index.store.models import Change, ModerationEvent, Passage, QuestionRecord, Source
from index.store.questions import Asker, QuestionLog, Stats
from index.store.reembedding import Reembedder
from index.store.spans import decode_spans, encode_spans

__all__ = [
    "Asker",
    "Change",
    "ChangeResult",
    "KnowledgeBase",
    "ModerationEvent",
    "Passage",
    "QuestionLog",
    "QuestionRecord",
    "Reembedder",
    "Source",
    "Stats",
    "decode_spans",
    "encode_spans",
    "make_engine",
    "make_sessionmaker",
    "require_current_schema",
    "upgrade",
]
