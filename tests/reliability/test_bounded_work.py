"""Work that is linear but could still be made large: a hostile line or vocabulary costs about what an
ordinary one does (ratios of CPU time, not speed targets)."""

from __future__ import annotations

from index.ingest.scraped_text import read_scraped_article
from index.search.keyword import KeywordIndex
from index.search.spelling import corrector_for
from tests.reliability.test_linear_time import _seconds

PAGE_HEAD = (
    "A headline of a page here\nBy Jane Doe May 4, 2023\n\n"
    "The first paragraph is a sentence here.\n\nThe second paragraph is one too.\n\n"
)
# Words one letter apart: the letter may be any of thousands, so one spelling key has as many owners.
LETTERS = [chr(code) for code in range(0x4E00, 0x9FFF) if chr(code).isalpha()]
STEM = "qzvmxkwjpqzvmxkwjpqzvmxkw"


def test_a_line_opening_like_a_pages_end_then_punctuation_costs_what_an_ordinary_line_does() -> None:
    """ "3 thoughts on " and a run of "!": the end-marker pattern tried each of 200 lengths against
    the run, 200 steps a character (a 5 MB upload ran into the parse worker's time limit)."""
    hostile = PAGE_HEAD + ("3 thoughts on " + "!" * 4000 + "a.\n\n") * 50
    ordinary = PAGE_HEAD + ("3 thoughts on " + "a!" * 2000 + "a.\n\n") * 50

    ratio = min(_seconds(read_scraped_article, hostile, 1) for _ in range(3)) / max(
        min(_seconds(read_scraped_article, ordinary, 1) for _ in range(3)), 1e-4
    )

    assert ratio < 5, f"the hostile page took {ratio:.0f} times as long"


def _correction_seconds(near_words: int) -> float:
    words = [LETTERS[i] + STEM for i in range(near_words)]
    texts = [" ".join(words[i : i + 50]) for i in range(0, near_words, 50)] + ["Bees fly in the cold."]
    corrector = corrector_for(KeywordIndex(list(range(1, len(texts) + 1)), texts))
    question = "what is " + " ".join(LETTERS[-1 - i] + STEM for i in range(4))
    return min(_seconds(corrector.correct, question, 1) for _ in range(3))


def test_correcting_a_question_costs_no_more_for_a_vocabulary_of_words_a_letter_apart() -> None:
    """Each knowledge-base word near a typed one was weighed: 4,000 such words made a question of 16
    of them take 5 s, and one of a thousand 25 s."""
    few, many = _correction_seconds(1_000), _correction_seconds(8_000)

    assert many < 2 * few + 0.02, (few, many)
