"""A who-said answer's highlight reaches back to the sentence that names the speaker.

News names whom it quotes once and goes on with '"…," he added.' Asked "Who called the Shahed drones a
weapon of terror?", the best sentence is the one that says it, and it names no one: the highlight (and
so the quote) begins instead at the nearest sentence before it, in its passage, that names whoever
says something ("…, military analyst Vyacheslav Tseluiko told the Kyiv Independent."), when every
sentence in between is speech of no one named too and the whole fits in a quote.
"""

from __future__ import annotations

import re
from dataclasses import replace

from index.search.ranking import Ranked
from index.search.speakers import speakers

__all__ = ["asks_who_said", "with_speaker"]

# Sentences back from the best one to the one naming its speaker: "Oreshkin told…", "He added that…",
# '"In this situation…," he added.', '"Putin is losing allies…"'.
MAX_SENTENCES_BACK = 3

_SAYING = (
    r"(?:say|says|said|saying|tell|tells|told|add|adds|added|argue|argues|argued|call|calls|called|"
    r"describe|describes|described|warn|warns|warned|claim|claims|claimed|believe|believes|believed|"
    r"think|thinks|thought|predict|predicts|predicted|suggest|suggests|suggested|note|notes|noted|"
    r"stress|stresses|stressed|insist|insists|insisted|compare|compares|compared|admit|admits|admitted|"
    r"state|states|stated|write|writes|wrote|report|reports|reported|quoted)"
)
_WHO_SPEAKS = (
    r"(?:analyst|expert|official|politician|scholar|researcher|journalist|commentator|economist|"
    r"scientist|spokes(?:man|woman|person)|minister|professor|observer|historian|critic|author|writer|"
    r"philosopher|person|man|woman|leader|newspaper|outlet|agency|source)s?"
)
_WORD = r"[^\W\d_]+(?:[-'’][^\W\d_]+)*"
# Asked first thing: "Who said…?", "Who has argued…?", "Which Russian-born analysts have said…?", "Who is
# quoted as saying…?", "Whose words were…?", "According to whom…?"; not "What did Tesla claim…?", "Who
# did Tesla call…?", "Who was called…?" (what was said, or of whom), nor "Where does the analyst who
# said … work?".
_WHO_SAID = re.compile(
    rf"^\W*(?:(?:who|(?:which|what)\s+(?:{_WORD}\s+){{0,2}}?{_WHO_SPEAKS})\s+"
    rf"(?:(?:has|have|had)\s+)?(?:also\s+|first\s+|later\s+|publicly\s+|once\s+)?{_SAYING}\b|"
    r"(?:who|(?:which|what)\s+\w+)\s+(?:is|was|were)\s+quoted\b|whose\s+words\b|according\s+to\s+whom\b)",
    re.IGNORECASE,
)
# Speech by someone named before: '…," he added.', "He added that…", "according to her".
_PRONOUN_SPEAKS = re.compile(
    rf"\b(?:he|she|they)\s+(?:also\s+)?{_SAYING}\b|\baccording\s+to\s+(?:him|her|them)\b", re.IGNORECASE
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
# What "he" or "she" cannot stand for: "According to the Valmora Gazette, …" names no speaker.
_NOT_PEOPLE = frozenset({
    "times", "post", "journal", "gazette", "news", "herald", "tribune", "agency", "reuters", "bloomberg",
    "express", "independent", "guardian", "telegraph", "ministry", "office", "institute", "council",
    "committee", "report", "review", "service", "network", "press", "department", "government",
})  # fmt: skip
_OPENING_QUOTE = re.compile(r"\s*[\"“‘]")


def asks_who_said(question: str) -> bool:
    """Whether the question asks who said (argued, called, warned…) something."""
    return _WHO_SAID.search(question) is not None


def with_speaker(question: str, ranked: Ranked) -> Ranked:
    """The candidate, its highlight reaching back to the sentence naming its speaker when the question
    asks who said something and the highlight is speech of no one it names, nor the next sentence in
    its paragraph does ('"A. B," Brandt said.' is split after "A.")."""
    if ranked.quote_chars is None or not asks_who_said(question):
        return ranked
    text, spans = ranked.candidate.text, ranked.spans
    first = next((i for i, (start, _) in enumerate(spans) if start >= ranked.highlight[0]), None)
    last = next((i for i, (_, end) in enumerate(spans) if end >= ranked.highlight[1]), None)
    if first is None or last is None or _names_speaker(text[ranked.highlight[0] : ranked.highlight[1]]):
        return ranked
    if not _unnamed_speech(_sentence(text, spans, first)):
        return ranked
    if _named_next(text, spans, last):
        return ranked
    for back in range(first - 1, max(-1, first - 1 - MAX_SENTENCES_BACK), -1):
        sentence = _sentence(text, spans, back)
        if _names_speaker(sentence):
            if ranked.highlight[1] - spans[back][0] > ranked.quote_chars:
                return ranked
            return replace(ranked, highlight=(spans[back][0], ranked.highlight[1]))
        if not _unnamed_speech(sentence):
            return ranked
    return ranked


def _named_next(text: str, spans: tuple[tuple[int, int], ...], last: int) -> bool:
    following = last + 1
    if following >= len(spans) or "\n" in text[spans[last][1] : spans[following][0]]:
        return False
    return _names_speaker(_sentence(text, spans, following))


def _sentence(text: str, spans: tuple[tuple[int, int], ...], index: int) -> str:
    start, end = spans[index]
    return text[start:end]


def _names_speaker(text: str) -> bool:
    """Whether the text names someone saying something: not a pronoun ("he said Valmora had waited" is
    his speech), nor a newspaper or a body."""
    text = _PRONOUN_SPEAKS.sub(lambda match: " " * len(match.group(0)), text)
    return any(
        run and run[0].lower() not in _PRONOUNS and run[-1].lower() not in _NOT_PEOPLE
        for run in speakers(text)
    )


def _unnamed_speech(sentence: str) -> bool:
    """Speech whose speaker the sentence leaves to what came before: a pronoun's, or a quotation."""
    return _PRONOUN_SPEAKS.search(sentence) is not None or _OPENING_QUOTE.match(sentence) is not None
