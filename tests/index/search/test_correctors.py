"""One spelling corrector per keyword index: built while the question waits for a small knowledge
base, in the background for a large one (the question meanwhile gets the previous corrector)."""

from __future__ import annotations

import threading
import time

import pytest

import index.search.correctors as correctors_module
from index.search.correctors import Correctors
from index.search.keyword import KeywordIndex
from index.settings import DEFAULT_MODEL

TEXTS = ["Iran admitted supplying drones to Russia.", "Kazakhstan distanced itself from the war."]


def built_in_the_background(monkeypatch: pytest.MonkeyPatch) -> tuple[Correctors, KeywordIndex]:
    """Correctors that build every corrector in the background (as for a large index), and an index."""
    monkeypatch.setattr(correctors_module, "SYNC_CORRECTOR_STEMS", 0)
    return Correctors(DEFAULT_MODEL), KeywordIndex([1, 2], TEXTS)


def test_a_small_index_gets_its_corrector_at_once_and_keeps_it() -> None:
    correctors = Correctors(DEFAULT_MODEL)
    keywords = KeywordIndex([1, 2], TEXTS)

    corrector = correctors.for_index(keywords)

    assert corrector is not None and corrector.correct("wat did irn admit").text == "what did iran admit"
    assert correctors.for_index(keywords) is corrector


def test_a_large_index_is_corrected_by_the_previous_corrector_until_its_own_is_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    correctors = Correctors(DEFAULT_MODEL)
    small = KeywordIndex([1, 2], TEXTS)
    previous = correctors.for_index(small)
    monkeypatch.setattr(correctors_module, "SYNC_CORRECTOR_STEMS", 0)
    large = KeywordIndex([1, 2, 3], [*TEXTS, "Armenia froze its part in the alliance."])

    assert correctors.for_index(large) is previous
    deadline = time.monotonic() + 30
    while (current := correctors.for_index(large)) is previous and time.monotonic() < deadline:
        time.sleep(0.05)
    assert current is not previous and current is not None
    assert current.correct("armnia").text == "armenia"


def test_words_added_to_the_index_after_the_first_question_are_corrected_to() -> None:
    correctors = Correctors(DEFAULT_MODEL)
    keywords = KeywordIndex([1, 2], TEXTS)
    before = correctors.for_index(keywords)
    assert before is not None and before.correct("tseluyko").text == "tseluyko"

    # Changes update the index in place (the live index never swaps it for a change).
    keywords.update(added=[(3, "Vyacheslav Tseluiko is a Belarusian military analyst.", None)])

    after = correctors.for_index(keywords)
    assert after is not None and after.correct("tseluyko").text == "tseluiko"


def test_a_communitys_change_does_not_make_the_corrector_again() -> None:
    correctors = Correctors(DEFAULT_MODEL)
    keywords = KeywordIndex([1, 2], TEXTS)
    before = correctors.for_index(keywords)

    keywords.update(added=[(3, "The zorblaxian hives swarm in April.", None)], collections={3: "telegram:-1"})

    assert correctors.for_index(keywords) is before


def test_changes_in_a_row_are_built_by_one_builder_and_the_newest_one_wins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    correctors, keywords = built_in_the_background(monkeypatch)
    builders = []
    for n, word in enumerate(["marmalade", "tangerine", "pomegranate", "persimmon", "Armenia"]):
        keywords.update(added=[(10 + n, f"The {word} harvest was late.", None)])
        correctors.for_index(keywords)
        builders.append(sum(t.name == "qabot-speller" for t in threading.enumerate()))

    deadline = time.monotonic() + 30
    while (current := correctors.for_index(keywords)) is None or current.correct("armnia").text != "armenia":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert max(builders) <= 1


def test_a_finished_build_is_used_even_while_newer_changes_keep_coming(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    correctors, keywords = built_in_the_background(monkeypatch)
    build = correctors._build

    def slow_build(index: KeywordIndex) -> object:
        time.sleep(0.3)  # a long shared ingest changes the index faster than a build finishes
        return build(index)

    monkeypatch.setattr(correctors, "_build", slow_build)
    deadline = time.monotonic() + 5
    served = None
    n = 0
    while served is None and time.monotonic() < deadline:
        keywords.update(added=[(100 + n, f"Armenia note {n}.", None)])
        served = correctors.for_index(keywords)
        n += 1
        time.sleep(0.1)

    assert served is not None and served.correct("armnia").text == "armenia"
