"""A who-said answer's highlight reaches back to the sentence that names the speaker.

News names whom it quotes once and goes on with '"…," he added.' Asked "Who called the Shahed drones a
weapon of terror?", the best sentence is the one that says it, and it names no one: the highlight (and
so the quote) begins instead at the nearest sentence before it, in its passage, that names whoever
says something ("…, military analyst Vyacheslav Tseluiko told the Kyiv Independent."), when every
sentence in between is speech of no one named too, or of a body ("The Kremlin said nothing."), and the
whole fits in a quote. A quotation that closes naming its speaker ('"A. B. C," Brandt said.') is not
reached back from.
"""

from __future__ import annotations

import re
from dataclasses import replace

from index.search.ranking import Ranked
from index.search.speakers import speakers
from index.search.word_forms import names_a_place

__all__ = ["asks_who_said", "speakers_of_speech", "with_speaker"]

# Sentences back from the best one to the one naming its speaker: "Oreshkin told…", "He added that…",
# '"In this situation…," he added.', '"Putin is losing allies…"'.
MAX_SENTENCES_BACK = 3
# Sentences a quotation may run on to the one naming its speaker ('"A. B. C," Brandt said.').
MAX_SENTENCES_QUOTED = 6

_SAYING = (
    r"(?:say|says|said|saying|tell|tells|told|add|adds|added|argue|argues|argued|call|calls|called|"
    r"describe|describes|described|warn|warns|warned|claim|claims|claimed|believe|believes|believed|"
    r"think|thinks|thought|predict|predicts|predicted|suggest|suggests|suggested|note|notes|noted|"
    r"stress|stresses|stressed|insist|insists|insisted|compare|compares|compared|admit|admits|admitted|"
    r"state|states|stated|write|writes|wrote|report|reports|reported|quoted|explain|explains|explained|"
    r"points?\s+out|pointed\s+out|mention|mentions|mentioned|remark|remarks|remarked|declare|declares|"
    r"declared|comment|comments|commented)"
)
_WHO_SPEAKS = (
    r"(?:analyst|expert|official|politician|scholar|researcher|journalist|commentator|economist|"
    r"scientist|spokes(?:man|woman|person)|minister|professor|observer|historian|critic|author|writer|"
    r"philosopher|person|man|woman|leader|newspaper|outlet|agency|source)s?"
)
_WORD = r"[^\W\d_]+(?:[-'’][^\W\d_]+)*"
# Asked first thing, maybe after "And" or "Do you know": "Who said…?", "Who else has argued…?", "Which
# Russian-born analysts have said…?", "Who was the analyst who said…?", "Who's quoted as saying…?",
# "Whose words were…?", "According to whom…?"; not "What did Tesla claim…?", "Who did Tesla call…?",
# "Who was called…?" (what was said, or of whom), nor "Where does the analyst who said … work?".
_WHO_SAID = re.compile(
    r"^\W*(?:(?:and|so|but|ok|okay)\W+)?(?:(?:do|does)\s+(?:you|anyone|anybody)\s+know\s+|"
    r"(?:can|could)\s+you\s+tell\s+me\s+)?"
    rf"(?:(?:who(?:\s+else)?|(?:which|what)\s+(?:{_WORD}\s+){{0,2}}?{_WHO_SPEAKS}|"
    rf"who\s+(?:is|was)\s+the\s+(?:{_WORD}\s+){{0,2}}?{_WHO_SPEAKS}\s+(?:who|that))\s+"
    rf"(?:(?:has|have|had)\s+)?(?:(?:also|first|later|publicly|once|[a-z]+ly)\s+)?(?P<verb>{_SAYING})\b|"
    r"(?:who|(?:which|what)\s+\w+)(?:\s+(?:is|was|were)|['’]s)\s+quoted\b|whose\s+words\b|"
    r"according\s+to\s+whom\b)",
    re.IGNORECASE,
)
# Verbs of doing as much as of saying: "Who wrote Harry Potter?", "Who called the fire brigade?" ask who
# did it; "Who called the drones a weapon of terror?", "Who wrote that…?" who said something.
_DOING_TOO = re.compile(r"call|write|wrote|report|describ", re.IGNORECASE)
_SAID_SOMETHING = re.compile(r"""\b(?:that|as|about|how)\b|["“‘]|\s(?:a|an)\s""", re.IGNORECASE)
# Speech by someone named before: '…," he added.', "He later said that…", "according to her". Only
# lower-case words between ("She and Brandt said" names Brandt).
_PRONOUN_SPEAKS = re.compile(
    rf"\b(?:he|she|they)\s+(?-i:[a-z]+\s+){{0,2}}?{_SAYING}\b|\baccording\s+to\s+(?:him|her|them)\b",
    re.IGNORECASE,
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
# What "he" or "she" cannot stand for: "According to the Valmora Gazette, …", "The Kremlin said…",
# "Officials said…" name no speaker.
_NOT_PEOPLE = frozenset({
    "times", "post", "journal", "gazette", "news", "herald", "tribune", "agency", "reuters", "bloomberg",
    "express", "independent", "guardian", "telegraph", "ministry", "office", "institute", "council",
    "committee", "report", "review", "service", "network", "press", "department", "government",
    "kremlin", "pentagon", "house", "defence", "defense", "army", "military", "police", "command",
    "officials", "authorities", "experts", "analysts", "sources", "residents", "witnesses", "critics",
})  # fmt: skip
_OPENING_QUOTE = re.compile(r"""\s*["“‘'«]""")
# Where a highlight's speech of no one named begins: a pronoun's, or a quotation opening a sentence.
_SPEECH = re.compile(rf"""{_PRONOUN_SPEAKS.pattern}|(?:^|[.!?]\s+)["“‘«]""", re.IGNORECASE)


def asks_who_said(question: str) -> bool:
    """Whether the question asks who said (argued, called, warned…) something."""
    asked = _WHO_SAID.search(question)
    if asked is None:
        return False
    verb = asked.group("verb")
    if verb is None or not _DOING_TOO.match(verb):
        return True
    rest = question[asked.end() :]
    return not rest.lstrip().lower().startswith("for ") and _SAID_SOMETHING.search(rest) is not None


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
    if _names_speaker(_sentence(text, spans, first)) or _named_when_closed(text, spans, first):
        return ranked
    for back in range(first - 1, max(-1, first - 1 - MAX_SENTENCES_BACK), -1):
        if _names_speaker(_sentence(text, spans, back)):
            if ranked.highlight[1] - spans[back][0] > ranked.quote_chars:
                return ranked
            return replace(ranked, highlight=(spans[back][0], ranked.highlight[1]))
        if not _unnamed_speech(text, spans, back) and not _bodies_speak(_sentence(text, spans, back)):
            return ranked
    return ranked


def speakers_of_speech(highlight: str) -> list[list[str]]:
    """Whom the highlight has saying something, whoever its speech of no one named belongs to first:
    the last named before it (the sentence a who-said highlight reached back to), else in order."""
    speech = _SPEECH.search(highlight)
    if speech is None or not (named_before := speakers(highlight[: speech.start()])):
        return speakers(highlight)
    return [*reversed(named_before), *speakers(highlight[speech.start() :])]


def _named_when_closed(text: str, spans: tuple[tuple[int, int], ...], first: int) -> bool:
    """Whether a quotation the sentence leaves open closes, in its paragraph, naming its speaker."""
    paragraph = _paragraph_start(text, spans[first][0])
    for index in range(first, min(len(spans), first + MAX_SENTENCES_QUOTED + 1)):
        start, end = spans[index]
        if index > first and "\n" in text[spans[index - 1][1] : start]:
            return False
        if not _quotation_open(text[paragraph:end]):
            return index > first and _names_speaker(text[start:end])
    return False


def _sentence(text: str, spans: tuple[tuple[int, int], ...], index: int) -> str:
    start, end = spans[index]
    return text[start:end]


def _paragraph_start(text: str, position: int) -> int:
    return text.rfind("\n", 0, position) + 1


def _quotation_open(text: str) -> bool:
    """Whether a quotation opened in the text runs on past its end (straight or curly double quotes)."""
    return text.count('"') % 2 == 1 or text.count("“") + text.count("«") > text.count("”") + text.count("»")


def _names_speaker(text: str) -> bool:
    """Whether the text names someone saying something: not a pronoun ("he said Valmora had waited" is
    his speech), a newspaper, a body, a place or an acronym ("CNN reported")."""
    text = _PRONOUN_SPEAKS.sub(lambda match: " " * len(match.group(0)), text)
    return any(run and run[0].lower() not in _PRONOUNS and _a_person(run) for run in speakers(text))


def _bodies_speak(sentence: str) -> bool:
    """Whether only bodies, places or groups speak in the sentence ("The Kremlin said nothing."): "he"
    after it stands for someone named before."""
    runs = speakers(sentence)
    return bool(runs) and not any(run and _a_person(run) for run in runs)


def _a_person(run: list[str]) -> bool:
    return (
        run[-1].lower() not in _NOT_PEOPLE
        and not all(word.isupper() for word in run)
        and not names_a_place(" ".join(run).lower())
    )


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
