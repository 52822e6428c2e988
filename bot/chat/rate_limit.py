"""One per-person rate limit for every chat front end: a sliding window counter per person and budget.

Questions have their own budget (they cost model time); every other command and button shares a
second one, in which changing the knowledge base costs more than a page of `/sources`. Counts live in
memory, per process (replicas each count on their own). Each person and budget keeps two counts, this
minute's and the last one's, weighted by how much of the last minute the window still covers (the
sliding window counter, as the `limits` library computes it).

They are written here rather than taken from `limits`: its memory storage re-armed a 10 ms timer on
every hit that scanned every key it held, which with 100,000 people in the last two minutes took 60%
of a core. Here, counts older than two minutes are dropped in one pass at most once a minute.

A person over the limit is told so once a minute; the refusals after that say nothing
(`RateLimited.repeated`), so one person's flood cannot spend the chat's send budget on refusals.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from index.errors import QabotError

__all__ = [
    "GROUP_REPLIES_PER_MINUTE", "HEAVY", "LIGHT", "LOOKUP", "QUESTION", "PersonLimits", "RateLimited",
    "RequestKind",
]  # fmt: skip

WINDOW_SECONDS = 60.0
# Suggestions as a moderator types (Discord asks on every keystroke): a budget of their own, so typing
# never uses up the requests that change sources, and a database query each stays bounded.
LOOKUPS_PER_MINUTE = 60
# Replies one person may have the bot post in one group a minute, whatever they asked for: Telegram
# lets a bot send about 20 a minute in a group, and one member using both budgets (10 questions and 30
# other requests) took most of them, leaving the rest of the group waiting or unanswered.
GROUP_REPLIES_PER_MINUTE = 10


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
LOOKUP = RequestKind("lookups")  # a suggestion list (Discord's autocomplete of `/kb remove`)


class SlidingWindows:
    """Counts per key over a sliding minute; thread-safe, and memory follows the last two minutes."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._counts: dict[tuple[str, str], tuple[int, int, int]] = {}  # (window, last one's, this one's)
        self._next_sweep = clock() + WINDOW_SECONDS

    def __len__(self) -> int:
        return len(self._counts)

    def hit(self, key: tuple[str, str], limit: int, cost: int = 1) -> float | None:
        """Counts `cost` against `limit` and returns None; or, counting nothing, the seconds until it
        would fit."""
        now = self._clock()
        window, into = divmod(now, WINDOW_SECONDS)
        with self._lock:
            self._sweep(now, int(window))
            last, this = self._current(key, int(window))
            remaining = (WINDOW_SECONDS - into) / WINDOW_SECONDS  # the last window's weight now
            if last * remaining + this + cost <= limit:
                self._counts[key] = (int(window), last, this + cost)
                return None
        if this + cost <= limit and last:  # the last window's weight falls until the cost fits
            return max(0.0, (remaining - (limit - this - cost) / last) * WINDOW_SECONDS)
        # Only in the next window, as this window's count (then the last one's) weighs less.
        until_next = WINDOW_SECONDS - into
        return until_next + (max(0.0, (1 - (limit - cost) / this) * WINDOW_SECONDS) if this else 0.0)

    def _current(self, key: tuple[str, str], window: int) -> tuple[int, int]:
        stored, last, this = self._counts.get(key, (window, 0, 0))
        if stored == window:
            return last, this
        return (this if stored == window - 1 else 0), 0

    def _sweep(self, now: float, window: int) -> None:
        if now < self._next_sweep:
            return
        self._next_sweep = now + WINDOW_SECONDS
        self._counts = {key: counts for key, counts in self._counts.items() if counts[0] >= window - 1}


class PersonLimits:
    """The limits a front end applies to a person before doing any work for them."""

    def __init__(
        self,
        questions_per_minute: int,
        actions_per_minute: int,
        clock: Callable[[], float] = time.monotonic,
        lookups_per_minute: int = LOOKUPS_PER_MINUTE,
    ) -> None:
        self.windows = SlidingWindows(clock)
        self._limits = {
            QUESTION.budget: questions_per_minute,
            LIGHT.budget: actions_per_minute,
            LOOKUP.budget: lookups_per_minute,
        }

    def check(self, person: str, kind: RequestKind = QUESTION, group: str | None = None) -> None:
        """Counts the request, or raises `RateLimited` saying how long to wait (nothing is counted).
        `group`: the shared chat the reply will be posted in, where one person has a share of its own
        (`GROUP_REPLIES_PER_MINUTE`) whatever the budget: counted for each reply posted there (a
        notice to wait too), and a request it refuses has still been counted against the budget."""
        shared = group is not None and kind.budget != LOOKUP.budget
        limit = self._limits[kind.budget]
        wait = self.windows.hit((kind.budget, person), limit, min(kind.cost, limit))
        if wait is None:
            if shared:
                self.check_group_share(person, group or "")
            return
        what = "questions" if kind.budget == QUESTION.budget else "requests"
        # Ten adds were told "at most 30 requests a minute": each counts as three.
        counted = f", and a change to the sources counts as {kind.cost}" if kind.cost > 1 else ""
        told = self.windows.hit((f"notices:{kind.budget}", person), 1) is not None
        if shared and not told:  # the notice is posted in the group: a reply of the person's share
            self.windows.hit(("group replies", f"{group} {person}"), GROUP_REPLIES_PER_MINUTE)
        raise RateLimited(
            f"You're sending {what} faster than I can keep up with (at most {limit} {what} a minute"
            f"{counted}); please try again in {max(1, math.ceil(round(wait, 6)))} s.",
            repeated=told,
        )

    def check_group_share(self, person: str, group: str) -> None:
        """Counts one reply posted for `person` in `group`, or raises `RateLimited`."""
        wait = self.windows.hit(("group replies", f"{group} {person}"), GROUP_REPLIES_PER_MINUTE)
        if wait is None:
            return
        told = self.windows.hit(("notices:group replies", f"{group} {person}"), 1) is not None
        raise RateLimited(
            f"That's more than I can answer you here for now (at most {GROUP_REPLIES_PER_MINUTE} replies "
            f"a minute, so the others in this group get theirs); please try again in "
            f"{max(1, math.ceil(round(wait, 6)))} s, or ask me in a private chat.",
            repeated=told,
        )
