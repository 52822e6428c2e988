"""What makes a message a question at all: bounded, without control characters, not empty; and the
form of it the sentence model reads best."""

from __future__ import annotations

import re
import unicodedata

from index.errors import BadQuestion

__all__ = ["MAX_QUESTION_CHARS", "MAX_RAW_QUESTION_CHARS", "as_embedded", "clean_question"]

MAX_QUESTION_CHARS = 2000
MAX_RAW_QUESTION_CHARS = 10 * MAX_QUESTION_CHARS  # before runs of whitespace are collapsed
_ENDING_MARKS = ("?", ".", "!", "？", "。", "！", "…")
# `qabot stats` prints questions: no C0 or C1 controls (0x9b opens an escape); C1 NEL (0x85) is a space.
# Invisible format marks go too (zero-width spaces and joiners, direction marks, a soft hyphen, a BOM):
# a message of zero-width spaces alone was searched, and recorded as an unanswered question.
_CONTROL_CHARS = {
    **dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n"),
    **dict.fromkeys(range(127, 160), " "),
    **dict.fromkeys([0xAD, *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2070), 0xFEFF]),
}
# Full-width Latin letters, digits and marks ("Ｗｈｏ ｉｓ Ｓａｚｏｎｏｖ？", as East Asian keyboards type
# them) and Latin ligatures ("ﬁ") as the plain letters they are: as typed, no word matched and it was
# refused. Not all of NFKC: "CO₂", "km²" and "10⁶" would lose their meaning, and the passages keep them.
_PLAIN_FORMS = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {
    code: unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)
}


# Cyrillic and Greek letters drawn as Latin ones, as they turn up inside English words ("Whо is
# Sаzоnоv?", typed on a Cyrillic layout or pasted to dodge filters): no word matched, and the sentence
# model quoted an unrelated passage with confidence. Unicode's confusables.txt pairs them. Only a word
# with more Latin letters than look-alikes, and no other letter of their script, is read in Latin: a
# Russian word typed with one Latin letter ("сaхар") or notation such as "NF-κB" is left as written.
_LATIN_LOOK_ALIKES = str.maketrans(
    "аеорсухѕіјһԁԛԝӏүАВЕКМНОРСТХУЅІЈԚԜҮҺӀοικνρυΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxsijhdqwlyABEKMHOPCTXYSIJQWYHIoikvpuABEZHIKMNOPTYX",
)
_LETTERS = re.compile(r"[^\W\d_]+")


def _in_latin(word: re.Match[str]) -> str:
    text = word[0]
    latin = sum(c.isascii() for c in text)
    if latin * 2 <= len(text):  # as many look-alikes as Latin letters, or more: not an English word
        return text
    folded = text.translate(_LATIN_LOOK_ALIKES)
    return folded if folded.isascii() else text


def clean_question(question: str) -> str:
    if len(question) > MAX_RAW_QUESTION_CHARS:  # refused before any work on it, whatever its shape
        raise BadQuestion(
            f"That question is too long ({len(question)} characters; at most {MAX_QUESTION_CHARS})."
        )
    # Lone surrogates (an escaped \ud83e in a chat API's JSON, undecodable argv bytes) make the
    # tokenizer and the database raise; valid pairs are joined and lone halves become U+FFFD.
    question = question.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = " ".join(question.translate(_CONTROL_CHARS).split())
    if not text:
        raise BadQuestion("Please ask a question: the message was empty.")
    if len(text) > MAX_QUESTION_CHARS:
        raise BadQuestion(
            f"That question is too long ({len(text)} characters; at most {MAX_QUESTION_CHARS})."
        )
    text = text.translate(_PLAIN_FORMS)  # after the bound, which counts what was typed (a ligature is 3)
    return text if text.isascii() else _LETTERS.sub(_in_latin, text)


def as_embedded(question: str) -> str:
    """The question as the sentence model is given it: ending in a question mark where it ends in no
    mark at all ("has beijing taken sides in the war"), as the questions it and the ranker learnt from
    do. Chat drops the mark, and without it the best passage was another one more often: SQuAD half A
    asked without marks, hit@1 0.8485 as typed, 0.8551 with the mark put back (docs/quality.md)."""
    return question if question.rstrip().endswith(_ENDING_MARKS) else f"{question.rstrip()}?"
