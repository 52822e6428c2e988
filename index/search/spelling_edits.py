"""How far apart a typed word and a meant word are: edits, and how likely a slip of the fingers made
them (`index.search.spelling` ranks its corrections by both)."""

from __future__ import annotations

from rapidfuzz.distance import OSA

__all__ = ["edit_distance", "keys_apart", "neighbouring_keys", "typing_slip"]

# A QWERTY keyboard's letter rows; each row sits about half a key right of the one above, so a key's
# neighbours above are the keys at its own index and the next, below at the previous and its own.
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbours() -> dict[str, frozenset[str]]:
    near: dict[str, set[str]] = {}
    for r, row in enumerate(_ROWS):
        for i, key in enumerate(row):
            keys = near.setdefault(key, set())
            keys.update(row[j] for j in (i - 1, i + 1) if 0 <= j < len(row))
            if r > 0:
                keys.update(_ROWS[r - 1][j] for j in (i, i + 1) if j < len(_ROWS[r - 1]))
            if r + 1 < len(_ROWS):
                keys.update(_ROWS[r + 1][j] for j in (i - 1, i) if 0 <= j < len(_ROWS[r + 1]))
    return {key: frozenset(keys) for key, keys in near.items()}


_NEIGHBOURS = _neighbours()


def typing_slip(typed: str, meant: str) -> int:
    """How unlikely a slip of the fingers turns `meant` into `typed`, one edit apart: 0 for a letter
    dropped, doubled or swapped with its neighbour, 1 for one replaced, 2 for a stray letter added
    (not a doubled one). "dronnes" is "drones" and "aford" "afford", not "ford"; "irn" is "iran", not
    "in". Words further apart than one edit are all 0: their edit count already ranks them."""
    if len(typed) + 1 == len(meant):
        return 0
    if len(typed) == len(meant) + 1:
        at = next((i for i, (a, b) in enumerate(zip(typed, meant, strict=False)) if a != b), len(meant))
        doubled = (at > 0 and typed[at - 1] == typed[at]) or (
            at + 1 < len(typed) and typed[at + 1] == typed[at]
        )
        return 0 if doubled else 2
    if len(typed) != len(meant):
        return 0
    differ = [i for i, (a, b) in enumerate(zip(typed, meant, strict=True)) if a != b]
    if len(differ) == 2 and differ[1] == differ[0] + 1 and typed[differ[0]] == meant[differ[1]]:
        return 0
    return 1 if len(differ) == 1 else 0


def neighbouring_keys(letter: str) -> frozenset[str]:
    """The letters next to `letter` on a QWERTY keyboard (none for anything but a lower-case letter)."""
    return _NEIGHBOURS.get(letter, frozenset())


def keys_apart(typed: str, meant: str) -> int:
    """1 where `typed` is `meant` with one letter replaced by a key not next to it on the keyboard,
    else 0: a finger slips onto a neighbouring key, so "refuwe" is "refuse" (w above s), not "refuge"."""
    if len(typed) != len(meant):
        return 0
    differ = [(a, b) for a, b in zip(typed, meant, strict=True) if a != b]
    if len(differ) != 1:
        return 0
    slipped, wanted = differ[0]
    return 0 if slipped in neighbouring_keys(wanted) else 1


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours is one edit), or limit + 1 beyond it:
    rapidfuzz's, in C++ (the Python loop this replaced took 80 µs a pair, and a knowledge base of
    words a letter apart gave a question thousands of pairs a word)."""
    return int(OSA.distance(a, b, score_cutoff=limit))
