"""Which words the knowledge base writes as names (follow-ups: does a reply name something new?)."""

from __future__ import annotations

import Stemmer

from index.search.names import written_as_names

TEXTS = (
    "Since February, Belarus has been supplying weapons to Russia, says Sazonov.",
    "In October, Belarus supplied tanks.\n“Belarus is an occupied country,” Sazonov says.",
    "War broke out in 2020. The war ended in the Nagorno-Karabakh War. Many say the war is lost.",
    "Many of its allies say so. (Many are silent.)",
)


def test_words_capitalised_mid_sentence_are_names_and_sentence_starts_are_not() -> None:
    stem = Stemmer.Stemmer("english").stemWord

    found = written_as_names({"belarus", "sazonov", "war", "mani", "say", "absent"}, TEXTS, stem)

    # "Belarus" opens a quotation once and "War" a sentence; "war" is capitalised mid-sentence only
    # once out of four: not more often than not.
    assert found == {"belarus", "sazonov"}


def test_no_words_asked_means_no_names() -> None:
    assert written_as_names((), TEXTS, str.lower) == set()
