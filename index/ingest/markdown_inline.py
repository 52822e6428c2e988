"""Markdown's inline markup taken out of the text the bot quotes: `**bold**`, links and images.

Quotes are verbatim slices of the stored text, and both front ends show them as text: an interview's
questions in bold reached Telegram as `**How does a coral nursery work?**`, and Discord escaped the
asterisks inside its own bold. Only markup that cannot be anything else goes: bold is a pair of `**`
on one line, each against a word on its inside and not on its outside (`2**10`, `f(**kwargs)` and
`x**2 + y**2` stay), a link keeps its address after its text, and an image keeps its description.
Headings and list markers stay: passages are cut by them.
"""

from __future__ import annotations

import re

__all__ = ["without_inline_markup"]

# Linear: each try scans at most a bounded stretch that cannot hold the next try's opening (a
# bracket, or `*`), so no character is read by more than a few tries.
_STRONG = re.compile(r"(?<![\w*])\*\*(?=[^\s*])([^*\n]{1,300}?)(?<=[^\s*])\*\*(?![\w*])")
_LINK = re.compile(r"(!?)\[([^\[\]\n]{1,300})\]\(([^()\s]{1,2048})\)")


def without_inline_markup(text: str) -> str:
    text = _LINK.sub(lambda link: link[2] if link[1] else f"{link[2]} ({link[3]})", text)
    return _STRONG.sub(r"\1", text)
