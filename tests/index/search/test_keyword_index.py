"""The keyword index changes in place: adds and removes cost the passages they touch, and the scores
stay those of one index built from scratch over the passages it holds (corpus-wide BM25 statistics)."""

from __future__ import annotations

import dataclasses
import threading
import time
from pathlib import Path

import bm25s
import numpy as np
import pytest
from bm25s.tokenization import Tokenized

import index.search.keyword_merging as merging_module
from index.search.hidden import Hidden
from index.search.keyword import KeywordIndex
from index.visibility import SHARED_ONLY, Visibility

PASSAGES = {
    1: "The Collective Security Treaty Organization (CSTO) is a military alliance led by Russia.",
    2: "Russia said the CSTO summit in Yerevan failed to agree on anything.",
    3: "Russia and Belarus signed a trade deal on potash and grain.",
    4: "Armenia froze its part in the alliance after the war over Nagorno-Karabakh.",
    5: "The ferry to Suomenlinna leaves every twenty minutes from Market Square.",
    6: "Lukashenko said Belarus would not send troops to Ukraine.",
}
QUESTIONS = [
    "What is the CSTO?",
    "Which alliance does Russia lead?",
    "Did Belarus send troops?",
    "When does the ferry leave?",
    "potash grain trade Belarus Russia",
]


def index_of(passages: dict[int, str]) -> KeywordIndex:
    return KeywordIndex(list(passages), list(passages.values()))


def assert_same_answers(index: KeywordIndex, reference: KeywordIndex) -> None:
    for question in QUESTIONS:
        got, expected = index.match(question), reference.match(question)
        assert [p for p, _ in got.top(10)] == [p for p, _ in expected.top(10)], question
        np.testing.assert_allclose([s for _, s in got.top(10)], [s for _, s in expected.top(10)], rtol=1e-5)
        for passage_id, _ in expected.top(10):
            assert got.coverage(passage_id) == pytest.approx(expected.coverage(passage_id))


@pytest.fixture
def many_segments(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every change stays a segment of its own (as above 20k passages), and nothing merges by itself."""
    monkeypatch.setattr(merging_module, "INLINE_MERGE_ROWS", 0)
    monkeypatch.setattr(merging_module, "MAX_SMALL_SEGMENTS", 100)
    monkeypatch.setattr(merging_module, "MERGE_SHARE", 100.0)


def test_an_added_passage_is_found_and_a_removed_one_is_not() -> None:
    index = index_of({i: PASSAGES[i] for i in (1, 2, 3)})
    assert index.search("When does the ferry to Suomenlinna leave?", 3) == []

    index.update(added=[(5, PASSAGES[5], None)])
    assert [p for p, _ in index.search("When does the ferry to Suomenlinna leave?", 3)] == [5]

    index.update(removed=[5])
    assert index.search("When does the ferry to Suomenlinna leave?", 3) == []
    assert len(index) == 3


def test_a_removed_id_added_again_with_another_text_answers_with_the_new_text(many_segments: None) -> None:
    index = index_of({i: PASSAGES[i] for i in (1, 2, 3)})

    index.update(removed=[3])
    index.update(added=[(3, PASSAGES[5], "Helsinki")])

    assert index.search("potash grain", 3) == []
    assert [p for p, _ in index.search("ferry Suomenlinna Helsinki", 3)] == [3]
    assert len(index) == 3
    assert_same_answers(
        index, KeywordIndex([1, 2, 3], [PASSAGES[1], PASSAGES[2], PASSAGES[5]], [None, None, "Helsinki"])
    )


def test_coverage_of_each_sentence_is_that_of_its_own_words_in_whichever_segment_holds_it(
    many_segments: None,
) -> None:
    text = "Russia said the summit failed. The ferry to Suomenlinna leaves from Market Square."
    second = text.index("The ferry")
    index = index_of({i: PASSAGES[i] for i in (1, 2, 3)})
    index.update(removed=[2])
    index.update(added=[(2, text, "Helsinki", ((0, second - 1), (second, len(text))))])

    match = index.match("When does the Suomenlinna ferry leave?")
    found = match.coverages([3, 2, 99])

    assert found.passages[0] == 0.0 and found.passages[1] == pytest.approx(match.coverage(2)) == 1.0
    assert found.passages[2] == 0.0  # no such passage
    assert found.of_sentences(1, ((0, second - 1), (second, len(text)))).tolist() == [0.0, 1.0]
    # Spans the index does not know (the text was split otherwise) hold nothing.
    assert found.of_sentences(1, ((0, 5), (5, len(text)))).tolist() == [0.0, 0.0]
    # "Helsinki" is a word of the passage (its context), not of either sentence.
    in_context = index.match("Helsinki summit").coverages([2])
    assert in_context.own_words[0] == 1.0
    assert 0.0 < in_context.of_sentences(0, ((0, second - 1), (second, len(text))))[0] < 1.0


def test_scores_after_changes_in_many_segments_are_those_of_an_index_built_from_scratch(
    many_segments: None,
) -> None:
    index = index_of({i: PASSAGES[i] for i in (1, 2)})
    index.update(added=[(3, PASSAGES[3], None), (4, PASSAGES[4], None)])
    index.update(added=[(5, PASSAGES[5], None)])
    index.update(removed=[2, 5], added=[(6, PASSAGES[6], None)])
    assert index.segments == 4

    final = {i: PASSAGES[i] for i in (1, 3, 4, 6)}
    assert_same_answers(index, index_of(final))
    index.compact()
    assert index.segments == 1
    assert_same_answers(index, index_of(final))


def test_scores_are_bm25s_scores_over_the_same_stems() -> None:
    """Segmenting changed how scores are computed, not what they are: bm25s's "lucene" BM25."""
    index = index_of(PASSAGES)
    stems = index.vocabulary()
    corpus = [[s for s in _stems(index, text)] for text in PASSAGES.values()]
    vocabulary = {stem: i for i, stem in enumerate(sorted(stems))}
    reference = bm25s.BM25()
    reference.index(
        Tokenized(ids=[[vocabulary[s] for s in doc] for doc in corpus], vocab=vocabulary), show_progress=False
    )
    for question in QUESTIONS:
        match = index.match(question)
        known = [vocabulary[s] for s, i in zip(match.stems, match.stem_ids, strict=True) if i >= 0]
        expected = reference.get_scores_from_ids(known) if known else np.zeros(len(PASSAGES))
        got = [match.passage_score(p) for p in PASSAGES]
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def _stems(index: KeywordIndex, text: str) -> list[str]:
    return list(index._terms(text))


def test_vocabulary_counts_passages_and_surface_gives_a_word_for_a_stem() -> None:
    index = index_of({i: PASSAGES[i] for i in (1, 2, 3)})
    vocabulary = index.vocabulary()
    assert vocabulary["russia"] == 3 and vocabulary["allianc"] == 1
    assert "ferri" not in vocabulary
    assert index.surface("allianc") == "alliance"
    assert index.surface("ferri") is None

    index.update(removed=[1])
    assert index.vocabulary()["russia"] == 2
    assert "allianc" not in index.vocabulary()  # no live passage holds it any more
    assert vocabulary["russia"] == 3  # a mapping handed out earlier keeps its counts
    assert len(index.vocabulary()) == len(list(index.vocabulary()))


def test_a_rewrite_of_the_question_stems_is_what_is_looked_up() -> None:
    index = index_of(PASSAGES)

    def correct(stems: list[str]) -> list[str]:
        return ["suomenlinna" if stem == "suomenlina" else stem for stem in stems]

    misspelt = index.match("ferry to Suomenlina", rewrite=correct)
    assert [p for p, _ in misspelt.top(3)] == [5]
    assert misspelt.stems == index.match("ferry to Suomenlinna").stems
    assert index.match("ferry to Suomenlina").coverage(5) < misspelt.coverage(5) == 1.0


def test_a_saved_index_loads_with_the_same_answers_and_keeps_changing(
    tmp_path: Path, many_segments: None
) -> None:
    index = index_of({i: PASSAGES[i] for i in (1, 2, 3)})
    index.update(added=[(4, PASSAGES[4], "Armenia")])
    index.save(tmp_path / "keywords", revision=7)

    loaded = KeywordIndex.load(tmp_path / "keywords")

    assert loaded is not None
    reopened, revision = loaded
    assert revision == 7 and len(reopened) == 4 and reopened.segments == 2
    assert_same_answers(reopened, index)
    assert reopened.surface("allianc") == "alliance"
    reopened.update(removed=[2], added=[(5, PASSAGES[5], None)])
    index.update(removed=[2], added=[(5, PASSAGES[5], None)])
    assert_same_answers(reopened, index)
    reopened.save(tmp_path / "keywords", revision=8)
    again = KeywordIndex.load(tmp_path / "keywords")
    assert again is not None and again[1] == 8
    assert_same_answers(again[0], index)


def test_no_saved_index_loads_as_none_and_a_damaged_one_raises(tmp_path: Path) -> None:
    assert KeywordIndex.load(tmp_path / "keywords") is None
    index_of(PASSAGES).save(tmp_path / "keywords", revision=1)
    [segment] = (tmp_path / "keywords").glob("segment-*")
    tokens = segment / "tokens.npy"
    tokens.write_bytes(tokens.read_bytes()[:-8])

    with pytest.raises(ValueError):
        KeywordIndex.load(tmp_path / "keywords")


def test_the_large_segment_merges_in_the_background_and_keeps_changes_made_meanwhile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(merging_module, "INLINE_MERGE_ROWS", 0)
    monkeypatch.setattr(merging_module, "MERGE_SHARE", 0.4)
    index = index_of({i: PASSAGES[i] for i in (1, 2, 3, 4)})
    real_merge = merging_module.merge_segments

    def merge_while_a_moderator_removes(*args: object, **kwargs: object) -> object:
        merged = real_merge(*args, **kwargs)  # type: ignore[arg-type]
        index.update(removed=[2], added=[(6, PASSAGES[6], None)])  # lands while the merge runs
        return merged

    monkeypatch.setattr(merging_module, "merge_segments", merge_while_a_moderator_removes)
    index.update(added=[(5, PASSAGES[5], None), (7, PASSAGES[3], "Minsk")])  # half the large one: a merge
    assert index.wait_for_merges(timeout=30)

    assert index.segments == 2  # the merged one, and the change made meanwhile
    expected = {1: PASSAGES[1], 3: PASSAGES[3], 4: PASSAGES[4], 5: PASSAGES[5], 6: PASSAGES[6]}
    assert_same_answers(
        index, KeywordIndex([*expected, 7], [*expected.values(), PASSAGES[3]], [None] * 5 + ["Minsk"])
    )


def test_an_index_of_passages_without_words_scores_zero_not_nan() -> None:
    # A document of list numbers alone ("1. 2. 3.") has no stems: its mean length was 0, its norms NaN.
    index = KeywordIndex([1, 2], ["1. 2. 3.", "4. 5."])
    view = index.view

    assert np.isfinite(view.norms).all()
    assert index.search("what numbers", 5) == []


def test_the_best_passages_a_question_may_see_are_found_past_many_it_may_not() -> None:
    crowd = {n: f"The lighthouse keeper lit the lighthouse lamp, note {n}." for n in range(100, 400)}
    visible = {1: "A lighthouse stood on the cape.", 2: "Ships passed the old lighthouse at night."}
    index = KeywordIndex(list(crowd) + list(visible), list(crowd.values()) + list(visible.values()))
    match = index.match("lighthouse keeper")
    assert {i for i, _ in match.top(20)} <= set(crowd)  # the crowd outscores them

    hidden = Hidden(np.asarray(sorted(crowd), dtype=np.int64))
    shown = dataclasses.replace(match, hidden=hidden).top(20)

    assert {i for i, _ in shown} == {1, 2}
    assert [score for _, score in shown] == sorted((score for _, score in shown), reverse=True)


def test_a_place_weighs_words_by_the_passages_it_may_see_as_collections_change() -> None:
    shared_text = "Lighthouse keepers lived on the cape."
    community_texts = {2: "The lighthouse lamp and the lighthouse keeper.", 3: "A keeper of bees."}
    index = KeywordIndex([1], [shared_text])
    index.update(added=[(i, t, None) for i, t in community_texts.items()], collections={2: "c", 3: "c"})
    alone = KeywordIndex([1], [shared_text])
    together = KeywordIndex([1, *community_texts], [shared_text, *community_texts.values()])

    def weights(keywords: KeywordIndex, visibility: Visibility = SHARED_ONLY) -> tuple[float, ...]:
        return keywords.match("lighthouse keeper bees", visibility=visibility).idf

    assert weights(index) == weights(alone) == weights(index, Visibility(community="other"))
    assert weights(index, Visibility(community="c")) == weights(together)
    assert weights(index, Visibility(everything=True)) == weights(together)

    index.update(removed=list(community_texts))
    assert weights(index, Visibility(community="c")) == weights(alone)


def test_only_shared_passages_define_what_an_acronym_stands_for() -> None:
    index = KeywordIndex([1], ["The Collective Security Treaty Organization (CSTO) met in Yerevan."])
    index.update(
        added=[(2, "The Cats Sleep Through Octobers (CSTO) and Feline International (FIFA).", None)],
        collections={2: "c"},
    )
    rebuilt = KeywordIndex.build(
        [
            (1, "The Collective Security Treaty Organization (CSTO) met.", None),
            (2, "Feline International Football Association (FIFA).", None),
        ],
        {2: "c"},
    )

    assert index.acronyms["csto"] == tuple(index.stems_of("Collective Security Treaty Organization"))
    assert "fifa" not in index.acronyms and "fifa" not in rebuilt.acronyms


def test_an_acronym_stands_for_what_a_passage_still_held_defines(tmp_path: Path) -> None:
    index = KeywordIndex(
        [1, 2],
        [
            "The Collective Security Treaty Organization (CSTO) met in Yerevan.",
            "The Cold Storage Trade Office (CSTO) opened a depot.",
        ],
    )
    alliance = tuple(index.stems_of("Collective Security Treaty Organization"))
    depot = tuple(index.stems_of("Cold Storage Trade Office"))
    assert index.acronyms["csto"] == alliance  # the first definition wins

    index.update(removed=[1])
    assert index.acronyms["csto"] == depot
    index.save(tmp_path, revision=1)
    loaded = KeywordIndex.load(tmp_path)
    assert loaded is not None and loaded[0].acronyms["csto"] == depot
    matched = loaded[0].match("What did the CSTO open?")
    assert matched.stems[matched.own_stems :] == depot  # the question is also read as spelt out

    loaded[0].update(added=[(2, "The depot closed in May.", None)])  # replaced without a definition
    matched = loaded[0].match("What did the CSTO open?")
    assert "csto" not in loaded[0].acronyms and matched.stems[matched.own_stems :] == ()


def test_questions_matched_while_a_collection_changes_see_one_consistent_state() -> None:
    index = KeywordIndex([1], ["The lighthouse keeper lit the lamp."])
    stop, errors = threading.Event(), []

    def churn() -> None:
        n = 10
        while not stop.is_set():
            index.update(added=[(n, "lighthouse zorblaxian keeper", None)], collections={n: "c"})
            index.update(removed=[n])
            n += 1

    writer = threading.Thread(target=churn)
    writer.start()
    try:
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            try:
                match = index.match("lighthouse zorblaxian")
            except ValueError as error:  # a view read with another state's counts: log of a negative
                errors.append(error)
                continue
            if match.stem_ids[1] != -1:  # the community's own word, known to the shared view
                errors.append(AssertionError(match.stem_ids))
    finally:
        stop.set()
        writer.join()

    assert not errors


def test_a_communitys_passage_lengths_do_not_move_another_places_scores() -> None:
    shared = {1: "The lighthouse keeper lit the lamp at dusk.", 2: "A lighthouse stood on the rocky cape."}
    index = KeywordIndex(list(shared), list(shared.values()))
    before = index.match("lighthouse keeper").top(2)

    # Three hundred one-word passages sharing no word with the question: the corpus-wide mean length
    # fell to about one, and every other place's keyword scores with it.
    short = [(100 + n, f"word{n}", None) for n in range(300)]
    index.update(added=short, collections={100 + n: "c" for n in range(300)})
    after = index.match("lighthouse keeper").top(2)

    assert [i for i, _ in after] == [i for i, _ in before]
    assert np.allclose([s for _, s in after], [s for _, s in before], rtol=1e-5)
