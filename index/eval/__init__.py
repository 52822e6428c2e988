"""Measuring answer quality over question files and SQuAD, through the `QAService` facade."""

from index.eval.evaluation import EvalReport, EvalSet, evaluate, load_eval_file, systems

__all__ = ["EvalReport", "EvalSet", "evaluate", "load_eval_file", "systems"]
