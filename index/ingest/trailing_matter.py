"""Where a text's own words end: before a copied encyclopedia article's reference sections, a press
release's end mark, or a mail's signature and footer.

Kept, they were passages the bot quoted: "What did experts advise…?" was answered from a Wikipedia
copy's References list ("Retrieved 12 May 2020. ^ Land survey of 1734…"), "How many passengers does
the new ferry carry?" from the company boilerplate under a release's "###", and "How do I
unsubscribe?" from a newsletter's footer. A text is cut at the first such line only in its last half,
so an article that discusses "References" or quotes a "--" line early on keeps every word. One pass.
"""

from __future__ import annotations

import re

__all__ = ["without_trailing_matter"]

LAST_SHARE = 0.5  # a marker counts only in this last share of the text
# Sections an encyclopedia article ends with, as headings of their own ("## References" or a bare line).
_END_SECTIONS = re.compile(
    r"#{0,6}\s*(?:references|see also|external links|notes and references|further reading|bibliography|"
    r"sources|citations|footnotes)\s*",
    re.IGNORECASE,
)
# A press release's end mark ("###", "-30-", "ENDS") and a mail's signature line ("-- ").
_END_MARKS = re.compile(r"(?:#{3}|-\s?30\s?-|ends|--)\s*", re.IGNORECASE)


def without_trailing_matter(text: str) -> str:
    """`text` up to the first end marker in its last half, or as it is."""
    offset = 0
    half = len(text) * (1 - LAST_SHARE)
    for line in text.split("\n"):
        if offset >= half and (_END_SECTIONS.fullmatch(line) or _END_MARKS.fullmatch(line)):
            return text[:offset].rstrip() + "\n"
        offset += len(line) + 1
    return text
