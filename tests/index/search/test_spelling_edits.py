"""Edit distance and typing slips: what ranks the spelling corrector's candidates."""

from __future__ import annotations

import pytest

from index.search.spelling_edits import edit_distance, keys_apart, typing_slip


def test_edit_distance_counts_a_swap_as_one_edit_and_stops_past_the_limit() -> None:
    assert edit_distance("drone", "drnoe", 2) == 1
    assert edit_distance("iran", "irn", 1) == 1
    assert edit_distance("kazakhstan", "pancakes", 2) == 3
    long = "ab" * 345
    assert edit_distance(long, long[:300] + "z" + long[301:], 2) == 1
    assert edit_distance(long, long[:300] + "ba" + long[302:], 1) == 1  # a swap, far along
    assert edit_distance(long, "z" + long[1:400] + "zz" + long[402:], 2) == 3
    assert edit_distance(long[1:] + "c", "c" + long[1:], 2) == 2


@pytest.mark.parametrize(
    ("typed", "meant", "slip"),
    [
        ("irn", "iran", 0),  # a letter dropped
        ("dronnes", "drones", 0),  # a letter doubled
        ("drnoe", "drone", 0),  # two letters swapped
        ("drine", "drone", 1),  # a letter replaced
        ("basd", "bad", 2),  # a stray letter added
    ],
)
def test_typing_slips_rank_dropped_doubled_and_swapped_letters_first(
    typed: str, meant: str, slip: int
) -> None:
    assert typing_slip(typed, meant) == slip


@pytest.mark.parametrize(
    ("typed", "meant", "apart"),
    [
        ("refuwe", "refuse", 0),  # w is above s
        ("refuwe", "refuge", 1),  # g is nowhere near w
        ("tge", "the", 0),  # beside, on the same row
        ("zhe", "the", 1),
        ("irn", "iran", 0),  # no letter replaced
    ],
)
def test_a_letter_replaced_by_a_neighbouring_key_is_the_likelier_slip(
    typed: str, meant: str, apart: int
) -> None:
    assert keys_apart(typed, meant) == apart
