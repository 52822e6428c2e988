"""Markdown's inline markup taken out of the text the bot quotes: `**bold**` and links.

Quotes are verbatim slices of the stored text, and both front ends show them as text: an interview's
questions in bold reached Telegram as `**How does a coral nursery work?**`, and Discord escaped the
asterisks inside its own bold. Headings and list markers stay: passages are cut by them. Single `*`,
`_` and `__` stay too, as they are as often a bullet, a footnote or part of a name (`__init__`).
"""

from __future__ import annotations

import re

__all__ = ["without_inline_markup"]

# Linear: a link's text cannot hold a bracket and its address cannot hold a parenthesis or a space,
# so no try scans past the start of the next one, and both are bounded.
_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\([^()\s]{1,2048}\)")


def without_inline_markup(text: str) -> str:
    return _LINK.sub(r"\1", text).replace("**", "")
