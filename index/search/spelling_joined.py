"""Two words typed as one, written apart again.

Chat drops hyphens: "the Russian-led alliance" typed is "russianled", and the keyword index, which reads
the knowledge base's "Russian-led" as two words, holds no such word. `index.search.spelling` writes
such a word apart, with its hyphen back, when it splits into words the knowledge base uses.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["apart", "apart_misspelt", "numbers_apart", "with_numbers_apart"]

# A name and a number typed as one, as chat drops the hyphen of "An-124" or "Su-25"; the number may
# close with a model's letters ("T-72A", "Su-25SM", "F-16C"), which the keyword index reads with it.
_NAME_NUMBER = re.compile(r"(?u)\b([^\W\d_]{1,20})(\d{1,8}[^\W\d_]{0,3})\b")

# Two words typed as one are looked for in words this long, each part this long at least ("ex" in
# "exussr" is too short: "tvward" would be "tv" and "ward").
MIN_JOINED_LENGTH = 6
MIN_PART_LENGTH = 3
MIN_SLIPPED_PART = 4  # a part taken as misspelt: three letters are one edit from too many words
# Endings the model's vocabulary holds as words: "geting" is a misspelt form of "get", not "get-ing".
SUFFIXES = frozenset(
    {"ing", "ings", "ers", "est", "ness", "ment", "ments", "ism", "ist", "ity", "ous", "ish"}
)


def apart(word: str, held: Callable[[str], bool], real: Callable[[str], bool]) -> str | None:
    """`word` split into a knowledge-base word (`held`) and a real word (`real`, or `held` too), with a
    hyphen between ("russian-led", "nagorno-karabakh"; "jinping" is no "jin-ping": neither part is
    held). The split with more held parts, then the longer shorter part, wins; None when none does."""
    if len(word) < MIN_JOINED_LENGTH:
        return None
    best: tuple[int, int, int] | None = None
    for at in range(MIN_PART_LENGTH, len(word) - MIN_PART_LENGTH + 1):
        parts = (word[:at], word[at:])
        if parts[1] in SUFFIXES:
            continue
        kept = [held(part) for part in parts]
        if any(kept) and all(k or real(part) for k, part in zip(kept, parts, strict=True)):
            rank = (sum(kept), min(at, len(word) - at), at)
            best = rank if best is None or rank > best else best
    return None if best is None else f"{word[: best[2]]}-{word[best[2] :]}"


def apart_misspelt(
    word: str, held: Callable[[str], bool], near: Callable[[str], tuple[str, int] | None]
) -> str | None:
    """`word` as two words with a slip in one ("iarnianmade" → "iranian-made"): one part held as typed,
    the other (`MIN_SLIPPED_PART` letters or more) one edit from a knowledge-base word, which `near`
    gives with its slip (`index.search.spelling_edits.typing_slip`). With any real word as the part
    typed right, "russais" had become "rus-said". The likelier slip, then the longer shorter part, wins."""
    if len(word) < MIN_JOINED_LENGTH:
        return None
    best: tuple[tuple[int, int], str] | None = None
    for at in range(MIN_PART_LENGTH, len(word) - MIN_PART_LENGTH + 1):
        parts = (word[:at], word[at:])
        if parts[1] in SUFFIXES:
            continue
        for typed, exact in ((0, 1), (1, 0)):
            if len(parts[typed]) < MIN_SLIPPED_PART or not held(parts[exact]):
                continue
            found = near(parts[typed])
            if found is None:
                continue
            fixed = [*parts]
            fixed[typed] = found[0]
            rank = (-found[1], min(at, len(word) - at))
            if best is None or rank > best[0]:
                best = (rank, "-".join(fixed))
    return None if best is None else best[1]


def numbers_apart(text: str, held: Callable[[str], bool]) -> dict[str, str]:
    """The names with their numbers typed as one in `text` ("an124", "shahed136", "t72a"), each with
    its reading apart ("an-124"): where the knowledge base holds (`held`) the number and the name, or the
    name is one or two letters ("An" is a stop word, "F" no word), but not the two joined."""
    readings: dict[str, str] = {}
    for match in _NAME_NUMBER.finditer(text):
        name, number = match.group(1).lower(), match.group(2)
        if not held(name + number) and held(number) and (len(name) <= 2 or held(name)):
            readings[match.group(0)] = f"{match.group(1)}-{number}"
    return readings


def with_numbers_apart(text: str, readings: dict[str, str]) -> str:
    """`text` with the joined names and numbers `numbers_apart` found written apart."""
    return _NAME_NUMBER.sub(lambda m: readings.get(m.group(0), m.group(0)), text) if readings else text
