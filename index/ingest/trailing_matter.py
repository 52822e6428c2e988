"""Where a text's own words end: before a copied encyclopedia article's reference sections, a press
release's end mark, or a mail's signature and footer.

Kept, they were passages the bot quoted: "What did experts advise…?" was answered from a Wikipedia
copy's References list ("Retrieved 12 May 2020. ^ Land survey of 1734…"), "How many passengers does
the new ferry carry?" from the company boilerplate under a release's "###", and "How do I
unsubscribe?" from a newsletter's footer. Only the text's last half is cut, never inside a code
block; a reference section counts only when no other section follows it, and a "--" line only when
a mail's footer follows ("unsubscribe", "©"), so a letter quoted in a story keeps its sender. One pass.

A web page may also end in a call to its reader, under a question of its own ("Tried this recipe? Tag
us on Instagram", "Want to work on problems like this? We're hiring"), or in a release's "Media
contact": cut when it is the page's last section and most of its lines call (hiring, subscribe,
follow, tag) or give an e-mail address or a phone number. Only pages: a club's FAQ may well
end "Want to join? Sign up at the desk".
"""

from __future__ import annotations

import re

from index.ingest.chunking import lines_outside_code

__all__ = ["without_trailing_matter"]

LAST_SHARE = 0.5  # a marker counts only in this last share of the text
# Sections an encyclopedia article ends with, as headings of their own ("## References" or a bare line).
_END_SECTIONS = re.compile(
    r"#{0,6}\s*(?:references|see also|external links|notes and references|further reading|bibliography|"
    r"citations|footnotes)\s*",
    re.IGNORECASE,
)
_HEADING = re.compile(r"#{1,6}\s")
# What a reference list's lines hold: a year, "Retrieved", a DOI or ISBN, a link, pages, "^", "et al".
_CITING = re.compile(
    r"\b(?:1[5-9]|20)\d\d\b|retrieved|\bdoi\b|\bisbn\b|https?://|\bpp?\.\s?\d|\^|et al\b", re.IGNORECASE
)
# A press release's end mark ("###", "-30-", "ENDS").
_END_MARKS = re.compile(r"(?:#{3}|-\s?30\s?-|ends)\s*", re.IGNORECASE)
_SIGNATURE = re.compile(r"--\s*")
_CALL_HEADING = re.compile(
    r"#{1,6}\s*(?:(?:want|tried|made|enjoyed|enjoy|liked?|loved?|interested)\b[^?\n]{0,80}\?"
    r"|(?:media|press)\s+(?:contacts?|inquiries|enquiries)|for more information)\s*:?\s*",
    re.IGNORECASE,
)
# What addresses the reader, not what names a platform: a help page's "Want to delete your Facebook
# account?" ends with its own answer.
_CALLS = re.compile(
    r"\b(?:(?:we're|we are|now) hiring|open (?:roles|positions)|join (?:us|our)|subscribe to (?:our|the)|"
    r"sign up (?:for|to) (?:our|the)|follow us|tag us|share (?:it|this|yours|your (?:photos?|creation))|"
    r"(?:see|view) (?:our )?(?:open )?(?:jobs|careers))\b|\btag @"
    r"|@[\w-]{1,63}\.[a-z]{2,24}\b|\b\d{3}[-. ]\d{4}\b",  # a release's contact: an e-mail, a phone
    re.IGNORECASE,
)
_MAIL_FOOTER = re.compile(
    r"unsubscribe|receiving this e-?mail|update your preferences|©|all rights reserved", re.I
)


def without_trailing_matter(text: str, *, web_page: bool = False) -> str:
    """`text` up to its first end marker in its last half (see the module's docstring), or as it is.
    `web_page`: a reference section ends the text only if most of its lines cite (a year, "Retrieved",
    a link, "pp."), as a blog post's closing "References" may be advice about referees; and a closing
    call to the reader is cut."""
    half = len(text) * (1 - LAST_SHARE)
    footer = max((m.start() for m in _MAIL_FOOTER.finditer(text)), default=-1)
    cut = None
    section: list[int] | None = None  # an end section being read: [offset, lines, citing lines]
    call: list[int] | None = None  # a call to the reader being read: [offset, lines, calling lines]

    def ends_here() -> int | None:
        if section is None:
            return cut
        offset, lines, citing = section
        return cut if cut is not None or (web_page and 2 * citing < lines) else offset

    for offset, line in lines_outside_code(text):
        if offset < half:
            continue
        if _END_MARKS.fullmatch(line) or (_SIGNATURE.fullmatch(line) and footer > offset):
            return text[:offset].rstrip() + "\n"
        heading = _HEADING.match(line) is not None
        if heading:
            call = [offset, 0, 0] if web_page and _CALL_HEADING.fullmatch(line) else None
        elif call is not None and line.strip():
            call[1] += 1
            call[2] += _CALLS.search(line) is not None
        if _END_SECTIONS.fullmatch(line):
            cut, section = ends_here(), [offset, 0, 0]
        elif heading:
            cut, section = None, None  # another section follows: the references were not the end
        elif section is not None and line.strip():
            section[1] += 1
            section[2] += _CITING.search(line) is not None
    cut = ends_here()
    if cut is None and call is not None and call[1] and 2 * call[2] >= call[1]:
        cut = call[0]
    return text if cut is None else text[:cut].rstrip() + "\n"
