"""A page without what belongs to other stories: the page's metadata is read from what is left.

A "Most read" box, a related story's card, a sidebar's widgets and readers' comments carry dates and
bylines of their own. Read with the rest, they dated an undated article by a trending story's
`<time>` (htmldate, inside trafilatura, takes one from anywhere on the page) and credited it to a
related card's "By Bo Chen". The article's own text is read from the whole page, as before: only its
author and date are looked for in this copy.
"""

from __future__ import annotations

import copy
import re

from lxml.html import HtmlElement

__all__ = ["without_other_stories"]

# Elements that hold only other content: navigation and asides.
_OTHER_TAGS = frozenset({"aside", "nav"})
# A class or id word naming a box of other stories, a sidebar or the comments. "comment" ends the word
# or a part of it: a "commentary" is an article.
_OTHER_BOXES = re.compile(
    r"(?:related|trending|most[-_]?(?:read|popular|viewed|shared)|popular|recommend|sidebar|widget"
    r"|more[-_]?(?:stories|news|from)|read[-_]?(?:more|next)|outbrain|taboola"
    r"|comments?(?![a-z]))",
    re.IGNORECASE,
)
# Never left out, whatever their class says: `<body class="sidebar-left">` is the whole page.
_CONTAINERS = frozenset({"html", "body", "main", "article"})
# An aside that is the article's own: a theme may set its byline or date in `<aside class="byline">`.
_OWN_PARTS = re.compile(r"byline|author|date|time|published|meta|info", re.IGNORECASE)
_HOLDS_THE_STORY = "descendant::*[self::article or self::main or self::h1]"
STORY_SHARE = 0.5  # of the page's text: an element holding more is the story, whatever its name
MAX_ELEMENTS_LOOKED_AT = 50_000  # a page's elements; the limits of `html_limits` keep pages smaller
MAX_BOXES = 300  # each box's text is measured once


def without_other_stories(tree: HtmlElement) -> HtmlElement:
    """A copy of `tree` without the boxes of other stories, asides, navigation and comments (never an
    element holding the article, its main part, its headline or most of the page's text)."""
    pruned: HtmlElement = copy.deepcopy(tree)
    other = []
    for seen, element in enumerate(pruned.iter()):
        if seen >= MAX_ELEMENTS_LOOKED_AT:
            break
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _CONTAINERS:
            continue
        names = f"{element.get('class', '')} {element.get('id', '')}"
        if any(_OTHER_BOXES.match(word) for word in names.split()) or (
            tag in _OTHER_TAGS and not _OWN_PARTS.search(names)
        ):
            other.append(element)
            if len(other) >= MAX_BOXES:
                break
    page_text = len(pruned.text_content())
    for element in other:
        if (
            element.getparent() is not None
            and not element.xpath(_HOLDS_THE_STORY)
            and len(element.text_content()) <= STORY_SHARE * page_text
        ):
            element.drop_tree()
    return pruned
