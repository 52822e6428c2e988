"""Training copies of a question: SQuAD's questions share more words with their answers than people's
do, so the ranker also learns from copies that share fewer (`reworded`), whose words match other
passages of the article (`misleading`), or that are misspelt (`chat_typed`)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

__all__ = [
    "PASSAGE_ONLY_VARIANTS",
    "VARIANTS",
    "article_words",
    "chat_typed",
    "misleading",
    "reworded",
]

VARIANTS = ("as written", "reworded", "chat-typed", "misleading")
# Copies that teach which passage answers but not which sentence: a misleading copy's words point at
# other sentences, and a sentence model trained on them picked the sentence repeating the question's
# words over the one holding the date of a when-question.
PASSAGE_ONLY_VARIANTS = frozenset({"misleading"})

_WORD = re.compile(r"[A-Za-z]{4,}")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def article_words(body: str) -> list[str]:
    """The longer words of an article, lower case, sorted: what `misleading` swaps in."""
    return sorted({word.lower() for word in _WORD.findall(body)})


def reworded(question: str, rng: random.Random) -> str:
    """About half the question's longer words swapped for words no passage holds, as a paraphrase's
    synonyms are (at least one word kept)."""
    return _swap_half(question, rng, lambda word: "zq" + word[::-1].lower())


def misleading(question: str, words: Sequence[str], rng: random.Random) -> str:
    """About half the question's longer words swapped for other `words` of its article, as a
    paraphrase's words often are: they match other passages of the same article."""
    if not words:
        return question
    return _swap_half(question, rng, lambda _: rng.choice(words))


def _swap_half(question: str, rng: random.Random, swapped: Callable[[str], str]) -> str:
    words = list(_WORD.finditer(question))
    if len(words) < 2:
        return question
    chosen = set(rng.sample(range(len(words)), k=max(1, len(words) // 2)))
    parts, last = [], 0
    for number, match in enumerate(words):
        if number in chosen:
            parts.append(question[last : match.start()] + swapped(match.group(0)))
            last = match.end()
    return "".join(parts) + question[last:]


def chat_typed(question: str, rng: random.Random) -> str:
    """The question as typed in a chat: lower case, no punctuation, one or two typos, and sometimes
    only its longer words."""
    words = re.sub(r"[^\w\s]", "", question.lower()).split()
    if rng.random() < 0.2:
        words = [w for w in words if len(w) > 3] or words
    longer = [i for i, w in enumerate(words) if len(w) > 3]
    for i in rng.sample(longer, k=min(len(longer), rng.choice((1, 2)))):
        word, at = words[i], rng.randrange(1, len(words[i]))
        edit = rng.choice(("drop", "double", "swap", "replace"))
        if edit == "drop":
            words[i] = word[:at] + word[at + 1 :]
        elif edit == "double":
            words[i] = word[:at] + word[at] + word[at:]
        elif edit == "swap" and at + 1 < len(word):
            words[i] = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        else:
            words[i] = word[:at] + rng.choice(_LETTERS) + word[at + 1 :]
    return " ".join(words)
