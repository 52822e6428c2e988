"""Questions for a value that changes by the minute, asked of now: a share price, an exchange rate, a
match's score, the weather today. No archived source states it: quoted, a dated figure ("Shares fell
9.4% to €41.18" for "What is Tessaro's share price today?") reads as the answer to now.

A question counts only with both such a value and a word saying now: "now", "today" anywhere, or
"current", "latest", "live" just before the value ("the latest growth forecast", "the current housing
stock" and "the live concert's ticket price" ask what a source reports). One asking why, when or who, or
in the past ("Why did the shares fall today?", "What was the score?"), asks about a report too.
Training and `qabot eval` ask through the same gate (`QAService.prepare_question`).
"""

from __future__ import annotations

import re

__all__ = ["asks_for_live_value"]

MAX_LIVE_QUESTION_CHARS = 300  # a longer message is no quick ask for a number
_WORD = re.compile(r"[^\W_]+")
_NOW = frozenset({"now", "today", "todays", "tonight", "currently", "presently"})
_AT_THE_MOMENT = ("at", "the", "moment")
_NOW_BEFORE = frozenset({"current", "latest", "live"})  # within `NOW_BEFORE_WORDS` before the value
NOW_BEFORE_WORDS = 2  # "the current share price", "the latest price"
_ALWAYS_LIVE = frozenset({"standings", "odds", "weather"})
# "the price cap now": a rule about prices, which a source does state.
_NOT_A_PRICE = frozenset(
    {"cap", "caps", "capped", "ceiling", "limit", "limits", "freeze", "control", "controls"}
)
# A rate is live when it is money's: an exchange, interest or mortgage rate ("the birth rate" is a
# statistic a source reports).
_MONEY = frozenset(
    {"exchange", "interest", "mortgage", "conversion", "currency", "dollar", "dollars", "euro", "euros"}
    | {"pound", "pounds", "sterling", "ruble", "rubles", "rouble", "roubles", "yen", "yuan", "hryvnia"}
    | {"bitcoin", "loan", "loans", "savings", "deposit", "lending", "borrowing", "base"}
)
MONEY_WORDS_AROUND = 5  # "the rate on a 30-year mortgage"
# A match's score, not a credit score or a test's: "the score", "the live score".
_BEFORE_A_SCORE = frozenset({"the", "live", "latest", "current"})
# Asking about what happened, not for the value: a source's report answers these.
_REPORTED = frozenset({"why", "when", "who", "whom", "was", "were", "did", "had", "said", "say", "says"})


def asks_for_live_value(text: str) -> bool:
    """Whether `text` asks for a price, rate, score or weather as it is now (see the module's docstring)."""
    if len(text) > MAX_LIVE_QUESTION_CHARS:
        return False
    words = [word.lower() for word in _WORD.findall(text)]
    if set(words) & _REPORTED:
        return False
    said_now = bool(set(words) & _NOW) or any(
        tuple(words[i : i + 3]) == _AT_THE_MOMENT for i in range(len(words) - 2)
    )
    for i in range(len(words)):
        if _is_live(words, i) and (
            said_now or bool(set(words[max(0, i - NOW_BEFORE_WORDS) : i]) & _NOW_BEFORE)
        ):
            return True
    return False


def _is_live(words: list[str], i: int) -> bool:
    word = words[i]
    if word in ("rate", "rates"):
        around = words[max(0, i - MONEY_WORDS_AROUND) : i + MONEY_WORDS_AROUND + 1]
        return bool(set(around) & _MONEY)
    if word in ("price", "prices"):
        return i + 1 >= len(words) or words[i + 1] not in _NOT_A_PRICE
    if word in ("score", "scores", "scoreline"):
        return i > 0 and words[i - 1] in _BEFORE_A_SCORE
    if word == "table":
        return i > 0 and words[i - 1] == "league"
    return word in _ALWAYS_LIVE
