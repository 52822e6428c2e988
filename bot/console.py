"""Rendering answers and sources for a terminal (the CLI and `qabot chat`)."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console
from rich.text import Text

from bot.chat.highlight import on_its_own, split_highlight
from bot.chat.refusals import NEAR_MISS
from index.answer import Answer, SourceSummary

__all__ = ["NOT_FOUND", "TerminalConsole", "print_answer", "print_sources", "terminal_json", "terminal_text"]

NOT_FOUND = "I couldn't find that in my sources. `qabot sources` lists what I know about."
# C0 controls but tab and newline, and C1 ones: what drives a terminal (ESC and 0x9b open escape
# sequences); and the bidirectional embeddings, overrides and isolates, which turned the rest of the
# operator's line around (a publisher "‮evil‬ Press"). Shown as U+FFFD, one character for one, so styled
# spans keep their places.
_TERMINAL_CONTROLS = dict.fromkeys(
    (c for c in [*range(32), *range(0x7F, 0xA0)] if chr(c) not in "\t\n"), "\ufffd"
) | dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)], "\ufffd")


# JSON escapes C0 controls but not DEL, C1 ones or bidirectional controls; escaped, they reach the
# reader as they were stored.
_JSON_CONTROLS = {
    c: f"\\u{c:04x}" for c in [*range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
}


def terminal_text(text: str) -> str:
    return text.translate(_TERMINAL_CONTROLS)


def terminal_json(payload: object, indent: int | None = None) -> str:
    """`payload` as JSON with every control character escaped: a script reading it gets each string as
    stored, and a terminal showing it is driven by none of them."""
    return json.dumps(payload, ensure_ascii=False, indent=indent).translate(_JSON_CONTROLS)


class TerminalConsole(Console):
    """A rich `Console` whose printed text cannot drive the terminal. What it prints was written by
    strangers or servers (a refused change, a page's headers in an error, titles and quotes an older
    release stored as given), and rich passes escape sequences in text through."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        super().print(*(_without_controls(o) for o in objects), **kwargs)


def _without_controls(shown: Any) -> Any:
    if isinstance(shown, str):
        return terminal_text(shown)
    if isinstance(shown, Text):
        safe = shown.copy()
        safe.plain = terminal_text(shown.plain)
        return safe
    return shown


def quote_with_highlight(quote: str, highlight: str | None) -> Text:
    before, best, _after = split_highlight(quote, highlight)
    text = Text(quote)
    if best:
        text.stylize("bold", len(before), len(before) + len(best))
    return text


def print_answer(console: Console, answer: Answer, show_alternatives: bool = False) -> None:
    if not answer.answered or answer.quote is None or answer.source is None:
        if answer.closest:
            print_near_miss(console, answer)
        else:
            console.print(NOT_FOUND, markup=False, highlight=False)
        return
    shown = answer.display_quote() or answer.quote
    for line in quote_with_highlight(shown, answer.highlight).split("\n"):
        console.print(Text("> ") + line if line.plain else Text(">"), highlight=False)
    console.print()
    if answer.highlight and answer.highlight != answer.quote:  # a byline quoted whole says it once
        console.print(
            Text("Best sentence: ", style="dim") + Text(on_its_own(answer.highlight)), highlight=False
        )
    console.print(Text(answer.source.attribution(), style="italic"), highlight=False)
    if show_alternatives and answer.alternatives:
        console.print()
        console.print("[dim]Other passages:[/dim]")
        for number, alternative in enumerate(answer.alternatives, start=1):
            console.print(
                Text(f"{number}.", style="dim") + Text(f" {alternative.display_quote()}"), highlight=False
            )
            console.print(Text("   " + alternative.source.attribution(), style="italic dim"), highlight=False)


def print_near_miss(console: Console, answer: Answer) -> None:
    """A refusal that names the sources that came closest: no quote, so it cannot pass for an answer."""
    closest = Text(NEAR_MISS + " Closest: ")
    for number, source in enumerate(answer.closest):
        if number:
            closest.append("; ")
        closest.append(source.title or source.id, style="italic")
        if source.author:
            closest.append(f" — {source.author}")
    console.print(closest, highlight=False)


def print_sources(console: Console, sources: list[SourceSummary]) -> None:
    # Imported here: `index.store` brings SQLAlchemy and Alembic, which `qabot --help` has no use for
    # (imported with this module, they took it from 0.15 to 0.9 s).
    from index.store.change_results import passages

    if not sources:
        console.print("The knowledge base is empty. Add an article with `qabot kb add PATH`.", markup=False)
        return
    for summary in sources:
        info = summary.source
        title = Text(info.title or info.id, style="bold")
        if summary.collection is not None:
            title += Text(f"  [{summary.collection}'s own]", style="dim")
        console.print(title, highlight=False)
        details = ", ".join(p for p in (info.author, info.publisher, info.published_label()) if p)
        console.print(
            Text(f"  id: {info.id} · {passages(summary.passages)}" + (f" · {details}" if details else "")),
            highlight=False,
        )
        if info.url:
            console.print(Text(f"  {info.url}"), highlight=False)
