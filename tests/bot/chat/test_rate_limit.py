"""One person's burst is refused with how long to wait; other people and other budgets go on."""

from __future__ import annotations

import pytest

from bot.chat.rate_limit import (
    GROUP_REPLIES_PER_MINUTE,
    HEAVY,
    LIGHT,
    LOOKUP,
    QUESTION,
    PersonLimits,
    RateLimited,
)


class FakeClock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_a_burst_beyond_the_limit_is_refused_per_person_and_per_budget() -> None:
    limits = PersonLimits(questions_per_minute=2, actions_per_minute=6)
    limits.check("telegram:1", QUESTION)
    limits.check("telegram:1", QUESTION)

    with pytest.raises(RateLimited, match=r"at most 2 questions a minute.*try again in \d+ s"):
        limits.check("telegram:1", QUESTION)
    limits.check("telegram:2", QUESTION)  # someone else
    limits.check("telegram:1", LIGHT)  # the same person's other requests have their own budget
    limits.check("telegram:1", HEAVY)  # an add costs three
    with pytest.raises(
        RateLimited, match=r"at most 6 requests a minute, and a change to the sources counts as 3\)"
    ):
        limits.check("telegram:1", HEAVY)


def test_in_a_group_each_person_has_a_share_of_the_replies_whatever_they_ask_for() -> None:
    """Telegram lets a bot post about 20 messages a minute in a group: one member asking and paging at
    both budgets' limits (10 and 30) took most of them."""
    limits = PersonLimits(questions_per_minute=10, actions_per_minute=30)
    group = "telegram:-100123"
    for kind in [QUESTION, LIGHT] * (GROUP_REPLIES_PER_MINUTE // 2):
        limits.check("telegram:1", kind, group)

    with pytest.raises(RateLimited, match="so the others in this group get theirs") as first:
        limits.check("telegram:1", LIGHT, group)
    with pytest.raises(RateLimited) as second:
        limits.check("telegram:1", QUESTION, group)
    assert not first.value.repeated and second.value.repeated  # told once
    limits.check("telegram:2", QUESTION, group)  # the others in the group
    limits.check("telegram:1", QUESTION, "telegram:-100456")  # another group
    limits.check("telegram:1", QUESTION)  # a private chat
    limits.check("telegram:1", LOOKUP, group)  # suggestions are no message


def test_requests_refused_in_silence_do_not_use_up_a_persons_share_of_a_group() -> None:
    limits = PersonLimits(questions_per_minute=2, actions_per_minute=30)
    group = "telegram:-100123"
    refusals = []
    for _ in range(14):
        try:
            limits.check("telegram:1", QUESTION, group)
        except RateLimited as refused:
            refusals.append(refused.repeated)

    assert refusals == [False] + [True] * 11  # one notice, then silence
    for _ in range(GROUP_REPLIES_PER_MINUTE - 3):  # two answers and the notice were posted
        limits.check("telegram:1", LIGHT, group)
    with pytest.raises(RateLimited, match="so the others in this group get theirs"):
        limits.check("telegram:1", LIGHT, group)


def test_the_wait_it_names_is_when_the_next_request_is_counted_again() -> None:
    clock = FakeClock(600.0)  # the start of a minute
    limits = PersonLimits(questions_per_minute=2, actions_per_minute=6, clock=clock)
    limits.check("telegram:1", QUESTION)
    clock.now += 30
    limits.check("telegram:1", QUESTION)

    # Both count fully until the minute ends, then weigh less as the next one goes on.
    with pytest.raises(RateLimited, match=r"try again in 60 s"):
        limits.check("telegram:1", QUESTION)
    clock.now += 59
    with pytest.raises(RateLimited, match=r"try again in 1 s"):
        limits.check("telegram:1", QUESTION)
    clock.now += 1
    limits.check("telegram:1", QUESTION)


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


def test_people_whose_window_has_passed_are_forgotten_in_one_pass() -> None:
    clock = FakeClock()
    limits = PersonLimits(questions_per_minute=10, actions_per_minute=30, clock=clock)
    for person in range(100_000):
        limits.check(f"telegram:{person}", QUESTION)
    assert len(limits.windows) == 100_000

    clock.now += 30
    limits.check("telegram:7", LIGHT)
    assert len(limits.windows) == 100_001  # nothing is swept within the minute...
    clock.now += 150
    limits.check("telegram:later", QUESTION)  # ...and all of it once two minutes have passed

    assert len(limits.windows) == 1
