"""Which questions ask who said something: their highlight must name the speaker."""

from __future__ import annotations

import pytest

from index.search.who_said import asks_who_said


@pytest.mark.parametrize(
    "question",
    [
        "Who said that Putin is losing allies?",
        "who said putin will keep losing allies",
        "Which Ukrainian analyst argued that integration was destroyed?",
        "According to whom is Belarus an occupied country?",
        "Who also warned that the wall would fail?",
        "Who stated that Putin is losing allies?",
        "Which Russian-born philosopher says nobody likes the losing side?",
        "Who reported that Iran was sending more weapons?",
        "Who was the analyst who said Putin is losing allies?",
        "Who else warned that the wall would fail?",
        "Who famously said that Putin is losing allies?",
        "And who said Putin is losing allies?",
        "Do you know who said Putin is losing allies?",
        "Who's quoted as saying Putin is losing allies?",
        "Who pointed out that Putin is losing allies?",
        "Who explained that the wall would fail?",
        "Who called the Shahed drones a weapon of terror?",
        "Who described the drones as a weapon of terror?",
        "Who reported the drones were Iranian?",
        "Which newspaper reported the drones were Iranian?",
        "Who wrote the dam was unsafe?",
        "Who has long argued that Putin is weak?",
        "Who has been warning that the wall will fail?",
        "Who also publicly said Putin is weak?",
        "Tell me who said Putin is weak.",
    ],
)
def test_questions_asking_who_said_something(question: str) -> None:
    assert asks_who_said(question)


@pytest.mark.parametrize(
    "question",
    [
        "What did Tesla claim to perfect while at the exchange?",
        "Who did Tesla call in the middle of the night?",
        "What was media day called for Super Bowl 50?",
        "Which company sponsored a contest called Small Business Big Game?",
        "Who is the leader of Belarus?",
        "Who was called to the inquest?",
        "Where does the analyst who said Putin is weak work?",
        "Who according to Sazonov is an occupied country?",
        "Who called the fire brigade?",
        "Who called for a ceasefire?",
        "Who wrote Harry Potter?",
        "Who reported the crash to police?",
        "Who described the scene?",
        'Who wrote "Harry Potter"?',
        "Who wrote A Tale of Two Cities?",
        "Who called an ambulance?",
    ],
)
def test_questions_asking_what_was_said_or_of_whom(question: str) -> None:
    assert not asks_who_said(question)
