"""What kind of answer a question wants, and which sentences hold one: cheap cues, no model.

A why-question wants a cause, a when-question a date, a how-many-question a number, a who-question a
person (or a body), a where-question a place. The ranking uses "this sentence holds the kind of thing
asked for" as evidence, so the highlight of "Why won't Lukashenko send troops?" is the sentence that
gives the reason, not the one that repeats the question's words.

Every pattern is a set of alternatives without nested repetition, so matching is linear in the text,
and one pass over a passage finds the cues of all its sentences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import IntEnum

import numpy as np

from index.search.spelling_words import AUXILIARIES, WH_WORDS


class AnswerType(IntEnum):
    """The kind of answer a question asks for (its value is a ranking feature, so the order is fixed)."""

    NONE = 0
    PERSON = 1
    DATE = 2
    NUMBER = 3
    PLACE = 4
    CAUSE = 5


# Checked in order: "how many years" is a number, "what year" a date, "who" a person.
_QUESTION_TYPES: tuple[tuple[AnswerType, re.Pattern[str]], ...] = (
    # "What has pushed Kazakhstan away?", "What is behind Belarus's support?": a cause asked without "why".
    (AnswerType.CAUSE, re.compile(r"\b(?:why|how come|for what (?:reason|purpose)|"
                                  r"what (?:was |is )?the (?:reason|motive|purpose|rationale)|"
                                  r"what (?:has |have |had )?(?:caused|causes|led|leads|made|makes|"
                                  r"drove|drives|driven|prompted|pushed|forced|triggered|sparked)|"
                                  r"what(?: is| was|'s|’s|s| are| were| lies| lay) behind|"
                                  r"what explains|what motivated|because of what)\b")),
    (AnswerType.NUMBER, re.compile(r"\b(?:how (?:many|much|far|long|old|big|large|tall|high|often)|"
                                   r"what (?:number|percentage|percent|share|amount|proportion|fraction)|"
                                   r"number of)\b")),
    (AnswerType.DATE, re.compile(r"\b(?:when|what (?:year|date|day|month|time|decade|century|period)|"
                                 r"which (?:year|date|day|month|decade|century)|since when|"
                                 r"in what (?:year|month|decade|century))\b")),
    (AnswerType.PLACE, re.compile(r"\b(?:where|what (?:country|city|place|region|town|state|capital)|"
                                  r"which (?:country|city|place|region|town|state|capital|countries|cities)|"
                                  r"in what (?:country|city|place|region|town|state))\b")),
    (AnswerType.PERSON, re.compile(r"\b(?:who|whom|whose|which (?:person|leader|president|man|woman|"
                                   r"organi[sz]ation|company|group)|what (?:person|organi[sz]ation|"
                                   r"company|group))\b")),
)  # fmt: skip

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_NUMBER_WORDS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
    r"fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|half|"
    r"percent|majority|minority)"
)
# The cues of each kind of answer; only the asked-for kind is scanned for. Case-blind cues are matched
# in the lower-cased text: Python's re.IGNORECASE made those scans two to three times slower.
_CUES: dict[AnswerType, tuple[re.Pattern[str] | None, re.Pattern[str] | None]] = {
    # (in the text as written, in the lower-cased text)
    # Also the day and the hour, and a match's minute: "voted Wednesday night", "at 6:30 p.m.", "In the
    # 55th minute" (not "a scale of 1:50", "John 3:16").
    AnswerType.DATE: (
        re.compile(rf"\b{_MONTH}|\b(?:1[5-9]\d\d|20\d\d)s?\b|\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?\b"),
        re.compile(r"\b(?:century|decade|yesterday|today|tonight|overnight|(?:last|next|this) (?:year|month|"
                   r"week|night|season)|since|until|ago|noon|midnight|morning|afternoon|evening|weekend|"
                   r"half-?time|(?:\d{1,3}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|"
                   r"ninth|tenth|final|last|opening|closing) minutes?|at \d{1,2}:\d\d)\b"
                   r"|\b\d{1,2}(?:[:.]\d\d)? ?(?:[ap]\.m\.|[ap]m\b)"),
    ),
    # A list item's own number ("2. Buy a Viva Viagem card.") counts nothing.
    AnswerType.NUMBER: (
        None, re.compile(rf"(?!(?<![^\n])\d{{1,3}}[.)]\s)\b\d[\d,.]*\b|\b{_NUMBER_WORDS}\b|%")
    ),
    AnswerType.CAUSE: (
        None,
        re.compile(
            r"\b(?:because|due to|owing to|as a result|result of|in order to|so that|so as to|since|"
            r"reason|reasons|caused|causes|cause|led to|leads to|lead to|thanks to|amid|would mean|"
            r"means that|fear|fears|feared|afraid|aims? to|aimed|wants? to|wanted|in response|therefore|"
            r"thus|hence|why|driven by|hit by|blamed?|blames|attributed to|traced|stemm(?:ed|ing) from|"
            r"stems? from|trigger(?:ed|s)|prompt(?:ed|s)|on the back of|outweigh(?:ed|s)|offset by|"
            r"consequences?)\b"
        ),
    ),
    AnswerType.PLACE: (
        re.compile(
            r"\b(?:in|at|from|to|near|across|into) (?:the )?[A-Z][\w’'-]+|\b(?:capital|city|country|"
            r"region|border|province|town)\b"
        ),
        None,
    ),
    AnswerType.PERSON: (
        re.compile(
            r"\b[A-Z][a-z’'-]+ [A-Z][a-z’'-]+\b|\b(?:president|leader|minister|analyst|dictator|chief|"
            r"spokesman|spokeswoman|king|queen|emperor|founder|author|director|ayatollah|general|"
            r"professor|scholar)\b"
        ),
        None,
    ),
}  # fmt: skip


# A how-many question is answered by a count: a number (not a year, not part of a name such as
# "Shahed-136" or "T-72A"), a number word, "twice", or a list of at least four items.
_HOW_MANY = re.compile(r"\bhow many\b")
# A few keywords opening with "number of" or closing with what counts ("total", "toll"), the first no
# question word or auxiliary: "what is the total" and "is there a death toll" ask otherwise.
_ASKING_WORDS = "|".join(sorted(WH_WORDS | AUXILIARIES | {"whats", "whos"}))
_KEYWORD_COUNT = re.compile(
    rf"\s*(?!(?:{_ASKING_WORDS})\b)(?:(?:the |total )?number of (?:[\w’'-]+ ){{0,4}}[\w’'-]+|"
    r"(?:[\w’'-]+ ){1,5}(?:total|number|count|toll|tally))[\s?!.]*"
)
_NOT_COUNTS = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)s?\b|\b[A-Za-z]+-\d+[A-Za-z]*\b|\b\d+-[A-Za-z]+\b")
_TIMES = re.compile(r"\b(?:once|twice|thrice)\b")
_CLAUSE_ENDS = re.compile(r"[.;:!?]")
LIST_COMMAS = 3


def asks_how_many(question: str) -> bool:
    """ "How many …?", or typed as keywords: "number of drones iran sent", "russian soldiers killed
    total", "death toll"."""
    lowered = question.lower()
    return bool(_HOW_MANY.search(lowered) or _KEYWORD_COUNT.fullmatch(lowered))


def holds_count(text: str) -> bool:
    """Whether the text could answer a how-many question (see `_NOT_COUNTS` for what is no count)."""
    if holds_cue(_NOT_COUNTS.sub(" ", text), AnswerType.NUMBER) or _TIMES.search(text.lower()):
        return True
    return any(clause.count(",") >= LIST_COMMAS for clause in _CLAUSE_ENDS.split(text))


def question_type(question: str) -> AnswerType:
    """The kind of answer the question asks for; NONE when it does not say ("What is the CSTO?")."""
    lowered = question.lower()
    for kind, pattern in _QUESTION_TYPES:
        if pattern.search(lowered):
            return kind
    return AnswerType.NONE


def holds_cue(text: str, kind: AnswerType) -> bool:
    """Whether the text holds a cue of the `kind` of answer (a date, a number, …) anywhere."""
    return bool(sentence_cues(text, [(0, len(text))], kind)[0])


def sentence_cues(text: str, spans: Sequence[tuple[int, int]], kind: AnswerType) -> np.ndarray:
    """For each sentence (span) of `text`, how many cues of the `kind` of answer it holds."""
    starts = np.fromiter((start for start, _ in spans), dtype=np.int64, count=len(spans))
    ends = np.fromiter((end for _, end in spans), dtype=np.int64, count=len(spans))
    return span_cues(text, text.lower(), starts, ends, kind)


def span_cues(text: str, lowered: str, starts: np.ndarray, ends: np.ndarray, kind: AnswerType) -> np.ndarray:
    """`sentence_cues` for spans given as arrays of starts and ends (sorted, not overlapping), with the
    text lower-cased too (`text.lower()`; the text itself if lower-casing changed its length)."""
    counts = np.zeros(len(starts), dtype=np.float32)
    if kind == AnswerType.NONE or not len(starts):
        return counts
    cased, blind = _CUES[kind]
    if blind is not None and len(lowered) != len(text):  # a rare letter such as "İ": positions moved
        blind, lowered = re.compile(blind.pattern, re.IGNORECASE), text
    positions = [match.start() for match in cased.finditer(text)] if cased is not None else []
    if blind is not None:
        positions += [match.start() for match in blind.finditer(lowered)]
    if not positions:
        return counts
    at = np.asarray(positions, dtype=np.int64)
    sentence = np.searchsorted(starts, at, side="right") - 1
    inside = (sentence >= 0) & (at < ends[np.maximum(sentence, 0)])
    np.add.at(counts, sentence[inside], 1)
    return counts


__all__ = [
    "AnswerType", "asks_how_many", "holds_count", "holds_cue", "question_type", "sentence_cues", "span_cues",
]  # fmt: skip
