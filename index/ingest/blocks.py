"""The text of an HTML or XML tree block by block: what both ways of reading a page share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["block_texts"]

_BREAKS = frozenset({"br", "lb", "hr"})
# A line break after a sentence of its own is where a paragraph ends: pages laid out with `<br><br>`
# (trafilatura makes one `<lb/>` of them) were one paragraph, cut into passages mid-story ("She said…"
# apart from who she is). Verse, addresses and a caption's credit line end no sentence, or are short.
PARAGRAPH_BREAK_MIN_CHARS = 60
_SENTENCE_ENDS = (".", "!", "?", "…", '."', '!"', '?"', ".”", "!”", "?”", ".'", ".’")


def block_texts(
    root: Any,
    blocks: frozenset[str],
    headings: frozenset[str],
    skipped: frozenset[str],
    whole: Callable[[Any], str | None] | None = None,
) -> list[str]:
    """The text of each block element under `root`, in document order, whitespace collapsed and
    headings as `## …`; a nested block is a paragraph of its own, not a repeat inside its parent's.
    `whole(element)`, where given, renders an element as one block itself (a table's rows), or drops
    it (""); None walks it as any other.

    One walk with an explicit stack: every character is visited once, at any nesting depth (reading
    each element's whole text, as before, was quadratic on nested lists).
    """
    found: list[str] = []
    parts: list[str] = []
    pending = [0]  # characters in `parts`
    last_words = [""]  # the last text in `parts` with words, its end stripped: read at each break
    open_blocks: list[bool] = [False]  # is each open block a heading; the root's text is not kept

    def add(text: str) -> None:
        parts.append(text)
        pending[0] += len(text)
        if not text.isspace():
            last_words[0] = text.rstrip()

    def flush() -> None:
        text = " ".join("".join(parts).split())
        parts.clear()
        pending[0], last_words[0] = 0, ""
        if text and len(open_blocks) > 1:
            found.append(f"## {text}" if open_blocks[-1] else text)

    def ends_paragraph() -> bool:
        return pending[0] >= PARAGRAPH_BREAK_MIN_CHARS and last_words[0].endswith(_SENTENCE_ENDS)

    # (element, entering): children are pushed in reverse so they come off the stack in order.
    stack: list[tuple[Any, bool]] = [(child, True) for child in reversed(list(root))]
    add(root.text or "")
    while stack:
        element, entering = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else ""  # comments, processing instructions
        tag = tag.rsplit("}", 1)[-1].lower()
        is_block = tag in blocks
        if entering:
            if tag in skipped or not tag:
                add(element.tail or "")
                continue
            rendered = whole(element) if whole is not None else None
            if rendered is not None:
                flush()
                if rendered:
                    found.append(rendered)
                add(element.tail or "")
                continue
            if is_block:
                flush()
                open_blocks.append(tag in headings)
            elif tag in _BREAKS:
                flush() if len(open_blocks) > 1 and not open_blocks[-1] and ends_paragraph() else add(" ")
            add(element.text or "")
            stack.append((element, False))
            stack.extend((child, True) for child in reversed(list(element)))
        else:
            if is_block:
                flush()
                open_blocks.pop()
            add(element.tail or "")
    flush()
    return found
