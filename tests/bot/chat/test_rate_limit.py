"""One person's burst is refused with how long to wait; other people and other budgets go on."""

from __future__ import annotations

import time

import limits.storage.memory as memory_storage
import pytest

from bot.chat.rate_limit import HEAVY, LIGHT, QUESTION, PersonLimits, RateLimited


def test_a_burst_beyond_the_limit_is_refused_per_person_and_per_budget() -> None:
    limits = PersonLimits(questions_per_minute=2, actions_per_minute=6)
    limits.check("telegram:1", QUESTION)
    limits.check("telegram:1", QUESTION)

    with pytest.raises(RateLimited, match=r"at most 2 questions a minute.*try again in \d+ s"):
        limits.check("telegram:1", QUESTION)
    limits.check("telegram:2", QUESTION)  # someone else
    limits.check("telegram:1", LIGHT)  # the same person's other requests have their own budget
    limits.check("telegram:1", HEAVY)  # an add costs three
    with pytest.raises(RateLimited, match="requests"):
        limits.check("telegram:1", HEAVY)


def test_a_person_over_the_limit_is_told_once_then_refused_quietly() -> None:
    limits = PersonLimits(questions_per_minute=1, actions_per_minute=6)
    limits.check("telegram:1", QUESTION)

    with pytest.raises(RateLimited) as first:
        limits.check("telegram:1", QUESTION)
    with pytest.raises(RateLimited) as second:
        limits.check("telegram:1", QUESTION)

    assert not first.value.repeated
    assert second.value.repeated
    with pytest.raises(RateLimited) as other_person:
        limits.check("telegram:2", QUESTION)
        limits.check("telegram:2", QUESTION)
    assert not other_person.value.repeated


def test_people_whose_window_has_passed_are_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    # The limiter's storage reads the clock through `limits.storage.memory.time`.
    clock = FakeClock(time.time())
    monkeypatch.setattr(memory_storage, "time", clock)
    limits = PersonLimits(questions_per_minute=10, actions_per_minute=30)
    storage = limits._limiter.storage
    for person in range(5_000):
        limits.check(f"telegram:{person}", QUESTION)
        limits.check(f"telegram:{person}", LIGHT)
    clock.now += 3600
    limits.check("telegram:later", QUESTION)  # schedules the storage's expiry pass

    deadline = time.monotonic() + 10
    while len(storage.expirations) > 10 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(storage.expirations) <= 10
    assert not any(storage.events.values()) and len(storage.events) <= 10


class FakeClock:
    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now
