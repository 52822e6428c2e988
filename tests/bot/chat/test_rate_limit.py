"""One person's burst is refused with how long to wait; other people and other budgets go on."""

from __future__ import annotations

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
