"""Regenerates `index/search/english_words.txt.gz`: English words, spelt right, which the spelling
correction leaves as typed.

    .venv/bin/python scripts/english_words.py

The words are lemminflect's lexicon (lemmas and their inflections, about 60,000): lower-case, letters
only, three or more. The bundled model's vocabulary holds whole words too, but only about 23,000, and
few inflections or rarer words ("soured", "breaching", "clout", "yolk"), which were "corrected" into
the knowledge base's words ("toured", "reaching", "cloud", "york"). The output is sorted and gzipped
without a timestamp, so a rerun writes the same file.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from lemminflect import Lemmatizer

OUTPUT = Path(__file__).resolve().parents[1] / "index" / "search" / "english_words.txt.gz"


def english_words() -> list[str]:
    lexicon = Lemmatizer()._getLemmaDict()  # the lexicon lemminflect looks words up in
    return sorted({word for word in lexicon if len(word) >= 3 and word.isascii() and word.isalpha() and word.islower()})


def main() -> None:
    words = english_words()
    data = "".join(f"{word}\n" for word in words).encode("utf-8")
    OUTPUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{OUTPUT}: {len(words)} words")


if __name__ == "__main__":
    main()
