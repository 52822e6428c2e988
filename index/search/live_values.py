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
_ALWAYS_LIVE = frozenset({"standings"})
# "the price cap now", "the consumer price index", "house price growth": a rule or a statistic about
# prices, which a source does state.
_NOT_A_PRICE = frozenset(
    {"cap", "caps", "capped", "ceiling", "limit", "limits", "freeze", "control", "controls", "index"}
    | {"indices", "inflation", "growth", "rise", "rises", "increase", "increases", "hike", "hikes", "war"}
    | {"wars", "fall", "falls", "drop", "drops", "change", "changes", "level", "levels", "data"}
)
# A rate is live when it is money's, named just before it (an exchange, interest or mortgage rate, "the
# dollar rate") or a mortgage's after it; "the unemployment rate in the euro area", "the tax rate on
# savings interest" and "the default rate on student loans" are statistics a source reports.
_MONEY_BEFORE = frozenset(
    {"exchange", "interest", "mortgage", "conversion", "currency", "dollar", "dollars", "euro", "euros"}
    | {"pound", "pounds", "sterling", "ruble", "rubles", "rouble", "roubles", "yen", "yuan", "hryvnia"}
    | {"bitcoin"}
)
MONEY_BEFORE_WORDS = 2  # "the euro exchange rate", "the dollar rate"
MORTGAGE_AFTER_WORDS = 5  # "the rate on a 30-year mortgage"
# A match's score, not a credit score or a test's: "the score", "the live score". The weather asked
# for ("what's the weather"), not "extreme weather".
_BEFORE_A_SCORE = frozenset({"the", "live", "latest", "current"})
_AFTER_THE_WEATHER = frozenset({"", "like", "today", "now", "tonight", "in", "at", "for", "there", "outside"})
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
    before = words[i - 1] if i > 0 else ""
    if word in ("rate", "rates"):
        return bool(set(words[max(0, i - MONEY_BEFORE_WORDS) : i]) & _MONEY_BEFORE) or (
            "mortgage" in words[i + 1 : i + MORTGAGE_AFTER_WORDS + 1] and words[i + 1 : i + 2] == ["on"]
        )
    if word in ("price", "prices"):
        return i + 1 >= len(words) or words[i + 1] not in _NOT_A_PRICE
    if word in ("score", "scores", "scoreline"):
        return before in _BEFORE_A_SCORE
    if word == "weather":  # "the weather in Leeds today", not "the weather service's warnings"
        after = words[i + 1] if i + 1 < len(words) else ""
        return before in _BEFORE_A_SCORE and after in _AFTER_THE_WEATHER
    if word == "table":
        return before == "league"
    return word in _ALWAYS_LIVE
