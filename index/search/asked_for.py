"""Whether a quote could be the answer to what a question asks for: no model, word cues.

A passage about the thing asked of scores well whatever it says of it, so three kinds of question are
checked against the quote they would get, and refused (naming the closest sources) when it cannot
answer them:

- *How many*: the quote must hold a count (`answer_types.holds_count`). "How many soldiers were sent
  to Kazakhstan?" was answered from "Russia sent its troops to help … quell … protests".
- *An attribute* (a population, a capital, an office, a year, a time, a size, …; `asked_attributes`):
  the quote must state it, of the name it is asked of.
- *Who or what a name is*, or whose something is (`asked_names`): the quote must name whom it is
  asked about.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from index.search.answer_types import asks_how_many, holds_count
from index.search.asked_attributes import (
    HOLDERS,
    OWNED_ATTRIBUTES,
    asked_attribute,
    led_place,
    states_attribute,
    untimed,
)
from index.search.asked_names import WORD, asked_name, asked_owner, holds_name, mentions_of, names_its_people
from index.search.attribute_cues import ATTRIBUTES
from index.search.keyword_attributes import keyword_attribute
from index.search.measures import Measure, asked_measure, gives_age_of, holds_measure
from index.search.names import names_written
from index.search.spelling_edits import edit_distance
from index.search.spelling_words import WH_WORDS
from index.search.word_forms import capital_countries, names_a_place

__all__ = ["answering_first", "answers_as_typed", "answers_what_is_asked", "names_in", "states_what_is_asked"]

_Item = TypeVar("_Item")
# How far down the ranked candidates a quote naming who holds what is asked may be taken from.
HOLDER_CANDIDATES = 10
# The words of a question asking plainly who holds something now, besides the office's and the
# owner's: any other ("previous", "opposition", "church", "wife", a year) asks of another holder,
# whom a title near the place does not tell from today's.
_PLAIN_WORDS = frozenset(
    {"who", "whos", "what", "whats", "is", "was", "the", "name", "of", "s", "current", "currently", "now"}
    | {"present", "today", "in", "charge", "power", "government", "leads", "rules", "runs", "governs"}
    | {"heads", "leader", "ruler", "head", "state"}
)
_ITS = re.compile(r"\b(?:its|their)\b", re.IGNORECASE)
_GOVERNMENT = re.compile(r"\b(?:government|in power)\b", re.IGNORECASE)  # held in a capital: its country's
# A capitalised word (not a sentence's first) right before what is said: whose it is.
_NAMED_BEFORE = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w’'-]*(?:['’]s)?\s+$")
_NAME_REACH = 40
_OPENING = re.compile(r"^\W*(?:the|a|an)\s+", re.IGNORECASE)
_TITLE_SUBJECT_WORDS = 2  # "Brindlewood Coffee", "Acme's", "New Zealand"


def states_what_is_asked(question: str, quote: str, subject: tuple[str, ...] = ()) -> bool:
    """Whether the quote could give what the question asks for: a count for how-many, the attribute
    asked for; any quote for other questions. `subject`: see `answers_what_is_asked`."""
    attribute = asked_attribute(question)
    return _states(question, quote, attribute, _asked_of(question, attribute, subject))


def answers_what_is_asked(question: str, quote: str, about: str = "", subject: tuple[str, ...] = ()) -> bool:
    """Whether the quote names whom the question asks about and could give what it asks for. `about`:
    the title of the quote's source, which may name them instead, if it opens with them: under
    "Brindlewood's profit falls",
    "Chief Executive Officer Rebecca Lindqvist" is Brindlewood's, though the quote says "the company".
    `subject`: the names a reply's "its" or "their" may stand for (its earlier question's)."""
    attribute = asked_attribute(question)
    whom = _asked_of(question, attribute, subject)
    # A place's attribute may be said of its people: "Kazakh President Tokayev" names Kazakhstan's, as
    # "Ukrainian President Volodymyr Zelensky" answers "who is the leader of ukraine".
    named = (
        holds_name(quote, whom)
        or (attribute in OWNED_ATTRIBUTES and bool(mentions_of(quote, whom)))
        or names_its_people(quote, whom)
        or (bool(about) and _leads_with(about, whom) and not _of_another(quote, attribute))
    )
    return named and _states(question, quote, attribute, whom)


def answers_as_typed(typed: str, corrected: str) -> Callable[[str, str], bool]:
    """`answers_what_is_asked` of the corrected question, or of another reading of a question word
    misspelt as its first word: "whe" is one letter from "when", "why" and "who", and the corrector
    chose "when", so "whe is putin unwilling to come to armenias aid" was refused for a quote
    that gives no time (the relevance 0.72)."""
    first_typed, _, _ = typed.lower().partition(" ")
    first, space, rest = corrected.partition(" ")
    readings = [corrected]
    if first.lower() in WH_WORDS and first_typed not in WH_WORDS:
        near = sorted(word for word in WH_WORDS if edit_distance(first_typed, word, 1) <= 1)
        readings += [f"{word}{space}{rest}" for word in near if word != first.lower()]
    return lambda quote, about: any(answers_what_is_asked(reading, quote, about) for reading in readings)


def answering_first(
    question: str, ranked: Sequence[_Item], gives: Callable[[_Item], bool], quote_of: Callable[[_Item], str]
) -> list[_Item]:
    """The ranked candidates to answer from, the one to quote first; none if none may answer. The best
    answers if it `gives` what is asked. If not, a plain question asking who holds something of a place
    now (`_asks_plainly`) is answered by the first of the next best that names the place and gives it:
    "Who is the leader of Belarus?" ranked Iran's "Supreme Leader" caption over "Belarus, under
    dictator Alexander Lukashenko". Only a holder's check (a title near the place, `states_attribute`)
    is strict enough to pass over the ranker's order; not for "the previous leader", "the leader of the
    opposition" or "in 1990", which the check cannot tell from today's, nor of "the space agency"
    (no place read: any quote writing "chief executive" would pass)."""
    if not ranked or gives(ranked[0]):
        return list(ranked)
    attribute = asked_attribute(question)
    owner = _asked_of(question, attribute, ()) if attribute in HOLDERS else ()
    if not owner or not names_a_place(" ".join(owner)) or not _asks_plainly(question, attribute or "", owner):
        return []  # of a place alone: "the Communist Party of Belarus" is read as an owner too
    holder = next(
        (item for item in ranked[1:HOLDER_CANDIDATES] if mentions_of(quote_of(item), owner) and gives(item)),
        None,
    )
    return [] if holder is None else [holder, *(item for item in ranked if item is not holder)]


def _asks_plainly(question: str, attribute: str, owner: tuple[str, ...]) -> bool:
    """Whether the question asks only who holds the office of the owner now (`_PLAIN_WORDS`): "Who is
    the leader of the church in Belarus?" does not."""
    plain = _PLAIN_WORDS | set(attribute.split()) | set(owner)
    for match in WORD.finditer(question.lower()):
        word = match.group(0)
        if word not in plain and word.removesuffix("s") not in plain and not names_a_place(word):
            return False
    return True


def _leads_with(title: str, whom: tuple[str, ...]) -> bool:
    """Whether a title is about whom: it opens with their name ("Brindlewood Coffee Profit Slides…"),
    not names them further on ("Globex hires former Acme executive" is about Globex)."""
    return bool(whom) and holds_name(" ".join(_OPENING.sub("", title).split()[:_TITLE_SUBJECT_WORDS]), whom)


def _of_another(quote: str, attribute: str | None) -> bool:
    """Whether the quote states the attribute only of someone it names ("Kazakh President Tokayev",
    "Starbucks chief executive"): under a title about Ukraine, that is no answer about Ukraine's."""
    if attribute is None:
        return False
    said = [match.start() for match in ATTRIBUTES[attribute][1].finditer(quote.lower())]
    return bool(said) and all(_NAMED_BEFORE.search(quote[max(0, at - _NAME_REACH) : at]) for at in said)


def _states(question: str, quote: str, attribute: str | None, whom: tuple[str, ...]) -> bool:
    if asks_how_many(question) and not holds_count(quote):
        return False
    measure = asked_measure(question)
    if measure is not None and not holds_measure(quote, measure):  # a sum, a weight, an age
        return False
    if measure is Measure.AGE and not gives_age_of(quote, whom or names_in(question)):
        return False
    return attribute is None or states_attribute(quote, attribute, whom)


def names_in(question: str) -> tuple[str, ...]:
    """The names the question writes (`names.names_written`), lower case."""
    return tuple(name.lower() for name in names_written(question))


def _asked_of(question: str, attribute: str | None, subject: tuple[str, ...]) -> tuple[str, ...]:
    """Whom the question asks about: the name it writes, or for a place's or body's attribute, whose it
    is (`asked_owner`: "whats the capital of kazakhstan", "What language is spoken in Armenia?"); asked
    of "its" or "their", the `subject` ("What is its capital?" after a question about Kazakhstan)."""
    keywords = keyword_attribute(question)  # "belarus president", "putin age": whose, in keywords
    typed = keywords.owner if keywords is not None and keywords.attribute == attribute else ()
    if attribute == "leader":
        timeless = untimed(question)  # "Who was the leader of Germany in 1914?"
        owner = _owner_only(asked_owner(timeless), attribute) or led_place(timeless) or typed
        return _governed(owner) if _GOVERNMENT.search(question) else owner
    if attribute not in OWNED_ATTRIBUTES:
        return asked_name(question) or typed
    owner = _owner_only(asked_owner(question), attribute)
    return owner or typed or (subject if _ITS.search(question) else ())


def _owner_only(owner: tuple[str, ...], attribute: str) -> tuple[str, ...]:
    """The owner without the attribute's own words: "what is the name of azerbaijans president" asks
    of Azerbaijan, and any quote writing "President" named an owner of ("azerbaijans", "president");
    "Who is the Supreme Leader of Iran?" asks of Iran. A place's whole name stays ("united kingdom")."""
    if not owner or names_a_place(" ".join(owner)):
        return owner
    stated = ATTRIBUTES[attribute][1]
    end = len(owner)
    while end > 1 and (stated.search(owner[end - 1]) or owner[end - 1] == "s"):  # "korea's": "korea", "s"
        end -= 1
    start = max((i + 1 for i, word in enumerate(owner[: end - 1]) if stated.search(word)), default=0)
    return owner[start:end]


def _governed(owner: tuple[str, ...]) -> tuple[str, ...]:
    """The government in a capital is its country's: "Who heads the government in Yerevan?" is
    answered by "Armenian Prime Minister Nikol Pashinyan" (but Kyiv's leader is its mayor)."""
    country = capital_countries().get(" ".join(owner))
    return tuple(country.split()) if country else owner
