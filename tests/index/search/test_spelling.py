"""Chat-typed questions: misspelt words are corrected against the knowledge base's own vocabulary."""

from __future__ import annotations

import gc
import weakref

import pytest

from index.model.encoder import dictionary_in_order, dictionary_words
from index.search.correctors import real_words
from index.search.keyword import KeywordIndex
from index.search.spelling import SpellingCorrector, corrector_for
from index.service import QAService
from index.settings import DEFAULT_MODEL
from tests.index.search.spelling_support import corrector_over

VOCABULARY = {"iran": 5, "drone": 3, "admit": 2, "war": 9, "lukashenko": 4, "kazakhstan": 2, "sanction": 3}


def _corrector() -> SpellingCorrector:
    surfaces = {"drone": "drones", "sanction": "sanctions"}
    return SpellingCorrector(
        VOCABULARY,
        surfaces.get,
        lambda word: word[:-1] if word.endswith("s") else word,
        frozenset({"the", "about", "did", "what", "when"}),
    )


@pytest.mark.parametrize(
    ("typed", "corrected"),
    [
        ("wat did irn admit about the dronnes", "what did iran admit about the drones"),
        ("why wont lukashenka send troops", "why won't lukashenko send troops"),
        ("kazakstan sanctons since wen", "kazakhstan sanctions since when"),
        # Contractions without their apostrophe are not other words ("theres" was "theresa").
        ("theres a drone youre sure ive", "there's a drone you're sure I've"),
        # "hwo" is one swap from "who" and "how": only "how" goes on "many", "much", "long"…
        ("hwo many drones", "how many drones"),
        ("hwo did iran admit", "who did iran admit"),
        # A question word two letters long once a letter is dropped, where a question word stands.
        ("hy did iran admit it", "why did iran admit it"),
        ("ow many dronnes", "how many drones"),
        ("iran admitted it ow", "iran admitted it ow"),
        # Elsewhere, a function word with a letter dropped: "the" is no noise to the sentence model.
        ("what did iran admit about th dronnes", "what did iran admit about the drones"),
    ],
)
def test_misspelt_words_become_the_knowledge_bases_words(typed: str, corrected: str) -> None:
    assert _corrector().correct(typed).text == corrected


def test_a_contraction_the_knowledge_base_uses_as_a_name_is_kept() -> None:
    corrector = SpellingCorrector({"ive": 2, "design": 3}, {}.get, lambda word: word, frozenset({"who"}))

    assert corrector.correct("who is ive").replaced == ()


def test_chats_own_words_are_not_taken_for_misspellings() -> None:
    corrector = SpellingCorrector({"low": 5, "drone": 3}, {}.get, lambda word: word, frozenset({"what"}))

    assert corrector.correct("lol omg drones").replaced == (("drones", "drone"),)


def test_known_words_and_words_far_from_any_are_left_alone() -> None:
    correction = _corrector().correct("Did Iran admit the war about quantum pancakes")

    assert correction.text == "Did Iran admit the war about quantum pancakes"
    assert correction.replaced == ()


def test_words_longer_than_any_real_word_are_neither_corrected_nor_corrected_into() -> None:
    """A page of 690-letter "words" a letter apart made every question that named one compare it with
    all of them (0.1 s each): 12 minutes of an answer thread for one question."""
    base = "ab" * 345
    longest = {base[:i] + "z" + base[i + 1 :]: 1 for i in range(0, 600, 3)}
    corrector = SpellingCorrector(
        {**VOCABULARY, **longest, "x" * 32: 1}, {}.get, lambda word: word, frozenset({"what", "is"})
    )

    assert corrector.correct(f"what is {base}").replaced == ()
    assert corrector.correct("what is " + "x" * 33).replaced == ()  # one letter from a 32-letter word
    assert corrector.correct("what is " + "x" * 31).text == "what is " + "x" * 32
    assert corrector.correct("wat did irn admit").text == "what did iran admit"


def test_the_case_of_the_rest_of_the_question_is_kept() -> None:
    assert _corrector().correct("What did Irn admit?").text == "What did iran admit?"


def test_a_chat_typed_question_finds_the_passage(seeded: QAService) -> None:
    answer = seeded.ask("wat did irn admit about the dronnes")

    assert answer.answered and answer.quote is not None
    assert "Iran" in answer.quote and "drones" in answer.quote


def test_a_misspelt_name_finds_its_passage(seeded: QAService) -> None:
    answer = seeded.ask("who is vyacheslav tseluko")

    assert answer.answered and answer.quote is not None
    assert "Vyacheslav Tseluiko" in answer.quote


def test_english_words_the_knowledge_base_lacks_are_not_corrected_into_its_words() -> None:
    corrector = SpellingCorrector(
        {"post": 3, "live": 2, "tank": 4, "iran": 5},
        {"tank": "tanks"}.get,
        lambda word: word[:-1] if word.endswith("s") else word,
        frozenset({"the", "did", "what", "where", "were"}),
        dictionary_words(DEFAULT_MODEL),
    )

    assert corrector.correct("where were the talks held").text == "where were the talks held"
    assert corrector.correct("did iran host talks").text == "did iran host talks"
    assert corrector.correct("wat did irn give").text == "what did iran give"


def test_the_dictionary_holds_english_words_not_misspellings() -> None:
    words = dictionary_words(DEFAULT_MODEL)

    assert {"host", "give", "talks", "handful"} <= words
    assert not {"presedent", "confesed", "neded", "kazakstan"} & words


def test_a_question_with_a_word_the_article_does_not_use_keeps_its_meaning(seeded: QAService) -> None:
    answer = seeded.ask("where were russia ukraine talks held after 2014")

    assert answer.answered and answer.quote is not None
    assert "Minsk" in answer.quote


def test_an_english_word_near_a_question_word_is_kept_when_the_question_word_is_there() -> None:
    stopwords = frozenset({"the", "what", "how"})
    vocabulary = {"iran": 5, "crimea": 2}
    corrector = SpellingCorrector(
        vocabulary, {}.get, lambda word: word, stopwords, dictionary_words(DEFAULT_MODEL)
    )

    assert corrector.correct("what caused the row").text == "what caused the row"
    assert corrector.correct("iran sanctions since wen").text == "iran sanctions since when"
    assert corrector.correct("crimea recognised how meny").text == "crimea recognised how many"


def test_an_english_word_past_the_first_is_no_auxiliary_but_may_be_a_question_word() -> None:
    """ "putin age" was "putin are", and read as asking nothing of Putin's age."""
    corrector = SpellingCorrector(
        {"putin": 5, "iran": 5, "russia": 5, "drone": 3, "csto": 2, "found": 2},
        {}.get,
        lambda word: word,
        frozenset({"the"}),
        dictionary_words(DEFAULT_MODEL),
    )

    assert corrector.correct("putin age").replaced == ()
    assert corrector.correct("iran aid russia").replaced == ()
    assert corrector.correct("csto found wen").text == "csto found when"  # a question word still
    assert corrector.correct("hoe did iran aid russia").text == "how did iran aid russia"  # first
    assert corrector.correct("dud iran aid russia").text == "did iran aid russia"


def test_real_words_are_not_taken_for_misspellings_of_the_knowledge_bases() -> None:
    """ "work" is a word, not a misspelt "york"; "went" is not "when". Chat's "wat" still is "what"."""
    dictionary = dictionary_words(DEFAULT_MODEL)
    assert {"work", "went", "later", "wat"} <= dictionary and "dronnes" not in dictionary
    corrector = SpellingCorrector(
        {"york": 3, "latter": 2, "drone": 3},
        {"drone": "drones"}.get,
        lambda word: word[:-1] if word.endswith("s") else word,
        frozenset({"did", "it", "the"}),
        dictionary,
    )

    assert corrector.correct("did it work later").replaced == ()
    assert corrector.correct("wat went wrong with the dronnes").text == "what went wrong with the drones"


def test_a_misspelt_demonym_becomes_the_word_the_index_reads_as_its_country() -> None:
    """The index reads "ukrainian" as "ukraine" (stem "ukrain"): "ukainian" is three edits from that
    stem, but one from the word."""
    index = KeywordIndex([1, 2], ["Ukrainian officials counted the drones.", "Iran admitted sending drones."])
    corrector = corrector_for(index, dictionary_words(DEFAULT_MODEL))

    assert corrector.correct("what did ukainian officials count").text == "what did ukrainian officials count"
    assert corrector.correct("what did ukranians count").text == "what did ukrainian count"
    assert index.search("what did ukrainian officials count", 2)[0][0] == 1


def test_a_misspelt_demonym_the_text_also_writes_in_the_plural_is_the_nearer_of_the_two() -> None:
    """ "russian" is read as "russia", so the first word written with its stem was "russians": every
    slip on "russian" became "russians", a word about people, not the country."""
    corrector = corrector_over("Russian troops left.", "Ethnic Russians live in the north.", "Russia lost.")

    for typed in ("rrussian", "russina", "russiann", "russain"):
        assert corrector.correct(f"where did {typed} troops go").text == "where did russian troops go", typed
    assert corrector.correct("where do ethnic rusians live").text == "where do ethnic russians live"


def test_a_misspelt_capital_of_a_country_the_knowledge_base_holds_is_corrected() -> None:
    index = KeywordIndex([1, 2], ["North Korea sold shells to Russia.", "Armenia asked for help."])
    corrector = corrector_for(index, dictionary_words(DEFAULT_MODEL))

    assert corrector.correct("what did pyonygang sell").text == "what did pyongyang sell"
    # A capital of a country the knowledge base does not hold is no word of it.
    assert corrector.correct("what did tokio sell").text == "what did tokio sell"


def test_real_words_are_left_alone_in_a_yes_no_question_and_when_the_model_lacks_them() -> None:
    """ "hand" is not a misspelt "had" when "Is" already asks; "soured" and "clout" are English that
    the model's vocabulary lacks (it has 23,000 whole words), not misspelt "toured" and "cloud"."""
    index = KeywordIndex([1, 2], ["Tourists toured the cloud forest.", "Russia had its troops withdraw."])
    corrector = corrector_for(index, real_words(DEFAULT_MODEL))

    assert corrector.correct("Is China working hand in hand with Russia?").replaced == ()
    assert corrector.correct("What soured relations and whose clout grew?").replaced == ()
    assert corrector.correct("iran sanctions since wen").text == "iran sanctions since when"


def test_a_misspelt_capital_the_stemmer_cuts_is_still_corrected_as_written() -> None:
    """The stemmer cuts "bejing" to "beje": two edits from Beijing's stem "beij", one from "beijing"."""
    index = KeywordIndex([1, 2], ["China weighs its ties with Russia.", "Being neutral has a cost."])
    corrector = corrector_for(index, real_words(DEFAULT_MODEL), dictionary_in_order(DEFAULT_MODEL))

    assert corrector.correct("does bejing arm russia").text == "does beijing arm russia"


def test_a_misspelling_as_near_to_two_words_of_an_article_becomes_the_more_common_english_word() -> None:
    # Each word occurs once: the knowledge base cannot tell them apart, English usage can.
    index = KeywordIndex([1, 2], ["The president spoke first.", "In the preceding weeks, talks stalled."])
    corrector = corrector_for(index, real_words(DEFAULT_MODEL), dictionary_in_order(DEFAULT_MODEL))

    assert corrector.correct("what did the presedent say").text == "what did the president say"


@pytest.mark.parametrize(
    ("typed", "corrected"),
    [
        # A swapped or doubled letter of "the" / "and", not the article's "tech" / "added".
        ("what did teh tech firms admit", "what did the tech firms admit"),
        ("who added sanctions andd when", "who added sanctions and when"),
        # A dropped letter, not a stray one added: the article says "afford", and "ford" too.
        ("which partner can beijing not aford to lose", "which partner can beijing not afford to lose"),
    ],
)
def test_a_slip_of_the_fingers_is_read_as_the_word_it_most_likely_spoils(typed: str, corrected: str) -> None:
    index = KeywordIndex(
        [1, 2, 3],
        [
            "Tech firms admitted that sanctions were added.",
            "Beijing cannot afford to lose Washington as a partner.",
            "A Ford plant closed.",
        ],
    )
    corrector = corrector_for(index, real_words(DEFAULT_MODEL), dictionary_in_order(DEFAULT_MODEL))

    assert corrector.correct(typed).text == corrected


def test_between_words_about_as_common_a_neighbouring_key_decides() -> None:
    corrector = corrector_over("Moscow did nothing for Yerevan.", "Refugees fled the fighting.")

    # "refuse" and "refuge" are one replaced letter from it; only s is next to w on the keyboard.
    assert corrector.correct("what did moscow refuwe to do").text == "what did moscow refuse to do"
    # "the" is far more common than "she", whose s is next to z: usage outweighs the keyboard.
    assert corrector.correct("what did zhe kremlin do").text == "what did the kremlin do"


def test_a_slip_is_measured_against_the_word_as_written_not_only_its_stem() -> None:
    # "dornes" is "drones" with two letters swapped, but two edits from its stem "drone" and one from
    # "born" (its stem "dorn" against "born").
    corrector = corrector_over("Iran sent drones to Russia.", "He was born in Minsk.")

    assert corrector.correct("when did iran send dornes").text == "when did iran send drones"


def test_a_word_one_replaced_letter_from_a_function_word_is_not_taken_for_it() -> None:
    # "nyt" (The New York Times) is one letter from "not", but a replaced letter is no proof of a slip.
    index = KeywordIndex([1], ["The New York Times reported it."])
    corrector = corrector_for(index, real_words(DEFAULT_MODEL), dictionary_in_order(DEFAULT_MODEL))

    assert corrector.correct("what did nyt report").text == "what did nyt report"


def test_a_function_word_with_a_wrong_letter_is_that_word_once_nothing_else_is_near() -> None:
    corrector = corrector_over("The Kremlin became much weaker.", "The New York Times reported it.")

    assert (
        corrector.correct("why has jhe kremlin grown tbe weaker").text
        == "why has the kremlin grown the weaker"
    )
    # Never a negation: that would turn the question around.
    assert corrector.correct("what did nyt report").text == "what did nyt report"


def test_words_written_with_capitals_are_names_not_chat_typing() -> None:
    # SQuAD's "located in Hollywood, CA" had become "can", and "Celeron" (the text's "Céloron") had
    # been cut into "cells-ron"; typed in lower case, "ca" and a joined word are chat's typing.
    corrector = corrector_over("Cells divide.", "Ron Paul spoke.", "Studios can film in Hollywood.")

    assert (
        corrector.correct("Which studios are in Hollywood, CA?").text == "Which studios are in Hollywood, CA?"
    )
    assert corrector.correct("Who was on Celeron's expedition?").text == "Who was on Celeron's expedition?"
    assert corrector.correct("which studios are in hollywood ca").text == "which studios are in hollywood can"


def test_a_chat_question_with_a_mistyped_function_word_is_still_answered(seeded: QAService) -> None:
    # "jhe" read as noise took the question from 0.36 to 0.25 relevance, below the bar.
    answer = seeded.ask("why hs jhe kremlin grown so much feebler")

    assert answer.answered and answer.quote is not None
    assert "the Kremlin became much weaker" in answer.quote


def test_a_dropped_corrector_frees_its_keyword_index_at_once() -> None:
    """A corrector is replaced after every shared change: a reference cycle kept each one, and the
    keyword index it reads, until a full garbage collection."""
    index = KeywordIndex([1], ["Iran admitted sending drones to Russia."])
    corrector = corrector_for(index)
    assert corrector.correct("irn dronnes").text == "iran drones"
    index_ref, corrector_ref = weakref.ref(index), weakref.ref(corrector)

    gc.disable()
    try:
        del corrector, index
        assert corrector_ref() is None and index_ref() is None
    finally:
        gc.enable()


def test_a_word_near_the_knowledge_base_only_by_its_stem_is_the_english_word_near_it_as_typed() -> None:
    """ "persue" was "pursuing", "roun" "running": their stems are one edit from the passages' ("pursu",
    "run"), but the words as written are further; an English word is one edit from them as typed."""
    corrector = corrector_over("The company kept pursuing the patent.", "Troops kept running north.")

    assert corrector.correct("what did the company persue").text == "what did the company pursue"
    assert corrector.correct("where did the troops roun").text == "where did the troops round"
    assert corrector.correct("who kept runing north").text == "who kept running north"  # near as written


def test_a_four_letter_slip_of_an_english_word_the_knowledge_base_lacks_is_that_word() -> None:
    corrector = corrector_over("The planes went dark on the tracking screens.", "Beijing sells arms.")

    assert corrector.correct("did the planes go drak on raar").text == "did the planes go dark on radar"
    assert corrector.correct("is beijing the topp seller").text == "is beijing the top seller"
    # A function word wins over a slip of another word ("frod" is no "ford"), and a letter replaced
    # is too far from a short word to say which ("tbp").
    assert corrector.correct("what did beijing get frod iran").text == "what did beijing get from iran"
    assert corrector.correct("is beijing the tbp seller").text == "is beijing the tbp seller"
    # Capitals past the first word make it a name: "Fogg" is no "fog".
    assert corrector.correct("what did Fogg sell").text == "what did Fogg sell"
