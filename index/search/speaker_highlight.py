"""A who-said answer's highlight reaches back to the sentence that names the speaker.

News names whom it quotes once and goes on with '"…," he added.' Asked "Who called the Shahed drones a
weapon of terror?", the best sentence is the one that says it, and it names no one: the highlight (and
so the quote) begins instead at the nearest sentence before it, in its passage, that names whoever
says something ("…, military analyst Vyacheslav Tseluiko told the Kyiv Independent."), when every
sentence in between is speech of no one named too, or of a body ("The Kremlin said nothing."), and the
whole fits in a quote. A quotation that closes naming its speaker ('"A. B. C," Brandt said.', or
'"…," the mayor said.') is not reached back from.
"""

from __future__ import annotations

import re
from dataclasses import replace

from index.search.ranking import Ranked
from index.search.speakers import speakers
from index.search.who_said import SAYING, asks_who_said
from index.search.word_forms import capital_countries, countries

__all__ = ["speakers_of_speech", "with_speaker"]

# Sentences back from the best one to the one naming its speaker: "Oreshkin told…", "He added that…",
# '"In this situation…," he added.', '"Putin is losing allies…"'.
MAX_SENTENCES_BACK = 3
# Sentences a quotation may run on to the one naming its speaker ('"A. B. C," Brandt said.').
MAX_SENTENCES_QUOTED = 6

# Speech by someone named before: '…," he added.', "He later said that…", "she has repeatedly told",
# "according to her"; not "he was not told".
_PRONOUN_SPEAKS = re.compile(
    rf"\b(?:he|she|they)\s+(?-i:(?:also|later|then|has|had|have|once|further|earlier|again|previously|"
    rf"[a-z]+ly)\s+){{0,2}}{SAYING}\b|\baccording\s+to\s+(?:him|her|them)\b",
    re.IGNORECASE,
)
# Speech credited to someone by role, not name: '…," the mayor said.', '…," a resident told…'.
_CREDITED = re.compile(
    rf"[\"”’'],?\s*(?:the|a|an|one|another|his|her|their)\s+(?:[^\W\d_]+\s+){{0,3}}?{SAYING}\b|"
    rf"[\"”’'],?\s*{SAYING}\s+(?:the|a|an|one|another)\b",
    re.IGNORECASE,
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
# What "he" or "she" cannot stand for: "According to the Valmora Gazette, …", "The Kremlin said…",
# "Officials said…" name no speaker.
_BODIES = frozenset({
    "times", "post", "journal", "gazette", "news", "herald", "tribune", "agency", "reuters", "bloomberg",
    "express", "independent", "guardian", "telegraph", "ministry", "office", "institute", "council",
    "committee", "report", "review", "service", "network", "press", "department", "government",
    "kremlin", "pentagon", "house", "defence", "defense", "army", "military", "police", "command",
    "officials", "authorities", "experts", "analysts", "sources", "residents", "witnesses", "critics",
})  # fmt: skip
_OPENING_QUOTE = re.compile(r"""\s*["“‘'«]""")
_QUOTE_MARK = re.compile(r"""["“”«»]""")
_QUOTED = re.compile(r"""(?<![^\s(])"[^"\n]*"|“[^“”\n]*”|«[^«»\n]*»""")  # no mark inside: linear
_WORDS = re.compile(r"[^\W\d_]+")
# Where a highlight's speech of no one named begins: a pronoun's, or a quotation opening a sentence.
_SPEECH = re.compile(rf"""{_PRONOUN_SPEAKS.pattern}|(?:^|[.!?]\s+)["“‘«]""", re.IGNORECASE)


def with_speaker(question: str, ranked: Ranked) -> Ranked:
    """The candidate, its highlight reaching back to the sentence naming its speaker when the question
    asks who said something and the highlight opens with speech of no one it names, nor does the
    sentence closing its quotation ('"A. B," Brandt said.' is split after "A.")."""
    if ranked.quote_chars is None or not asks_who_said(question):
        return ranked
    text, spans = ranked.candidate.text, ranked.spans
    first = next((i for i, (start, _) in enumerate(spans) if start >= ranked.highlight[0]), None)
    if first is None or not _unnamed_speech(text, spans, first):
        return ranked
    if _speaker_given(_sentence(text, spans, first)) or _named_when_closed(text, spans, first):
        return ranked
    for back in range(first - 1, max(-1, first - 1 - MAX_SENTENCES_BACK), -1):
        sentence = _sentence(text, spans, back)
        if _names_speaker(sentence):
            if ranked.highlight[1] - spans[back][0] > ranked.quote_chars:
                return ranked
            return replace(ranked, highlight=(spans[back][0], ranked.highlight[1]))
        if _speaker_given(sentence) or not (_unnamed_speech(text, spans, back) or _bodies_speak(sentence)):
            return ranked
    return ranked


def speakers_of_speech(highlight: str) -> list[list[str]]:
    """Whom the highlight has saying something, whoever its speech of no one named belongs to first:
    the last person named before it (the sentence a who-said highlight reached back to), else in order."""
    speech = _SPEECH.search(highlight)
    named_before = (
        [] if speech is None else [r for r in speakers(highlight[: speech.start()]) if _a_person(r)]
    )
    if speech is None or not named_before:
        return speakers(highlight)
    return [*reversed(named_before), *speakers(highlight[speech.start() :])]


def _named_when_closed(text: str, spans: tuple[tuple[int, int], ...], first: int) -> bool:
    """Whether a quotation the sentence leaves open closes naming its speaker, in its paragraph or in
    the next ones it runs on to (news opens each paragraph of a long quotation with a quote mark)."""
    paragraph = _paragraph_start(text, spans[first][0])
    for index in range(first, min(len(spans), first + MAX_SENTENCES_QUOTED + 1)):
        start, end = spans[index]
        if index > first and "\n" in text[spans[index - 1][1] : start]:
            if _OPENING_QUOTE.match(text, start) is None:
                return False
            paragraph = start
        if not _quotation_open(text[paragraph:end]):
            return index > first and _speaker_given(text[start:end])
    return False


def _sentence(text: str, spans: tuple[tuple[int, int], ...], index: int) -> str:
    start, end = spans[index]
    return text[start:end]


def _paragraph_start(text: str, position: int) -> int:
    return text.rfind("\n", 0, position) + 1


def _quotation_open(text: str) -> bool:
    """Whether a quotation opened in the text runs on past its end. A straight mark after a space or
    at the start opens one, after a digit it is inches (12"), else it closes one."""
    depth = 0
    for mark in _QUOTE_MARK.finditer(text):
        char, before = mark.group(), text[mark.start() - 1] if mark.start() else " "
        if char == '"' and before.isdigit():
            continue
        opens = char in "“«" or (char == '"' and (before.isspace() or before in "(["))
        depth = depth + 1 if opens else max(0, depth - 1)
    return depth > 0


def _speaker_given(sentence: str) -> bool:
    """Whether the sentence gives its speech a speaker, by name or by role ('…," the mayor said.')."""
    return _names_speaker(sentence) or _CREDITED.search(sentence) is not None


def _names_speaker(text: str) -> bool:
    """Whether the text names someone saying something outside its quotations: not a pronoun ("he said
    Valmora had waited" is his speech), a body or an acronym ("CNN reported"), nor a country or
    capital alone ("Moscow said" or "Jordan said": which, is not known)."""
    text = _PRONOUN_SPEAKS.sub(_blank, _QUOTED.sub(_blank, text))
    return any(run and run[0].lower() not in _PRONOUNS and _a_person(run) for run in speakers(text))


def _bodies_speak(sentence: str) -> bool:
    """Whether only bodies speak in the sentence, naming no one else ("The Kremlin said nothing."): "he"
    after it stands for someone named before. "Police said Tomasz Brandt was arrested" names him."""
    runs = speakers(sentence)
    if not runs or not all(run and _a_body(run) for run in runs):
        return False
    allowed = {word for run in runs for word in run} | {word.title() for word in _BODIES}
    return all(not word[0].isupper() or word in allowed for word in _WORDS.findall(sentence)[1:])


def _a_person(run: list[str]) -> bool:
    name = " ".join(run).lower()
    return bool(run) and not _a_body(run) and name not in countries() and name not in capital_countries()


def _a_body(run: list[str]) -> bool:
    return run[-1].lower() in _BODIES or all(word.isupper() for word in run)


def _unnamed_speech(text: str, spans: tuple[tuple[int, int], ...], index: int) -> bool:
    """Speech whose speaker the sentence leaves to what came before: a pronoun's, a quotation it opens,
    or one opened before it ('Brandt told the council: "A. B."' has B speech of Brandt)."""
    start, end = spans[index]
    sentence = text[start:end]
    return (
        _PRONOUN_SPEAKS.search(sentence) is not None
        or _OPENING_QUOTE.match(sentence) is not None
        or _quotation_open(text[_paragraph_start(text, start) : start])
    )


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))
