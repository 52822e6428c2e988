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
    r"(?:say|says|said|tell|tells|told|add|adds|added|argue|argues|argued|call|calls|called|describe|"
    r"describes|described|warn|warns|warned|claim|claims|claimed|believe|believes|believed|think|thinks|"
    r"thought|predict|predicts|predicted|suggest|suggests|suggested|note|notes|noted|stress|stresses|"
    r"stressed|insist|insists|insisted|compare|compares|compared|admit|admits|admitted|quoted|according)"
)
_WHO_SPEAKS = (
    r"(?:analyst|expert|official|politician|scholar|researcher|journalist|commentator|economist|"
    r"scientist|spokes(?:man|woman|person)|minister|professor|observer|historian|critic|author|writer|"
    r"person|man|woman|leader|newspaper|outlet|agency|source)s?"
)
# "Who said…?", "Which Ukrainian analyst argued…?", "According to whom…?"; not "What did Tesla claim…?",
# "Who did Tesla call…?" or "Who was called…?", which ask what was said or of whom.
_WHO_SAID = re.compile(
    rf"\b(?:who|(?:which|what)\s+(?:[^\W\d_]+\s+){{0,2}}?{_WHO_SPEAKS})\s+"
    rf"(?:also\s+|first\s+|later\s+|publicly\s+|once\s+)?{_SAYING}\b|\baccording\s+to\s+whom\b",
    re.IGNORECASE,
)
# Speech by someone named before: '…," he added.', "He added that…", "according to her".
_PRONOUN_SPEAKS = re.compile(
    rf"\b(?:he|she|they)\s+(?:also\s+)?{_SAYING}\b|\baccording\s+to\s+(?:him|her|them)\b", re.IGNORECASE
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
_OPENING_QUOTE = re.compile(r"\s*[\"“‘]")


def asks_who_said(question: str) -> bool:
    """Whether the question asks who said (argued, called, warned…) something."""
    return _WHO_SAID.search(question) is not None


def with_speaker(question: str, ranked: Ranked) -> Ranked:
    """The candidate, its highlight reaching back to the sentence naming its speaker when the question
    asks who said something and the highlight's first sentence is speech of no one it names."""
    if ranked.quote_chars is None or not asks_who_said(question):
        return ranked
    text, spans = ranked.candidate.text, ranked.spans
    first = next((i for i, (start, _) in enumerate(spans) if start >= ranked.highlight[0]), None)
    if first is None or _names_speaker(_sentence(text, spans, first)):
        return ranked
    if not _unnamed_speech(_sentence(text, spans, first)):
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


def _sentence(text: str, spans: tuple[tuple[int, int], ...], index: int) -> str:
    start, end = spans[index]
    return text[start:end]


def _names_speaker(sentence: str) -> bool:
    return any(run and run[0].lower() not in _PRONOUNS for run in speakers(sentence))


def _unnamed_speech(sentence: str) -> bool:
    """Speech whose speaker the sentence leaves to what came before: a pronoun's, or a quotation."""
    return _PRONOUN_SPEAKS.search(sentence) is not None or _OPENING_QUOTE.match(sentence) is not None
