"""The numbers a page gives its ordered lists' items, where they are not 1, 2, 3…: `<ol start="4">`
(steps 4 to 6, after a paragraph between them and steps 1 to 3), `<li value="7">`, `<ol reversed>`.
trafilatura keeps none of these attributes, and "What is step 4?" was answered with the list's own
first step, shown as "1.". A list is known by the words its first item opens with."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import islice
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["ListNumbers", "numbered_lines", "ordered_list_numbers"]

ListNumbers = Mapping[str, Sequence[int]]
KEY_WORDS = 12
MAX_LISTS = 500
MAX_ITEMS = 1_000
MAX_TEXTS_READ = 50
_DIGITS = re.compile(r"[0-9]{1,7}")  # not "²", which `isdigit` takes and `int` refuses


def numbered_lines(items: list[str], list_numbers: ListNumbers, shown: Sequence[bool] = ()) -> str:
    """Items as "4. …" lines, numbered as the page numbers them (from 1 where it says nothing); only
    those `shown` (all by default), each keeping its number: a step after a left-out "Read more" item
    is still step 3."""
    numbers = list_numbers.get(_list_key(items[0]) if items else "", ())
    numbers = numbers if len(numbers) == len(items) else range(1, len(items) + 1)
    shown = shown or [True] * len(items)
    lines = zip(numbers, items, shown, strict=True)
    return "\n".join(f"{number}. {item}" for number, item, keep in lines if keep and item)


def _list_key(first_item: str) -> str:
    return " ".join(first_item.split()[:KEY_WORDS]).casefold()


def ordered_list_numbers(tree: HtmlElement) -> ListNumbers:
    """Each numbered-otherwise list's item numbers, by its first item's opening words; none for lists
    that open alike but are numbered differently (which is which is not known)."""
    found: dict[str, Sequence[int] | None] = {}
    for ordered in islice(tree.iter("ol"), MAX_LISTS):
        items = [child for child in ordered if child.tag == "li"][:MAX_ITEMS]
        if not items:
            continue
        # `reversed` counts down, from the number of items unless it says where.
        step = -1 if ordered.get("reversed") is not None else 1
        number = _number(ordered.get("start"), len(items) if step < 0 else 1)
        numbers = []
        for item in items:
            number = _number(item.get("value"), number)
            numbers.append(number)
            number += step
        key = _list_key(_opening(items[0]))
        if key in found and found[key] != tuple(numbers):
            found[key] = None
        elif key not in found:
            found[key] = tuple(numbers)
    return {
        key: numbers
        for key, numbers in found.items()
        if numbers is not None and list(numbers) != list(range(1, len(numbers) + 1))
    }


def _opening(item: HtmlElement) -> str:
    """An item's first words, its paragraphs apart, read no further than the key needs (a list nested
    in the item is not read whole for every list around it)."""
    words: list[str] = []
    for text in islice(item.itertext(), MAX_TEXTS_READ):
        words += text.split()
        if len(words) >= KEY_WORDS:
            break
    return " ".join(words)


def _number(attribute: str | None, default: int) -> int:
    text = (attribute or "").strip()
    return int(text) if _DIGITS.fullmatch(text) else default
