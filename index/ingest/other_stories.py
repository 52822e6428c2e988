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
from itertools import islice

from lxml.html import HtmlElement

__all__ = ["without_other_stories"]

# Elements that hold only other content: navigation and asides.
_OTHER_TAGS = frozenset({"aside", "nav"})
# A class or id word naming a box of other stories, a sidebar or the comments. "comment" ends the word
# or a part of it: a "commentary" is an article. Not "widget": Blogger sets every post in one.
_OTHER_BOXES = re.compile(
    r"(?:related|trending|most[-_]?(?:read|popular|viewed|shared)|popular|recommend|sidebar"
    r"|more[-_]?(?:stories|news|from)|read[-_]?(?:more|next)|outbrain|taboola"
    r"|comments?(?![a-z]))",
    re.IGNORECASE,
)
# Never left out, whatever their class says: `<body class="sidebar-left">` is the whole page.
_CONTAINERS = frozenset({"html", "body", "main", "article"})
_STORY_PARTS = frozenset({"article", "main", "h1"})
# An aside that is the article's own: a theme may set its byline or date in `<aside class="byline">`,
# or in an aside inside the article that holds a `<time>` or a byline.
_OWN_PARTS = re.compile(r"byline|author|date|time|published|meta|info", re.IGNORECASE)
_NOT_TEXT = frozenset({"script", "style", "noscript", "template"})
STORY_SHARE = 0.5  # of the page's text: an element holding more is the story, whatever its name
MAX_ELEMENTS_LOOKED_AT = 50_000  # a page's elements; the limits of `html_limits` keep pages smaller


def without_other_stories(tree: HtmlElement) -> HtmlElement:
    """A copy of `tree` without the boxes of other stories, asides, navigation and comments (never an
    element holding the article, its main part, its headline or most of the page's text). Two passes
    over the elements, whatever their nesting."""
    pruned: HtmlElement = copy.deepcopy(tree)
    elements = list(islice(pruned.iter(), MAX_ELEMENTS_LOOKED_AT))
    # Bottom up: each element's text length (what a reader sees) and whether it holds the story or,
    # for an aside, the article's own byline or date.
    text: dict[HtmlElement, int] = {}
    story: dict[HtmlElement, bool] = {}
    own: dict[HtmlElement, bool] = {}
    for element in reversed(elements):
        tag = element.tag if isinstance(element.tag, str) else ""
        children = [child for child in element if child in text]
        shown = 0 if tag in _NOT_TEXT else len(element.text or "") + sum(text[child] for child in children)
        text[element] = shown + sum(len(child.tail or "") for child in children)
        story[element] = tag in _STORY_PARTS or any(story[child] for child in children)
        own[element] = (
            tag == "time" or bool(_OWN_PARTS.search(_names(element))) or any(own[child] for child in children)
        )
    page_text = text.get(pruned, 0)
    other = []
    for element in elements:  # top down: the outermost box of each kind goes, its inner ones with it
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _CONTAINERS or story[element] or text[element] > STORY_SHARE * page_text:
            continue
        names = _names(element)
        named_other = any(_OTHER_BOXES.match(word) for word in names.split())
        article_aside = own[element] and bool(element.xpath("ancestor::article"))
        if named_other or (tag in _OTHER_TAGS and not _OWN_PARTS.search(names) and not article_aside):
            other.append(element)
    for element in other:
        if element.getparent() is not None:
            element.drop_tree()
    return pruned


def _names(element: HtmlElement) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"
