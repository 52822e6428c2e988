"""A place holds at most `most` messages waiting to be sent; past it, one is dropped, and a place is
given back when its message is sent (or fails)."""

from __future__ import annotations

import pytest

from bot.chat.backlog import Backlog


def test_past_its_most_a_channel_has_no_place_and_others_still_do() -> None:
    backlog = Backlog(2)

    with (
        backlog.place("a") as first,
        backlog.place("a") as second,
        backlog.place("a") as third,
        backlog.place("b") as elsewhere,
    ):
        assert (first, second, third, elsewhere) == (True, True, False, True)
        assert (backlog.waiting("a"), backlog.waiting("b")) == (2, 1)

    assert (backlog.waiting("a"), backlog.waiting("b")) == (0, 0)


def test_a_send_that_fails_gives_its_place_back() -> None:
    backlog = Backlog(1)

    with pytest.raises(ConnectionError), backlog.place("a") as placed:
        assert placed
        raise ConnectionError

    with backlog.place("a") as again:
        assert again


def test_a_kind_kept_to_a_share_leaves_the_other_places_to_the_rest() -> None:
    backlog = Backlog(4)

    with (
        backlog.place("a", most=2) as notice,
        backlog.place("a", most=2) as second_notice,
        backlog.place("a", most=2) as third_notice,
        backlog.place("a") as reply,
        backlog.place("a", most=9) as past_the_share,  # a share never widens the places
        backlog.place("a", most=9) as none_left,
    ):
        assert (notice, second_notice, third_notice) == (True, True, False)
        assert (reply, past_the_share, none_left) == (True, True, False)
