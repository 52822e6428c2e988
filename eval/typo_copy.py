#!/usr/bin/env python3
"""Writes a machine-typed chat copy of a question set: lower case, no punctuation, and two typos in
words of three letters or more (a letter dropped, doubled, swapped with the next, or replaced), the
question words and short words included ("wat", "irn"). Gold and kind are copied unchanged.

Usage: python3 eval/typo_copy.py eval/article_paraphrases.jsonl SEED > eval/article_paraphrases_typos.jsonl

With `--keyboard` after the seed, a replaced letter is a key next to it on a QWERTY keyboard, as a
finger slips (run it with the project's `.venv/bin/python`, which has `index` to import).

The hand-written chat copy (`article_paraphrases_chat.jsonl`) spells by ear and drops words; this one
is random, so a fresh seed gives questions no code was ever tried on.
"""

from __future__ import annotations

import json
import random
import re
import sys

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def typo(word: str, rng: random.Random, keyboard: bool = False) -> str:
    at = rng.randrange(len(word))
    edit = rng.choice(("drop", "double", "swap", "replace"))
    if edit == "drop" and len(word) > 2:
        return word[:at] + word[at + 1 :]
    if edit == "double":
        return word[:at] + word[at] + word[at:]
    if edit == "swap" and at + 1 < len(word):
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if keyboard:
        from index.search.spelling_edits import neighbouring_keys

        return word[:at] + rng.choice(sorted(neighbouring_keys(word[at])) or LETTERS) + word[at + 1 :]
    return word[:at] + rng.choice(LETTERS) + word[at + 1 :]


def main() -> None:
    path, seed, keyboard = sys.argv[1], int(sys.argv[2]), sys.argv[3:] == ["--keyboard"]
    rng = random.Random(seed)
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            words = re.sub(r"[^\w\s]", "", item["q"].lower()).split()
            longer = [i for i, word in enumerate(words) if len(word) >= 3]
            for i in rng.sample(longer, k=min(2, len(longer))):
                words[i] = typo(words[i], rng, keyboard)
            item["q"] = " ".join(words)
            print(json.dumps(item, ensure_ascii=False))


if __name__ == "__main__":
    main()
