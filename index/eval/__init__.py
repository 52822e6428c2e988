"""Measuring answer quality over question files and SQuAD, through the `QAService` facade."""

from index.eval.evaluation import evaluate, held_out_rankers, systems
from index.eval.loading import EvalSet, load_eval_file
from index.eval.report import EvalReport

__all__ = ["EvalReport", "EvalSet", "evaluate", "held_out_rankers", "load_eval_file", "systems"]
