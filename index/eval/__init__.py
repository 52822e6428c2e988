"""Measuring answer quality over question files and SQuAD, through the `QAService` facade."""

from index.eval.conversations import (
    ConversationReport,
    evaluate_conversations,
    is_conversation_file,
    load_conversations,
)
from index.eval.evaluation import evaluate, held_out_rankers, systems
from index.eval.loading import EvalSet, load_eval_file
from index.eval.report import EvalReport

__all__ = [
    "ConversationReport",
    "EvalReport",
    "EvalSet",
    "evaluate",
    "evaluate_conversations",
    "held_out_rankers",
    "is_conversation_file",
    "load_conversations",
    "load_eval_file",
    "systems",
]
