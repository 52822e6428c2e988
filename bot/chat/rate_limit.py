"""One per-person rate limit for every chat front end, on the `limits` library's sliding window.

Questions have their own budget (they cost model time); every other command and button shares a
second one, in which changing the knowledge base costs more than a page of `/sources`. Counts live in
memory, per process (replicas each count on their own). The sliding window counter keeps two counts per
person and budget, dropped once they expire: the moving window's storage keeps a key for every person
it ever saw (100,000 people who asked once stayed in memory for good).

A person over the limit is told so once a minute; the refusals after that say nothing
(`RateLimited.repeated`), so one person's flood cannot spend the chat's send budget on refusals.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import SlidingWindowCounterRateLimiter

from index.errors import QabotError

__all__ = ["HEAVY", "LIGHT", "QUESTION", "PersonLimits", "RateLimited", "RequestKind"]


class RateLimited(QabotError):
    """Too many requests from one person; the message says how long to wait. `repeated`: the person
    was already told within the last minute, so a chat message need not say it again."""

    def __init__(self, message: str, repeated: bool = False) -> None:
        super().__init__(message)
        self.repeated = repeated


@dataclass(frozen=True)
class RequestKind:
    """A kind of request: which budget it draws on, and how much of it one request takes."""

    budget: str
    cost: int = 1


QUESTION = RequestKind("questions")
LIGHT = RequestKind("actions")  # a page of /sources, /help, a button
HEAVY = RequestKind("actions", cost=3)  # adding or removing a source: parsing, embedding, writing


class PersonLimits:
    """The limits a front end applies to a person before doing any work for them."""

    def __init__(self, questions_per_minute: int, actions_per_minute: int) -> None:
        self._limiter = SlidingWindowCounterRateLimiter(MemoryStorage())
        self._items = {
            QUESTION.budget: RateLimitItemPerMinute(questions_per_minute),
            LIGHT.budget: RateLimitItemPerMinute(actions_per_minute),
        }
        self._notices = RateLimitItemPerMinute(1)

    def check(self, person: str, kind: RequestKind = QUESTION) -> None:
        """Counts the request, or raises `RateLimited` saying how long to wait (nothing is counted)."""
        item = self._items[kind.budget]
        cost = min(kind.cost, item.amount)
        if self._limiter.hit(item, kind.budget, person, cost=cost):
            return
        reset_at = self._limiter.get_window_stats(item, kind.budget, person).reset_time
        wait = max(1, math.ceil(reset_at - time.time()))
        what = "questions" if kind.budget == QUESTION.budget else "requests"
        told = not self._limiter.hit(self._notices, "notices", kind.budget, person)
        raise RateLimited(
            f"You're sending {what} faster than I can keep up with (at most {item.amount} {what} a minute); "
            f"please try again in {wait} s.",
            repeated=told,
        )
