"""Whether a quote could be the answer to what a question asks for: no model, word cues.

A passage about the thing asked of scores well whatever it says of it, so three kinds of question are
checked against the quote they would get, and refused (naming the closest sources) when it cannot
answer them:

- *How many*: the quote must hold a count (`answer_types.holds_count`). "How many soldiers were sent
  to Kazakhstan?" was answered from "Russia sent its troops to help … quell … protests".
- *An attribute* (a population, a capital, an age, the weather): the quote must name it or what only
  an answer names ("inhabitants", "aged"). "What is the population of Kyiv?" was answered (0.35) from a
  passage saying "the Kyiv Independent". Only the attribute at the head of the question counts: "What
  population inhabits the north?" and "In which capital did they meet?" ask for something else.
- *Who or what a name is*, or whose something is: "Who is Oleg Sukhov?" (0.46) was answered with a
  line about Lukashenko, "Who is the leader of Belarus?" with Iran's "Supreme Leader". A quote must
  name whom it is asked about. Only a name written with capitals counts: "what is happening" asks
  about events. (Answering from the best quote that names them instead answered "Who is the
  president of Ukraine?" with a line about Putin: the article names Ukraine everywhere.)

A quote's patterns are alternatives without repetition, so matching is linear in the quote; a
question's have repetition bounded to three words, and a question is at most `MAX_QUESTION_CHARS`.
"""

from __future__ import annotations

import re

from index.search.answer_types import asks_how_many, holds_count
from index.search.spelling_edits import edit_distance

__all__ = [
    "answers_what_is_asked", "asked_attribute", "asked_name", "holds_name", "states_attribute",
    "states_what_is_asked",
]  # fmt: skip

# "What is the (current) population …", "What was its capital …", "What is Russia's population".
_THE = (
    r"(?:the |its |their |his |her |this |that |[a-z]+(?:'s|’s|s'|s’) )?"
    r"(?:current |total |approximate |estimated |average )?"
)
_WHAT_IS = r"\bwhat(?:'s|’s| is| was) " + _THE

# attribute: (how a question asks for it, lower case; what a quote that states it holds, lower case)
_ATTRIBUTES: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "population": (
        re.compile(
            rf"{_WHAT_IS}population\b|\bhow many (?:people|inhabitants|residents) live\b|\bhow populous\b"
        ),
        re.compile(r"populat|inhabit|resident|\bpeople\b|\bcitizens\b|populous"),
    ),
    "capital": (
        re.compile(rf"{_WHAT_IS}capital\b|\b(?:what|which) (?:city|town) is (?:the |its )?capital\b"),
        re.compile(r"\bcapital"),
    ),
    "economy": (
        re.compile(r"\b(?:gdp|gross domestic product)\b"),
        re.compile(r"\bgdp\b|gross domestic|econom|\boutput\b"),
    ),
    "age": (
        re.compile(
            rf"\bhow old\b|{_WHAT_IS}age\b|\bwhen was \w+(?: \w+)? born\b|\b(?:birthday|date of birth)\b"
        ),
        # "aged 39", "born in 1856", "the oldest", "turned 39", "graves dating to 1338", "(1856 – 1943)"
        re.compile(
            r"\bage[ds]?\b|\bborn\b|\bbirth|year-old|\bold(?:er|est)?\b|\byoung(?:er|est)?\b|"
            r"\bturn(?:s|ed)? \d|\bdat(?:e|es|ed|ing)\b|\b\d{4} ?[–-] ?\d"
        ),
    ),
    "height": (
        re.compile(rf"\bhow tall\b|{_WHAT_IS}height\b"),
        re.compile(r"\btall|\bheight|\bhigh|met(?:er|re)s?\b|\bfeet\b|\bft\b|\bkm\b"),
    ),
    "weather": (
        re.compile(r"\bweather\b|\bforecast\b"),
        re.compile(
            r"weather|climat|temperatur|forecast|\brain|\bsnow|\bsunny|\bdegrees?\b|\bwarm|\bcold|\bhot\b|"
            r"\bhumid|\bstorm|\bwind"
        ),
    ),
    "wealth": (
        re.compile(r"\bnet worth\b|\bsalary\b|\bhow rich\b"),
        re.compile(r"\bworth\b|salar|\bearn|\bpaid\b|\bincome|fortune|wealth|\brich|\$|€|£|billion|million"),
    ),
    "religion": (
        re.compile(rf"{_WHAT_IS}religion\b|\bwhat religion\b"),
        re.compile(
            r"religio|\bfaith|muslim|christian|islam|orthodox|catholic|protestant|buddhis|hindu|jewish|"
            r"judaism|church|mosque|theocra"
        ),
    ),
}  # fmt: skip


def asked_attribute(question: str) -> str | None:
    """The attribute the question asks for ("population", "capital", "age", …), or None."""
    lowered = question.lower()
    for attribute, (asks, _) in _ATTRIBUTES.items():
        if asks.search(lowered):
            return attribute
    return None


def states_attribute(text: str, attribute: str) -> bool:
    """Whether the text could state the attribute: it names it, or something only an answer names."""
    return bool(_ATTRIBUTES[attribute][1].search(text.lower()))


# "Who is Oleg Sukhov?", "What is the CSTO?", "Who was Boleslaw II of Masovia?": one to three words
# with a capital after "who/what is", nothing else; or whose or what's a few words are ("Who is the
# president of Ukraine?", "Who is Iran's president?").
_NAMED = r"[A-Z][\w’'.-]*"
_NAME = rf"({_NAMED}(?: (?:of )?{_NAMED}){{0,2}})"
_WHO_IS = r"\s*(?i:who|what)(?:'s|’s| is| was| are| were) "
_ASKED_NAMES = (
    re.compile(rf"{_WHO_IS}(?:the )?{_NAME}[?!. ]*"),
    re.compile(rf"{_WHO_IS}the (?:[a-z-]+ ){{1,3}}of (?:the )?{_NAME}[?!. ]*"),
    re.compile(rf"{_WHO_IS}(?:the )?{_NAME}(?:'s|’s) [a-z-]+(?: [a-z-]+){{0,2}}[?!. ]*"),
)
_WORD = re.compile(r"[^\W_]+")
_MIN_SLIP_LENGTH = 5  # "Sazanov" is Sazonov; "Lean" is not "Iran"
_MAX_INITIALS = 5  # "UN", "CSTO", "UMC" may be written out


def asked_name(question: str) -> tuple[str, ...]:
    """The words of the name a "Who is …?" or "What is …?" question asks about, or asks for something of
    (lower case), or ()."""
    for pattern in _ASKED_NAMES:
        match = pattern.fullmatch(question)
        if match is not None and not re.search(r"['’]s\b", match.group(1)):
            return tuple(word for word in _WORD.findall(match.group(1).lower()) if word != "of")
    return ()


def holds_name(text: str, name: tuple[str, ...]) -> bool:
    """Whether the text holds a word of the name (any text, for no name), its plural ("PPPs") or, for
    a short one, words it is the initials of ("UN": "United Nations"); one slip allowed in longer
    words."""
    if not name:
        return True
    words = set(_WORD.findall(text.lower()))
    for part in name:
        if part in words or f"{part}s" in words:
            return True
        if len(part) >= _MIN_SLIP_LENGTH and any(edit_distance(part, word, 1) <= 1 for word in words):
            return True
    short = [part for part in name if len(part) <= _MAX_INITIALS]
    return bool(short) and any(part in run for run in _initials(text) for part in short)


def _initials(text: str) -> list[str]:
    """The initials of each run of capitalised words ("The United Nations Security Council": "tunsc"),
    "of" and "and" inside a run skipped ("Bank of England": "be")."""
    runs, run = [], ""
    for word in _WORD.findall(text):
        if word[0].isupper():
            run += word[0].lower()
        elif word not in ("of", "and") and run:
            runs.append(run)
            run = ""
    return [*runs, run] if run else runs


def states_what_is_asked(question: str, quote: str) -> bool:
    """Whether the quote could give what the question asks for: a count for how-many, the attribute
    asked for; any quote for other questions."""
    if asks_how_many(question) and not holds_count(quote):
        return False
    attribute = asked_attribute(question)
    return attribute is None or states_attribute(quote, attribute)


def answers_what_is_asked(question: str, quote: str) -> bool:
    """Whether the quote names whom the question asks about and could give what it asks for."""
    return holds_name(quote, asked_name(question)) and states_what_is_asked(question, quote)
