"""Which words a text writes as names: capitalised where no sentence begins ("Belarus", "Sazonov").

Follow-ups use it to tell a reply that names something new ("What does he say about Belarus?") from one
that only asks more ("How many is that?"). The texts are the knowledge base's own (well-formed
articles), so a question typed in lower case is judged by how the articles write its words.

Refusals use the names a question itself writes: one that no passage holds ("Who won the FIFA World
Cup?") says the question is about something the knowledge base does not cover.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence

__all__ = ["names_written", "unknown_names", "written_as_names"]

# Linear time: one pass of a single character class.
_WORD = re.compile(r"[^\W\d_]+")
# A capital right after one of these (spaces skipped) may only begin a sentence or a quotation.
_OPENERS = frozenset(".!?:;\"“‘'(\n")
_LOOKBACK = 4


def names_written(text: str) -> list[str]:
    """The words the text capitalises where no sentence or quotation begins, in order, once each."""
    names: dict[str, None] = {}
    for match in _WORD.finditer(text):
        word = match.group(0)
        before = text[max(0, match.start() - _LOOKBACK) : match.start()].rstrip(" \t")
        if word[0].isupper() and before and before[-1] not in _OPENERS:
            names[word] = None
    return list(names)


def unknown_names(
    question: str, name_stems: Callable[[str], Sequence[str]], held: Collection[str]
) -> list[str]:
    """The names the question writes that none of the `held` stems stands for: not as a word, and not
    as what it means (`name_stems`: a capital's country, a defined acronym's expansion). Stop words
    ("I", "The") have no stems and are no names."""
    unknown = []
    for name in names_written(question):
        stems = name_stems(name)
        if stems and not any(stem in held for stem in stems):
            unknown.append(name)
    return unknown


def written_as_names(
    stems: Collection[str],
    texts: Iterable[str],
    stem: Callable[[str], str],
    unseen: Collection[str] = (),
) -> set[str]:
    """Those of `stems` that the texts write capitalised more often than not where a sentence or
    quotation does not begin (`stem` as the keyword index stems words), and those of `unseen` the
    texts never write there. A sentence's first word says nothing either way: "Oreshkin says…" opens
    most of the sentences that name him."""
    wanted = set(stems)
    if not wanted:
        return set()
    seen: Counter[str] = Counter()
    capitalised: Counter[str] = Counter()
    for text in texts:
        for match in _WORD.finditer(text):
            word = match.group(0)
            found = stem(word.lower())
            if found not in wanted:
                continue
            before = text[max(0, match.start() - _LOOKBACK) : match.start()].rstrip(" \t")
            if not before or before[-1] in _OPENERS:
                continue
            seen[found] += 1
            capitalised[found] += word[0].isupper()
    return {s for s in wanted if 2 * capitalised[s] > seen[s] or (not seen[s] and s in unseen)}
