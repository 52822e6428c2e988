"""Which replies ask for more than the quoted passage said (what they get is in test_followup.py)."""

from __future__ import annotations

import pytest

from index.search.more_answers import asks_for_more


@pytest.mark.parametrize(
    "reply",
    [
        "What else did he say?",
        "Anything else?",
        "anything else",
        "Tell me more",
        "more please",
        "What else?",
        "Is there anything else I should know?",
        "what's else there",
        "What else did they report?",
        "what else did she claim",
    ],
)
def test_a_reply_made_only_of_asking_for_more_asks_for_more(reply: str) -> None:
    assert asks_for_more(reply)


@pytest.mark.parametrize(
    "reply",
    [
        "Who else is in it?",  # the others are usually named in the quoted passage
        "What else does he blame for Russia's slipping status?",  # names what it asks about
        "Tell me about it",
        "thanks!",
        "more " * 100,  # too long to be only that
    ],
)
def test_a_reply_that_asks_something_of_its_own_does_not(reply: str) -> None:
    assert not asks_for_more(reply)
