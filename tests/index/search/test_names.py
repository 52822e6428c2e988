"""Which words the knowledge base writes as names (follow-ups: does a reply name something new?)."""

from __future__ import annotations

import Stemmer

from index.search.keyword import KeywordIndex
from index.search.names import names_written, unknown_names, written_as_names

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


def test_a_name_that_mostly_opens_sentences_is_still_a_name() -> None:
    """The article names Oreshkin at the start of most sentences that quote him: counted among all his
    mentions, he was no name, and "What else does he say?" went to passages naming only Kazakhstan."""
    texts = (
        "Oreshkin says Kazakhstan does not support the Kremlin. Oreshkin argued that China is not keen.",
        "Oreshkin said that Putin is reluctant. Kazakhstan can count on China, according to Oreshkin.",
    )

    found = written_as_names({"oreshkin", "kazakhstan", "argu"}, texts, Stemmer.Stemmer("english").stemWord)

    assert found == {"oreshkin", "kazakhstan"}


def test_a_word_that_only_opens_sentences_is_a_name_only_when_the_caller_says_so() -> None:
    """ "CNN reported…" opens every sentence naming CNN; "Meanwhile" too, and it is no name."""
    texts = ("CNN reported on Nov. 1 that Iran would send more. Meanwhile, Belarus is all in.",)
    stem = Stemmer.Stemmer("english").stemWord

    assert written_as_names({"cnn", "meanwhil"}, texts, stem) == set()
    assert written_as_names({"cnn", "meanwhil"}, texts, stem, unseen={"cnn"}) == {"cnn"}


def test_no_words_asked_means_no_names() -> None:
    assert written_as_names((), TEXTS, str.lower) == set()


def test_a_question_names_what_it_capitalises_where_no_sentence_or_quotation_begins() -> None:
    question = 'Did Macron meet Putin in Paris? "Yes," said Le Monde, and (Reuters) agreed. Did Macron?'

    assert names_written(question) == ["Macron", "Putin", "Paris", "Le", "Monde"]


def test_unknown_names_are_those_no_held_stem_stands_for_as_a_word_or_as_a_capitals_country() -> None:
    index = KeywordIndex([1], ["Belarus sent tanks to Russia in October, Ukraine's General Staff said."])
    held = set(index.stems_of("Belarus sent tanks to Russia in October, Ukraine's General Staff said."))

    question = "Did Minsk or Kyiv or Tbilisi tell FIFA about the Staff? I ask The Times."

    # Minsk and Kyiv are capitals of countries the passage names; "I" and "The" are stop words.
    assert unknown_names(question, index.name_stems, held) == ["Tbilisi", "FIFA", "Times"]
    assert unknown_names(question, index.name_stems, set()) == [
        "Minsk",
        "Kyiv",
        "Tbilisi",
        "FIFA",
        "Staff",
        "Times",
    ]
