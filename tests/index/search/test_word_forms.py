"""Irregular forms are one keyword with their base form ("began" is "begin"), and the shipped table
that says so is well formed."""

from __future__ import annotations

from index.search.keyword import KeywordIndex
from index.search.word_forms import BASE_FORMS_FILE, base_forms


def test_the_shipped_table_maps_forms_to_base_forms_once() -> None:
    lines = BASE_FORMS_FILE.read_text(encoding="utf-8").splitlines()
    pairs = [line.split("\t") for line in lines]

    assert all(len(pair) == 2 and pair[0] != pair[1] for pair in pairs)
    assert all(word.isalpha() and word.islower() for pair in pairs for word in pair)
    assert lines == sorted(lines) and len({form for form, _ in pairs}) == len(pairs)
    table = base_forms()
    assert not set(table.values()) & set(table)  # no chains: a base form is never itself mapped
    assert {"began": "begin", "sent": "send", "children": "child"}.items() <= table.items()
    # Forms that are also words of their own stay themselves.
    assert not {"left", "saw", "found", "felt", "wound"} & set(table)


def test_a_question_in_one_form_finds_a_passage_in_another() -> None:
    index = KeywordIndex(
        [1, 2, 3],
        [
            "Work on the harbour wall began on 3 March 1911.",
            "Iran was preparing to send more weapons.",
            "The town's children sailed from the quay.",
        ],
    )

    assert [pid for pid, _ in index.search("When did the work begin?", 3)] == [1]
    assert [pid for pid, _ in index.search("What has Iran sent?", 3)] == [2]
    assert [pid for pid, _ in index.search("How many children live there?", 3)] == [3]
    assert index.stem("began") == index.stem("begins") == index.stem("beginning")
