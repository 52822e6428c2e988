"""What a "how much" or "how old" question measures, and whether a quote gives that measure.

"How much does a typical e-bike battery weigh?" was answered with "…rated for between 500 and 1,000
full cycles", and "How much money did the council put into the study?" with "The study was funded by
the council": a number of another kind, or none. A question asking for a sum of money, a weight or an
age is answered only by a quote that gives one; which one it is, the reader judges, except that an
age asked of someone named is not answered by ages written against other names only ("How old is
Iona Brackwell?" and "…one apprentice, 23-year-old Tom Ashby").
"""

from __future__ import annotations

import enum
import re

from index.search.number_words import CARDINAL_WORDS

__all__ = ["Measure", "asked_measure", "gives_age_of", "holds_measure"]


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
# In figures or in words: "cost twelve million euros" was refused as giving no sum.
_NUMBER = rf"(?<![\w,.])\d[\d,.]{{0,30}}|(?:a|{CARDINAL_WORDS}|a few|several|a dozen|dozens of|hundreds of)"
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


# An age written against a name: "23-year-old Tom Ashby" (the name after), "Teague, 58,", "Ashby (23)",
# "Okafor, aged 61" (the name before). An age after a verb ("was 86") is its subject's, whoever that is.
_NAME_AFTER = re.compile(r"\s+(?:[A-Z][\w’'.-]*\s+){0,2}[A-Z][\w’'-]+")
_NAME_BEFORE = re.compile(r"[A-Z][\w’'-]+\W{0,3}$")
_AGE_REACH = 40  # how far from an age the name asked of may be and the age still be theirs


def gives_age_of(text: str, whom: tuple[str, ...]) -> bool:
    """Whether the text gives an age that may be whom's (lower-case name words): one near a word of
    their name, or one written against no name at all ("She was 86."); not when every age it gives is
    written against another name."""
    words = [re.escape(word) for word in whom if len(word) > 2]
    if not words:
        return True
    named = re.compile(rf"\b(?:{'|'.join(words)})\b", re.IGNORECASE)
    for match in _HELD[Measure.AGE].finditer(text):
        start, end = match.start(), match.end()
        if named.search(text, max(0, start - _AGE_REACH), end + _AGE_REACH):
            return True
        held = match.group(0)
        if held.endswith("-year-old"):
            against = _NAME_AFTER.match(text, end) is not None
        elif held[0] in ",(" or held.lower().startswith("aged"):
            against = _NAME_BEFORE.search(text, max(0, start - _AGE_REACH), start) is not None
        else:  # "She was 86.", "Teague was 58.": whose, the sentence's subject says
            against = False
        if not against:
            return True
    return False
