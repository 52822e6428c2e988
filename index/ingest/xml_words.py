"""The words of an element of trafilatura's XML, its line breaks and inner blocks apart."""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree import ElementTree

__all__ = ["words_of"]

_APART = frozenset({"lb", "p", "head", "item", "list", "quote", "row", "cell"})


def words_of(element: ElementTree.Element) -> str:
    """An element's text, its line breaks and inner blocks apart: a cell's "Monday to Friday<br>9am"
    (trafilatura makes the second line a `<p>` of the cell) had read "Friday9am"."""
    return " ".join("".join(_texts(element)).split())


def _texts(element: ElementTree.Element) -> Iterator[str]:
    """`itertext`, with a space before each block (`_APART`); a stack, not recursion, as the XML may nest
    deep."""
    pending: list[ElementTree.Element | str] = [element]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            yield item
            continue
        if item.tag in _APART:
            yield " "
        if item.text:
            yield item.text
        for child in reversed(item):
            if child.tail:
                pending.append(child.tail)
            pending.append(child)
