"""Paragraphs trafilatura cut at their first link, made whole again from the page.

Asked to keep links, trafilatura keeps a `<div>` paragraph from its first link on wherever the page's
`<p>`s already hold enough text (750 characters; below that it reads `<div>`s whole): "Officials
blamed the contractor, <a>Brunel Civil</a>, for the delay" was stored, and quoted, as "Brunel Civil,
for the delay…", and a correction saying a facility "was launched with <a>Aon</a>; it was launched
with Marsh" as "Aon; it was launched with Marsh", the opposite of what the page says. A kept paragraph
that is exactly the part of a page block from its first link on is replaced by the whole block, and
dropped if the whole block only asks the reader to subscribe.

Only blocks holding no other block are looked at, so every element of the page is read once.
"""

from __future__ import annotations

from typing import Any

from index.ingest.scraped_text import calls_to_action

__all__ = ["with_link_openings"]

_PARAGRAPHS = frozenset({"p", "div", "li", "dd", "td", "th", "blockquote", "section", "figcaption"})
_INLINE = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "font", "i",
        "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
        "var", "wbr",
    }
)  # fmt: skip


def with_link_openings(body: str, tree: Any) -> str:
    """`body` (paragraphs apart by blank lines) with each paragraph that lost the words before its
    first link given them back, as the page `tree` (lxml) shows them."""
    whole_by_cut, own = _blocks_by_their_cut(tree)
    if not whole_by_cut:
        return body
    mended = []
    for paragraph in body.split("\n\n"):
        squeezed = "".join(paragraph.split())
        # A block of the page that opens with its link is the paragraph itself, not a cut: "<p><a>Maria
        # Smith</a> won…</p>" stays, though a teaser elsewhere reads "Also: <a>Maria Smith</a> won…".
        whole = None if squeezed in own else whole_by_cut.get(squeezed)
        if whole is None:
            mended.append(paragraph)
        elif not calls_to_action(whole):
            mended.append(whole)
    ending = body[len(body.rstrip("\n")) :]
    return "\n\n".join(mended).rstrip("\n") + ending


def _blocks_by_their_cut(tree: Any) -> tuple[dict[str, str], set[str]]:
    """Each paragraph block with words before its first link: its text from that link on, without
    whitespace (trafilatura drops some: "subscribe hereto") → its whole text; and the texts, without
    whitespace, of the blocks that open with their link."""
    found: dict[str, str] = {}
    own: set[str] = set()
    looked_at: set[Any] = set()  # the elements themselves: an lxml proxy's id() is reused once freed
    for link in tree.iter("a"):
        block = link.getparent()
        if block is None or block in looked_at or block.tag not in _PARAGRAPHS:
            continue
        looked_at.add(block)
        if not _holds_no_block(block):
            continue
        before: list[str] = [block.text or ""]
        cut: list[str] = []
        for child in block:
            text = [child.text_content() if isinstance(child.tag, str) else "", child.tail or ""]
            (cut if cut or child.tag == "a" else before).extend(text)
        if "".join(before).strip():
            found.setdefault("".join("".join(cut).split()), " ".join(block.text_content().split()))
        else:
            own.add("".join("".join(cut).split()))
    return found, own


def _holds_no_block(block: Any) -> bool:
    # Stops at the first block inside: an element is read by its nearest enclosing block only.
    return all(isinstance(child.tag, str) and child.tag in _INLINE for child in block.iterdescendants())
