"""`AnswerCache`: the answers to recent questions, for one revision of the knowledge base.

Any change empties it, so a cached answer never quotes a passage that was removed or replaced.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, TypeVar

__all__ = ["AnswerCache"]

T = TypeVar("T")


class AnswerCache(Generic[T]):
    """The last `size` answers by question text, valid for one knowledge-base revision."""

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._answers: OrderedDict[str, T] = OrderedDict()
        self._revision: object = None

    def get(self, question: str, revision: object) -> T | None:
        with self._lock:
            if revision != self._revision:
                return None
            answer = self._answers.get(question)
            if answer is not None:
                self._answers.move_to_end(question)
            return answer

    def put(self, question: str, revision: object, answer: T) -> None:
        if self.size <= 0:
            return
        with self._lock:
            if revision != self._revision:
                self._answers.clear()
                self._revision = revision
            self._answers[question] = answer
            self._answers.move_to_end(question)
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()
            self._revision = None
