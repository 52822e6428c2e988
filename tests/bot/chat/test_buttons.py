"""Signed button data: what a button asks for comes back only from the place it was shown in."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.chat.buttons import TOKEN_PATTERN, ButtonPress, ButtonSigner

SIGNER = ButtonSigner("installation-key")


@given(
    st.sampled_from(["more", "up", "down", "page", "paragraph"]), st.integers(0, 2**53), st.text(max_size=30)
)
def test_a_token_reads_back_as_what_it_was_made_for(action: str, number: int, place: str) -> None:
    token = SIGNER.token(action, number, place)  # type: ignore[arg-type]

    assert len(token.encode()) <= 64  # Telegram's limit for callback data
    assert re.fullmatch(TOKEN_PATTERN, token)
    assert SIGNER.read(token, place) == ButtonPress(action, number)  # type: ignore[arg-type]


def test_a_changed_number_a_copied_token_or_another_key_is_refused() -> None:
    token = SIGNER.token("more", 41, "-100123")
    other_question = token[0] + "12" + token[token.index(".") :]

    assert SIGNER.read(other_question, "-100123") is None
    assert SIGNER.read(token, "-100999") is None  # pressed under a message in another chat
    assert ButtonSigner("another-installation").read(token, "-100123") is None
    assert SIGNER.read(token.replace("m", "u", 1), "-100123") is None  # a vote is not "other passages"


@pytest.mark.parametrize("data", ["", "alt:3", "fb:3:1", "m1", "m1.", "x1.AAAAAAAAAAAAAAAA", "m" + "1" * 40])
def test_malformed_data_is_refused(data: str) -> None:
    assert SIGNER.read(data, "1") is None
