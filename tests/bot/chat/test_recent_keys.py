"""What was seen lately is told apart from what is new, within a bounded number of keys."""

from __future__ import annotations

from bot.chat.recent_keys import RecentKeys


def test_a_key_is_new_once_while_remembered_and_the_oldest_go_past_the_bound() -> None:
    recent: RecentKeys[int] = RecentKeys(3)

    assert [recent.first_time(key) for key in (1, 2, 1, 3, 4)] == [True, True, False, True, True]
    assert 1 not in recent and {2, 3, 4} == {key for key in range(5) if key in recent}
