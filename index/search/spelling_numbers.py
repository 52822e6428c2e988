"""Numbers mistyped in a question, read as the number the knowledge base holds.

Chat slips on digits as on letters: "2020" typed "20220" (a digit doubled), "020" (one dropped),
"2002" (two swapped) or "s020" (a letter for a digit). The keyword index holds none of these, and
a four-digit one reads as a year no passage names, which refuses the question outright
(`index.search.unheld.years_unheld`): of 111 copies of 29 questions about the bundled article that
name a number, typed in lower case with that number mistyped, 13 were refused and 19 lost their answer.

Only slips that leave something no one would write on purpose are read back: a number with a letter
in it or a digit too many (a doubled digit first), a year with a digit too few, a year yet to come.
A plausible year ("2002" for "2020") is a year the person may mean, unless the question is typed all
in lower case, as in haste; a digit replaced by another ("2018" for "2014") is always left as typed,
being as likely a different year. A typed number one slip from two numbers the knowledge base holds
("202": "2020" or "2022") is left as typed too.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import date

__all__ = ["numbers_retyped", "with_numbers_retyped"]

# A number as a question writes it, with at most a letter in it; not an amount ("$2,000", "1.5"), a
# code ("Su-2024"), chat markup or a link ("<#1999>", "/2019/").
_TYPED_NUMBER = re.compile(r"(?<![\w$£€.,:#@&/<-])([0-9a-z]{3,9})(?![\w>/-]|[.,]\d)", re.IGNORECASE)
_DIGITS = "0123456789"
_CAPITAL = re.compile(r"[A-Z]")


def numbers_retyped(question: str, held: Collection[str]) -> dict[str, str]:
    """Each number typed in `question` that `held` (the knowledge base's numbers, three digits or
    more) lacks, mapped to the one held number it is a slip from, where there is exactly one."""
    hasty = _CAPITAL.search(question) is None
    readings: dict[str, str] = {}
    for match in _TYPED_NUMBER.finditer(question):
        typed = match.group(1)
        digits = sum(c.isdigit() for c in typed)
        if digits < len(typed) - 1 or digits < 2 or typed in held:
            continue
        meant = {number for number in _slips_from(typed.lower(), hasty) if number in held}
        if len(meant) == 1:
            readings[typed] = meant.pop()
    return readings


def with_numbers_retyped(text: str, readings: Mapping[str, str]) -> str:
    """`text` with the numbers `numbers_retyped` found written as meant."""
    if not readings:
        return text
    return _TYPED_NUMBER.sub(lambda m: readings.get(m.group(1), m.group(1)), text)


def _slips_from(typed: str, hasty: bool) -> set[str]:
    """The numbers `typed` is one slip from, where the slip is not something written on purpose."""
    at_letter = next((i for i, c in enumerate(typed) if not c.isdigit()), None)
    if at_letter is not None:  # a letter where a digit was
        return {typed[:at_letter] + digit + typed[at_letter + 1 :] for digit in _DIGITS}
    meant: set[str] = set()
    if not _plausible_year(typed):  # a digit too many: a doubled one first ("20220" is "2020", not "2022")
        doubled = {typed[:i] + typed[i + 1 :] for i in range(1, len(typed)) if typed[i] == typed[i - 1]}
        meant.update(doubled or {typed[:i] + typed[i + 1 :] for i in range(len(typed))})
    if len(typed) == 3:  # a year with a digit dropped
        meant.update(
            year
            for i in range(len(typed) + 1)
            for digit in _DIGITS
            if _year_like(year := typed[:i] + digit + typed[i:])
        )
    if hasty or not _plausible_year(typed):  # two digits swapped
        meant.update(
            typed[:i] + typed[i + 1] + typed[i] + typed[i + 2 :]
            for i in range(len(typed) - 1)
            if typed[i] != typed[i + 1]
        )
    return meant


def _year_like(number: str) -> bool:
    return len(number) == 4 and number[0] in "12"


def _plausible_year(number: str) -> bool:
    """A year one may ask about: four digits, none of them leading zeros, and not yet to come."""
    return len(number) == 4 and 1000 <= int(number) <= date.today().year
