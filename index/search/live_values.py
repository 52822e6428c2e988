"""Questions for a value that changes by the minute, asked of now: a share price, an exchange rate, a
match's score, the weather today. No archived source states it: quoted, a dated figure ("Shares fell
9.4% to €41.18" for "What is Tessaro's share price today?") reads as the answer to now.

A question counts only with both a value of that kind and a word saying now; one asking why, when or
who, or in the past ("Why did the shares fall today?", "What was the score?"), asks about what a source
reports.
"""

from __future__ import annotations

import re

__all__ = ["asks_for_live_value"]

MAX_QUESTION_CHARS = 300  # a longer message is no quick ask for a number
_WORD = re.compile(r"[^\W_]+")
_NOW = frozenset({"now", "today", "todays", "tonight", "currently", "current", "live", "latest", "presently"})
_AT_THE_MOMENT = ("at", "the", "moment")
# Values that move while you read, wherever they are named in the question.
_LIVE = frozenset(
    {"price", "prices", "stock", "stocks", "shares", "score", "scores", "scoreline", "standings", "odds"}
    | {"weather", "temperature", "forecast", "traffic"}
)
# "the price cap now": a rule about prices, which a source does state.
_NOT_A_PRICE = frozenset(
    {"cap", "caps", "capped", "ceiling", "limit", "limits", "freeze", "control", "controls"}
)
# A rate is live when it is money's: an exchange, interest or mortgage rate ("the birth rate" is a
# statistic a source reports).
_RATE = frozenset({"rate", "rates"})
_MONEY = frozenset(
    {"exchange", "interest", "mortgage", "conversion", "currency", "dollar", "dollars", "euro", "euros"}
    | {"pound", "pounds", "sterling", "ruble", "rubles", "rouble", "roubles", "yen", "yuan", "hryvnia"}
    | {"bitcoin", "loan", "loans", "savings", "deposit", "lending", "borrowing", "base"}
)
# Asking about what happened, not for the value: a source's report answers these.
_REPORTED = frozenset({"why", "when", "who", "whom", "was", "were", "did", "had", "said", "say", "says"})


def asks_for_live_value(text: str) -> bool:
    """Whether `text` asks for a price, rate, score or weather as it is now (see the module's docstring)."""
    if len(text) > MAX_QUESTION_CHARS:
        return False
    words = [word.lower() for word in _WORD.findall(text)]
    asked = set(words)
    if asked & _REPORTED:
        return False
    now = bool(asked & _NOW) or any(tuple(words[i : i + 3]) == _AT_THE_MOMENT for i in range(len(words) - 2))
    return now and any(_is_live(words, i) for i in range(len(words)))


def _is_live(words: list[str], i: int) -> bool:
    word = words[i]
    if word in _RATE:
        return bool(set(words[max(0, i - 5) : i + 6]) & _MONEY)  # "the rate on a 30-year mortgage"
    if word in ("price", "prices"):
        return i + 1 >= len(words) or words[i + 1] not in _NOT_A_PRICE
    if word == "table":
        return i > 0 and words[i - 1] == "league"
    return word in _LIVE
