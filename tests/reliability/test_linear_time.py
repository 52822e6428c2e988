"""Every text-processing entry point of the core and of the chat layer runs in linear time on
adversarial input.

Each shape of input that made a regular expression or a loop backtrack (a heading followed by
thousands of spaces was cubic, a paragraph of "Mr. A " quadratic) is fed at n and 2n characters.
This measures growth, not speed: doubling the input may at most about double the time (×3 is
tolerated for noise on a shared machine). Each side is timed as the best of a few runs of enough
calls to be measurable, so timer noise does not decide the ratio.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import numpy as np
import pytest

from bot.chat.followups import only_acknowledges
from index.errors import QabotError
from index.ingest import html as html_module
from index.ingest.chunking import chunk_text
from index.ingest.scraped_text import read_scraped_article
from index.ingest.sentences import sentence_spans
from index.ingest.worker import _prepare_bytes
from index.search.keyword import KeywordIndex, defined_acronyms
from index.search.keyword_attributes import keyword_attribute
from index.search.question_text import clean_question
from index.search.ranking import Candidate, Ranked
from index.search.speaker_highlight import with_speaker
from index.search.who_said import asks_who_said

KB = 1024
N = 32 * KB
MAX_GROWTH = 3.0
MIN_SECONDS = 0.005  # each side of the ratio: enough calls to take at least this long
ROUNDS = 3
ATTEMPTS = 3
# Under this per character of the larger text, a call is one pass at most, whatever the ratio says:
# quadratic work on even 1,000 characters costs far more. Such a call's ratio is the allocator's noise
# (a 64 KB copy the C library mapped and unmapped each time measured 5.6 times the 32 KB one in CI).
ONE_PASS_SECONDS_PER_CHARACTER = 2e-9


def repeat(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def distinct_words(n: int, between: str = "") -> str:
    """n characters of words no two alike ("a0 a1 a2 …"), `between` every tenth one."""
    words, length = [], 0
    while length < n:
        words.append(f"a{len(words)}" + (between if len(words) % 10 == 9 else ""))
        length += len(words[-1]) + 1
    return " ".join(words)[:n]


# Text, Markdown and chat messages: shapes that made one pattern or another backtrack.
TEXT_SHAPES: dict[str, Callable[[int], str]] = {
    "spaces": lambda n: "a" + " " * n + "b",
    "tabs": lambda n: "a." + "\t" * n + "B",
    "newlines": lambda n: "a" + "\n" * n + "b",
    "mixed-whitespace": lambda n: "a" + repeat(" \t\n \u00a0", n) + "b",
    "newline-then-spaces": lambda n: repeat("\n" + " " * 60 + "x", n),
    "heading-then-spaces": lambda n: "# a" + " " * n + "b\n\nA paragraph.\n",
    "heading-then-tabs-and-hashes": lambda n: "## a" + repeat(" #\t", n) + "b",
    "mr-a": lambda n: repeat("Mr. A ", n),
    "initials": lambda n: repeat("J. R. R. ", n),
    "dotted-acronyms": lambda n: repeat("U.S.", n) + " Then",
    "dots": lambda n: "a" + "." * n + "b",
    "wrapped-lines": lambda n: repeat("the tank costs about as much as a small car in most cities gov-\n", n),
    "wrapped-lines-of-quotes": lambda n: repeat("and so on" + '"' * 60 + "\n", n),
    "bangs": lambda n: "a" + "!" * n + "b",
    "questions": lambda n: "a" + "?" * n + " b",
    "end-marks-and-quotes": lambda n: "a" + repeat('.!?…")]', n) + "b",
    "long-word-then-period": lambda n: "a" * n + "-x. B",
    "nested-brackets": lambda n: "(" * (n // 2) + "a" + ")" * (n // 2),
    "nested-quotes": lambda n: repeat("\"“'‘[", n) + "A",
    "one-line-of-prose": lambda n: repeat("The bees fly in cold weather, the survey said. ", n),
    "hashes": lambda n: "#" * n,
    "heading-lines": lambda n: repeat("###### x\n", n),
    "dash-list": lambda n: repeat("- ", n),
    "dash-list-lines": lambda n: repeat("- - - - -\n", n),
    "numbered-list": lambda n: repeat("1. ", n),
    "capital-word": lambda n: "A" * n,
    "capitalised-words": lambda n: repeat("Aa ", n),
    "bracket-capitalised-words": lambda n: repeat("(Aa Bb ", n),
    "capitalised-words-and-connectives": lambda n: repeat("Aa of the ", n) + "(AB)",
    "acronym-definitions": lambda n: repeat("Aa Bb (AB) ", n),
    "front-matter-dashes": lambda n: "---" + " " * n + "x\n---\nBody.\n",
    "front-matter-fields": lambda n: "---\n" + repeat("a: b\n", n) + "---\nBody.\n",
    "field-lines": lambda n: "# A\n\n" + repeat("Author: Ann Lee\n", n) + "\nBody.\n",
    "front-matter-closed-by-dots": lambda n: "---\n" + repeat("a: b ....\n", n) + "...\nBody.\n",
    "page-lines": lambda n: distinct_words(n, ".\n\nHeading\n\nComments\n\nBy Aa Bb\n"),
    "calls-to-action": lambda n: repeat("Sign up get the newsletter briefing in your inbox ", n),
    "forwarding-calls": lambda n: repeat("forward this email to a friend ", n),
    "unclosed-links": lambda n: repeat("[a](b", n),
    "link-texts": lambda n: "[" + "a" * n + "](" + "b" * n,
    "comment-openers": lambda n: repeat("<!--", n),
    "tags": lambda n: repeat("<b>bold</b> <br> ", n),
    "unclosed-link-tags": lambda n: repeat("<a href='x' ", n),
    "unclosed-image-tags": lambda n: repeat('<img alt="x" ', n),
    "entities": lambda n: repeat("&amp", n),
    "underlined-lines": lambda n: repeat("Title\n=====\n", n),
    "break-lines": lambda n: repeat("* * *\n", n),
    "bracketed-addresses": lambda n: repeat("[a](b(c", n),
    "references": lambda n: repeat("[a][", n),
    "badges": lambda n: repeat("[![a](b)](c) ", n) + "x",
    "definitions": lambda n: repeat("[a]: b ", n),
    "escapes": lambda n: repeat("\\_a", n),
    "underscores": lambda n: repeat("_a ", n),
    "quote-marks": lambda n: repeat("> > [!", n),
    "autolinks": lambda n: repeat("<a@", n),
    "wiki-links": lambda n: repeat("[[a|", n),
    "highlights": lambda n: repeat("==a ", n),
    "obsidian-comment-openers": lambda n: repeat("%%a", n),
    "emoji-codes": lambda n: repeat(":a", n),
    "stars-over-lines": lambda n: repeat("**a\n", n),
    "heading-tags-over-lines": lambda n: repeat("<h1>\n", n),
    "fences-between-indented-code": lambda n: repeat("```\n```\n\n    x\n\n", n),
    "pronoun-speech": lambda n: repeat('"Aa bb," he said. ', n),
    "opening-curly-quotes": lambda n: "“" * n + ".",
    "bodies-speaking": lambda n: repeat("Police said Aa Bb said. ", n),
    "who-called": lambda n: "Who called the " + repeat("x ", n) + "a",
    "vote-then-newlines": lambda n: "+1" + "\n" * n + "x",
    "votes-then-a-word": lambda n: repeat("+1 ", n) + "x",
    "clauses": lambda n: repeat("ok, ", n) + "x",
}

HTML_SHAPES: dict[str, Callable[[int], str]] = {
    "nested-divs": lambda n: "<html><body>" + "<div>" * (n // 10) + "x" + "</div>" * (n // 10),
    "nested-lists": lambda n: "<html><body><article>" + repeat("<ul><li>item text ", n),
    "spans": lambda n: "<html><body><p>" + repeat("<span>a</span>", n) + "</p>",
    "links": lambda n: "<html><body><div>" + repeat("<a href='/x'>link text</a> ", n) + "</div>",
    "words-then-links": lambda n: "<html><body><div>" + repeat("words <a href='/x'>link</a> ", n) + "</div>",
    # Each block's words are read again only by the nearest block around them, not by every one.
    "nested-blocks-with-links": lambda n: "<html><body>" + repeat("<div>words <a href='/x'>link</a> ", n),
    "paragraphs": lambda n: (
        "<html><body><article>"
        + repeat("<p>Bees keep flying in cold weather, as the survey of the meadow found.</p>", n)
    ),
    "code-blocks": lambda n: (
        "<html><body><article>" + repeat("<p>Run it:</p><pre><code>a\nb</code></pre>", n)
    ),
    "screen-reader-classes": lambda n: "<html><body><p>" + repeat('<span class="sr-only x ', n),
    "table-cells": lambda n: "<html><body><table>" + repeat("<tr><td>cell</td></tr>", n) + "</table>",
    # Column names were copied into every row, and a nested table's rows read once per level above it.
    "table-long-header": lambda n: (
        "<html><body><article><table><tr><th>"
        + repeat("word ", n // 2)
        + "</th></tr>"
        + repeat("<tr><td>v</td></tr>", n // 2)
        + "</table></article>"
    ),
    "nested-tables": lambda n: (
        "<html><body><article>" + repeat("<table><tr><td>some words in a cell ", n) + "end</article>"
    ),
    "spaces-in-a-paragraph": lambda n: "<html><body><p>a" + " " * n + "b</p>",
    "comments": lambda n: "<html><body><p>a" + repeat("<!-- c -->", n) + "</p>",
    # libxml2 compares each attribute's name with every earlier one of its element.
    "attributes-of-one-element": lambda n: "<html><body><div " + distinct_words(n) + ">x</div>",
    "attributes-with-quoted-closers": lambda n: "<html><body><div " + distinct_words(n, ' q=">"') + ">x",
    "attributes-between-slashes": lambda n: "<html><body><div " + distinct_words(n).replace(" ", "/") + ">x",
    "attributes-after-quotes": lambda n: "<html><body><div " + distinct_words(n).replace(" ", '=""') + ">x",
}


def _keyword_index(text: str) -> object:
    # A second passage with words: bm25s cannot index a corpus without a single word.
    return KeywordIndex([1, 2], [text, "Bees fly in the cold."])


def _question(text: str) -> object:
    try:
        return clean_question(text)
    except QabotError:  # too long: refused, after the same cleaning
        return None


def _markdown(text: str) -> object:
    try:  # the whole path of an upload: decode, front matter, first heading, chunks, sentences
        return _prepare_bytes(text.encode(), "upload.md", None, None)
    except QabotError:  # e.g. no text to quote, oversized front matter: refused, which is fine
        return None


def _page_text(text: str) -> object:
    # Under a headline and a byline, a text is read as a page's: chrome, headings, end markers.
    return read_scraped_article("A headline of a page\nby Jane Doe May 4, 2023\n\n" + text)


def _html(text: str) -> object:
    try:
        return _prepare_bytes(text.encode(), "page.html", None, None)
    except QabotError:
        return None


def _speaker_highlight(text: str) -> object:
    # Asked who said it, the text is the sentence before the best one, a pronoun's speech: every step
    # reading back runs on the text. (Sentence splitting is measured on its own.)
    speech = ' "Aa bb," he said.'
    spans = ((0, len(text)), (len(text) + 1, len(text) + len(speech)))
    candidate = Candidate(1, "s", text + speech, None, np.zeros(3), spans, np.zeros((2, 3)))
    return with_speaker("Who said it?", Ranked(candidate, 1.0, 1.0, spans[1], spans, np.zeros(2), 1, 700))


TEXT_ENTRY_POINTS: dict[str, Callable[[str], object]] = {
    "chunking": chunk_text,
    "sentences": sentence_spans,
    "markdown-upload": _markdown,
    "page-text": _page_text,
    "keyword-index": _keyword_index,
    "acronyms": defined_acronyms,
    "question": _question,
    "who-said-question": asks_who_said,
    "keyword-question": keyword_attribute.__wrapped__,  # uncached: each call reads the text
    "reply-to-the-bot": only_acknowledges,
    "speaker-highlight": _speaker_highlight,
}


def growth(function: Callable[[str], object], make: Callable[[int], str], n: int) -> float:
    """time(2n) / time(n), each the best of `ROUNDS` runs of enough calls to be measurable. The two
    sizes take turns, so a burst of load from elsewhere hits both; a ratio over the limit is measured
    again (up to `ATTEMPTS` times), since a real quadratic stays over it and a burst does not.

    Sizes from n/32 up are tried first with one call each, and measured properly at the first size
    that looks superlinear: a cubic pattern (95 s at 4 KB) fails while it is still fast, instead of
    running for hours at n.
    """
    size = n // 32  # over 700 characters: shorter text is one passage, read by a shorter path
    while size < n:
        single = _seconds(function, make(2 * size), 1) / max(_seconds(function, make(size), 1), 1e-9)
        if single > MAX_GROWTH and (ratio := _measured_growth(function, make, size)) > MAX_GROWTH:
            return ratio
        size *= 2
    return _measured_growth(function, make, n)


def _measured_growth(function: Callable[[str], object], make: Callable[[int], str], n: int) -> float:
    small, large = make(n), make(2 * n)
    calls = 1
    while _seconds(function, small, calls) < MIN_SECONDS and calls < 1024:
        calls *= 2
    ratio = float("inf")
    for _ in range(ATTEMPTS):
        times: dict[str, list[float]] = {"small": [], "large": []}
        for _ in range(ROUNDS):
            times["small"].append(_seconds(function, small, calls))
            times["large"].append(_seconds(function, large, calls))
        if min(times["large"]) / calls < ONE_PASS_SECONDS_PER_CHARACTER * len(large):
            return 1.0
        ratio = min(ratio, min(times["large"]) / min(times["small"]))
        if ratio <= MAX_GROWTH or ratio > 2 * MAX_GROWTH:  # clearly fine, or clearly not
            break
    return ratio


def _seconds(function: Callable[[str], object], text: str, calls: int) -> float:
    """CPU seconds of this thread: time spent waiting for a core other processes hold is not counted.
    The garbage collector is off meanwhile, as `timeit` has it: a full collection costs in proportion
    to everything the test process holds, so a call making many small objects measured 4.6 times
    slower at twice the size where the code itself took 2.1 times as long."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        started = time.thread_time()
        for _ in range(calls):
            function(text)
        return time.thread_time() - started
    finally:
        if collecting:
            gc.enable()


@pytest.mark.parametrize("entry", TEXT_ENTRY_POINTS)
def test_text_processing_grows_linearly_on_every_adversarial_shape(entry: str) -> None:
    function = TEXT_ENTRY_POINTS[entry]
    ratios = {shape: growth(function, make, N) for shape, make in TEXT_SHAPES.items()}
    superlinear = {shape: round(ratio, 1) for shape, ratio in ratios.items() if ratio > MAX_GROWTH}
    assert not superlinear, f"{entry}: doubling the input multiplied the time by {superlinear}"


def test_a_megabyte_without_a_newline_is_read_in_linear_time() -> None:
    make = TEXT_SHAPES["one-line-of-prose"]
    assert growth(_markdown, make, 512 * KB) <= MAX_GROWTH


@pytest.mark.parametrize("cheap", [False, True], ids=["trafilatura", "plain-lxml"])
def test_html_reading_grows_linearly(cheap: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if cheap:  # what pages over a megabyte, or that trafilatura cannot finish in time, go through
        monkeypatch.setattr(html_module, "TRAFILATURA_MAX_CHARS", 0)
    ratios = {shape: growth(_html, make, N) for shape, make in HTML_SHAPES.items()}
    superlinear = {shape: round(ratio, 1) for shape, ratio in ratios.items() if ratio > MAX_GROWTH}
    assert not superlinear, f"doubling the page multiplied the time by {superlinear}"


def test_the_measure_still_catches_quadratic_work_that_a_fast_call_cannot_hide() -> None:
    def quadratic(text: str) -> int:
        return sum(text.count("b", start) for start in range(len(text)))

    def constant(text: str) -> int:
        return len(text[:100])

    assert growth(quadratic, lambda n: repeat("ab", n), 8 * KB) > MAX_GROWTH
    assert growth(constant, lambda n: repeat("ab", n), 8 * KB) <= MAX_GROWTH
