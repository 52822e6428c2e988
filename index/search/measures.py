"""What a "how much" or "how old" question measures, and whether a quote gives that measure.

"How much does a typical e-bike battery weigh?" was answered with "…rated for between 500 and 1,000
full cycles", and "How much money did the council put into the study?" with "The study was funded by
the council": a number of another kind, or none. A question asking for a sum of money, a weight or an
age is answered only by a quote that gives one; which one it is, the reader judges.
"""

from __future__ import annotations

import enum
import re

__all__ = ["Measure", "asked_measure", "holds_measure"]


class Measure(enum.Enum):
    MONEY = "money"
    WEIGHT = "weight"
    AGE = "age"


_VERB_GAP = r"(?:[\w’'-]+ ){0,8}?"  # "how much did the city of Harwick …"
# The question opens with it: "Do visitors know how old the custom is?" asks no age.
_OPENS = r"^\W*(?:(?:and|but|so|then|ok|okay)\W+)?"
# "How much time did officials spend?": a quantity of something other than money.
_NOT_MONEY = (
    r"(?!of\b|(?:more |less )?(?:time|effort|energy|work|water|land|space|power|"
    r"electricity|fuel|food|rain|snow|data|weight|sleep|damage|support|attention|progress|influence|"
    r"control|pressure|ground|territory|area|of it|of this)\b)"
)
_ASKED = (
    (Measure.WEIGHT, re.compile(rf"{_OPENS}how (?:heavy\b|much (?:weight\b|{_VERB_GAP}weigh(?:s|ed)?\b))")),
    (
        Measure.AGE,
        # "What was the average age of…?", not "What was the Iron Age?"
        re.compile(
            rf"{_OPENS}(?:how old\b|at what age\b|what(?:'s|’s|s| is| was| were| are) "
            r"(?:the |his |her |their |its )?"
            r"(?:average |median |mean |minimum |maximum |retirement |voting )?ages?\b)"
        ),
    ),
    (
        Measure.MONEY,
        re.compile(
            rf"{_OPENS}how much (?:money|cash|funding)\b|{_OPENS}how much {_NOT_MONEY}"
            rf"{_VERB_GAP}(?:cost|costs|pay|paid|pays|charge|charged|charges|spend|spent|earn|earned|"
            r"earns|invest|invested|donate|donated|owe|owed|owes|fined|worth)\b"
        ),
    ),
)
_NUMBER = (
    r"(?<![\w,.])\d[\d,.]{0,30}|(?:a|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|"
    r"hundreds of)"
)
_SCALE = r"(?:\s?(?:thousand|million|billion|trillion|bn|m|k))?"
_HELD = {
    Measure.MONEY: re.compile(
        r"[$£€¥₴₹₩₺₽₱₪฿]\s?\d|\d\s?(?:[$£€¥₴₹₩₺₽₱₪฿]|zł)|\b\d{1,4}p\b|"
        r"\b(?:usd|eur|gbp|uah|chf|sek|nok|dkk|pln|czk|huf|jpy|cny|inr|aud|cad|nzd|kr|us\$|a\$|c\$)\s?\d|"
        r"\b(?:millions|billions|thousands) of (?:dollars|euros|pounds)\b|"
        rf"\b(?:{_NUMBER}){_SCALE}\s?(?:dollars?|euros?|pounds?|pence|cents?|hryvnias?|hryvnia|yen|"
        r"francs?|rupees?|usd|eur|gbp|uah|chf|sek|nok|dkk|kr|lira|lire|marks?|rubles?|roubles?|shillings?|crowns?|kronor|"
        r"kroner|pesos?|won|yuan|renminbi|dinars?|dirhams?|reais|rand|zloty|z\u0142oty|forints?|lei|"
        r"rupiah|ringgit|baht|naira|guilders?|ducats?|florins?|sterling)\b|"
        r"\bfree(?: of charge)?\b|\bno charge\b",
        re.IGNORECASE,
    ),
    Measure.WEIGHT: re.compile(
        rf"\b(?:{_NUMBER})\s?-?\s?(?:(?:metric|short|long) )?(?:kg|kilograms?|kilos?|grams?|mg|milligrams?|"
        r"lbs?|pounds?|ounces?|oz|stones?|tons?|tonnes?)\b|\d\s?(?:g|t)\b",  # "a t" is no weight; "5 g" is
        re.IGNORECASE,
    ),
    Measure.AGE: re.compile(
        r"\b\d{1,3}-year-old\b|\b\d{1,3} years? old\b|\baged? \d{1,3}\b|\bage of \d{1,3}\b|"
        # "She was 86.", "died at 91,"; "4.6 billion years ago", "since 1853": how old a thing is.
        r"\b(?:was|is|died at|at) \d{1,3}(?=[.,;!?)]|\s*$)|\bturn(?:ed|s|ing)? \d{1,3}\b|"
        r"\b(?:years|centuries|decades|millennia) (?:ago|old)\b|\bsince (?:the )?\d{3,4}s?\b|"
        r"\bdat(?:es?|ed|ing) (?:back )?(?:to|from)\b|"
        r"\byears of age\b|"
        r",\s\d{1,3},|\(\d{1,3}\)|\b(?:in (?:his|her|their) )?(?:teens|twenties|thirties|forties|fifties|"
        r"sixties|seventies|eighties|nineties)\b|\b(?:born|birth)\b",
        re.IGNORECASE,
    ),
}


def asked_measure(question: str) -> Measure | None:
    """The measure a question asks for (a sum of money, a weight, an age), or None."""
    lowered = question.lower()
    return next((measure for measure, asked in _ASKED if asked.search(lowered)), None)


def holds_measure(text: str, measure: Measure) -> bool:
    return _HELD[measure].search(text) is not None
