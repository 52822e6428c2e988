"""How a question asks when, in what year or for how long, and what a quote that says so holds (lower
case): the time attributes among `attribute_cues`, read after the others ("When was it founded?" is a
year; any other "When …?" a time)."""

from __future__ import annotations

import re

from index.search.number_words import CARDINAL_WORDS

__all__ = ["RATE", "TIME_CUES", "TIME_TAKEN"]

# attribute: (how a question asks for it, what a quote that states it holds)
# How long something takes, with a number: "in eleven minutes", "within 2 hours" ("in the early hours" is
# when, not how long).
_NUMBER_WORDS = CARDINAL_WORDS
TIME_TAKEN = (
    r"\b(?:in|within|under|took|takes|take|taking) (?:about |just |only |less than |roughly |around )?"
    rf"(?:\d+|an?|{_NUMBER_WORDS}|a few|half an?) (?:seconds?|minutes?|hours?)\b"
)

# A number of something in a span of time: "ten miles a day", "80 kilometres an hour" ("once a day",
# "a day" alone, are no rate).
RATE = (
    rf"\b(?:\d[\d,.]*|{_NUMBER_WORDS}) (?!times )(?:[\w-]+ )?(?:a|an|per|each) "
    r"(?:day|hour|minute|second|week)\b"
)

TIME_CUES: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "year": (
        re.compile(
            r"\b(?:what|which) (?:year|decade|century)\b|\bwhen (?:was|were|did) (?:\w+ ){1,5}(?:founded|"
            r"established|created|formed|built|set up|launched|become independent|gain independence)\b|"
            # typed as keywords: "when csto founded", "csto founded when", "csto founding year"
            r"^\s*when (?!(?:is|are|was|were|will|would|do|does|did|has|have|had)\b)(?:\w+ ){1,5}(?:founded|"
            r"established|created|formed|built|set up|launched)\b|"
            r"(?<!\bbe )\b(?:founded|established|created|formed|built|set up|launched) (?:in )?"
            r"(?:when|what year)\W*$|"
            r"\b(?:founding|foundation) (?:year|date)\b"
        ),
        # "in 1991", "the 1990s", "the 19th century", "a decade later", "two years ago"
        re.compile(
            r"\b(?:1\d|20)\d\d\b|\d0s\b|centur|decade|\b\d+(?:st|nd|rd|th)\b|"
            r"years? (?:ago|later|earlier|before|after)"
        ),
    ),
    # "How long has Lukashenko been in power?": a span of time, not a date ("in 2020"). SQuAD half A's 35
    # how-long questions all hold one of these near their answer.
    "duration": (
        re.compile(r"^\s*how long (?:has|have|had|did|does|do|will|would|was|were)\b"),
        re.compile(
            r"\b(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centur(?:y|ies)|"
            r"generations?|lifetime|era|period|term)\b|\bsince\b|\bun?til\b|\bthroughout\b|\bduring\b|"
            r"\blong\b|\bshort\b|\bbrief|\bforever\b|\bages\b|\bpermanent|\btemporar"
        ),
    ),
    # "When will the war end?": only what is expected, planned or said of the future answers it.
    "future": (
        re.compile(r"^\s*when (?:will|shall)\b|^\s*when (?:is|are) (?:[\w-]+ ){1,5}going to\b"),
        re.compile(
            r"\bwill\b|\bwould\b|\bshall\b|\bgoing to\b|\bexpect|\bplan|\bschedul|\bnext\b|\bsoon\b|"
            r"\bforecast|\bpredict|\blikely\b|\bcould\b|\bmay\b|\bmight\b|\bset to\b|\bdue\b|"
            r"\bupcoming|\bfuture|\bintend|\bhope|\baim|\bby (?:the end of )?(?:19|20)\d\d|'ll\b|’ll\b|"
            r"\bcoming\b|\bpayable\b|\beffective\b|\bdeadline|"
            # what is scheduled, told in the present: "the bridge opens in March"
            r"\b(?:opens|begins|starts|ends|closes|launches|takes place|resumes|returns|arrives)\b"
        ),
    ),
    # Any other "When …?": SQuAD half A's 434 all hold one of these near their answer.
    "time": (
        re.compile(
            r"^\s*when (?:is|was|were|are|did|does|do|will|would|had|has|have|could|can|should)\b|"
            r"\b(?:on|in|at|by|until|since) what (?:date|day|month|time)\b|\bwhat (?:date|day|month)\b|"
            # keywords, "when" last: "lachin corridor taken when"
            r"\w \s*when\W*$"
        ),
        re.compile(
            r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)|monday|tuesday|wednesday|thursday|"
            r"friday|saturday|sunday|spring|summer|autumn|\bfall\b|winter|\byears?\b|centur|decade|\bera\b|"
            r"\bages?\b|period|\bago\b|\bsince\b|\bafter\b|\bbefore\b|\bduring\b|\bun?til\b|\bwhen\b|"
            r"\bwhile\b|\bthen\b|\blater\b|\bearl(?:y|ier)\b|\blate\b|recent|\blast\b|\bnext\b|today|"
            r"yesterday|tomorrow|\bnow\b|\btime|\bonce\b|\bformer|\bfirst\b|\bday|\bweek|\bmonth|\bnight|"
            r"\bmorning|\bevening|\bdawn|\bdusk|\bnoon|midnight|\bhours?\b|\bsoon\b|\bupon\b|following|"
            r"\bprior\b|\bonwards?\b|\bbirth|\bdeath|\bdied\b|\bwar\b|\breign|\bend of\b|beginning|\bstart|"
            r"afternoon|o'clock|\bat (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b|"
            r"\b[ap]\.?m\b|tonight|sunrise|sunset|aftermath|meantime|immediately|shortly|eventually|"
            r"previously|currently|already|\bagain\b|\bever\b|\bnever\b|holiday|christmas|easter|anniversar|"
            r"\bseason"
        ),
    ),
}  # fmt: skip
