"""The numbers a page gives its ordered lists' items, where they are not 1, 2, 3…: `<ol start="4">`
(steps 4 to 6, after a paragraph between them and steps 1 to 3) and `<li value="7">`. trafilatura
keeps neither attribute, and "What is step 4?" was answered with the list's own first step, shown as
"1.". A list is known by the words its first item opens with."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["ListNumbers", "numbered_lines", "ordered_list_numbers"]

ListNumbers = Mapping[str, Sequence[int]]
KEY_WORDS = 12
MAX_LISTS = 500
MAX_ITEMS = 1_000
MAX_NUMBER = 1_000_000


def numbered_lines(items: list[str], list_numbers: ListNumbers) -> str:
    """Items as "4. …" lines, numbered as the page numbers them (from 1 where it says nothing)."""
    numbers = list_numbers.get(_list_key(items[0]) if items else "", ())
    numbers = numbers if len(numbers) == len(items) else range(1, len(items) + 1)
    return "\n".join(f"{number}. {item}" for number, item in zip(numbers, items, strict=True) if item)


def _list_key(first_item: str) -> str:
    return " ".join(first_item.split()[:KEY_WORDS]).casefold()


def ordered_list_numbers(tree: HtmlElement) -> ListNumbers:
    """Each numbered-otherwise list's item numbers, by its first item's opening words."""
    found: dict[str, Sequence[int]] = {}
    for ordered in tree.iter("ol"):
        if len(found) >= MAX_LISTS:
            break
        items = [child for child in ordered if child.tag == "li"][:MAX_ITEMS]
        if not items:
            continue
        number = _number(ordered.get("start"), 1)
        numbers = []
        for item in items:
            number = _number(item.get("value"), number)
            numbers.append(number)
            number += 1
        if numbers != list(range(1, len(numbers) + 1)):
            found.setdefault(_list_key(items[0].text_content()), tuple(numbers))
    return found


def _number(attribute: str | None, default: int) -> int:
    text = (attribute or "").strip()
    return int(text) if text.isdigit() and int(text[:7]) <= MAX_NUMBER else default
