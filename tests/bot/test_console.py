"""How the console (`qabot ask`, `qabot chat`) shows an answer."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

from rich.console import Console

from bot.console import NOT_FOUND, TerminalConsole, print_answer, terminal_json
from index.answer import Answer, SourceInfo

SOURCE = SourceInfo("s", "Title", "Ann Author", "Paper", dt.date(2024, 1, 2), "https://example.com/a")


def render(answer: Answer) -> str:
    console = Console(record=True, width=200)
    print_answer(console, answer)
    return console.export_text()


def test_a_cut_quote_shows_ellipses_where_its_paragraph_goes_on() -> None:
    answer = Answer(
        question="q", answered=True, quote="Middle sentence. Best one here.", highlight="Best one here.",
        score=0.9, source=SOURCE, cut_before=True, cut_after=True,
    )  # fmt: skip

    text = render(answer)

    assert "> … Middle sentence. Best one here. …" in text
    assert '— Ann Author, "Title", Paper, 2 Jan 2024, https://example.com/a' in text


def test_markup_in_a_quote_is_printed_as_text() -> None:
    answer = Answer(
        question="q", answered=True, quote="[bold]not markup[/bold] and <b>tags</b>", highlight=None,
        score=0.9, source=SOURCE,
    )  # fmt: skip

    assert "[bold]not markup[/bold] and <b>tags</b>" in render(answer)


def test_unanswered_question_says_so() -> None:
    assert render(Answer(question="q", answered=False)).strip() == NOT_FOUND


def test_text_an_older_release_stored_as_given_cannot_drive_the_terminal() -> None:
    """Titles and quotes were stored with their escape codes before they were cleaned on the way in."""
    hostile = SourceInfo("s", "Title\x1b[2J\x9b2J", "Ann\x1b]0;pwned\x07", None, None, None)
    answer = Answer(
        question="q", answered=True, quote="Bees fly\x1b[8m in the cold.", highlight="in the cold.",
        score=0.9, source=hostile,
    )  # fmt: skip
    console = TerminalConsole(file=io.StringIO(), force_terminal=True, width=200)

    print_answer(console, answer)

    written = console.file.getvalue()  # type: ignore[attr-defined]
    shown = re.sub(r"\x1b\[[0-9;]*m", "", written)  # the console's own styling (bold, italic)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", shown)
    assert "Bees fly\ufffd[8m in the cold." in shown and "Title\ufffd[2J\ufffd2J" in shown
    assert "\x1b[1m" in written  # the best sentence is still bold


def test_json_output_keeps_every_stored_character_and_cannot_drive_the_terminal() -> None:
    stored = {"title": "Bees\x7f\x9b2J\x85 and\x1b[8m wasps", "author": "Ann"}
    # As the CLI's: no highlighting, no wrapping
    console = TerminalConsole(file=io.StringIO(), force_terminal=True, highlight=False, soft_wrap=True)

    console.print(terminal_json(stored), markup=False)

    written = console.file.getvalue()  # type: ignore[attr-defined]
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", written)
    assert json.loads(written) == stored
