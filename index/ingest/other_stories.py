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
# or a part of it: a "commentary" is an article. Not "widget": Blogger sets every post in one; not a
# layout's "sidebar-right", which holds the page.
_OTHER_BOXES = re.compile(
    r"(?:related|trending|most[-_]?(?:read|popular|viewed|shared)|popular|recommend"
    r"|sidebar(?![-_]?(?:left|right|layout|wrap|container|page|content))"
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
    element holding the article, its main part, its headline or most of the page's text). Three passes
    over the elements, whatever their nesting; a page of more elements than are looked at is left whole
    (its story may lie past them)."""
    pruned: HtmlElement = copy.deepcopy(tree)
    elements = list(islice(pruned.iter(), MAX_ELEMENTS_LOOKED_AT + 1))
    if len(elements) > MAX_ELEMENTS_LOOKED_AT:
        return pruned
    # Top down: which elements lie inside a box named for other stories (an `<article>` there is a
    # teaser card, not the story) and which inside the article.
    named = {element: _named_other(element) for element in elements}
    under_other: dict[HtmlElement, bool] = {pruned: False}
    in_article: dict[HtmlElement, bool] = {pruned: False}
    for element in elements[1:]:
        parent = element.getparent()
        under_other[element] = under_other[parent] or named[parent]
        in_article[element] = in_article[parent] or parent.tag == "article"
    # Bottom up: each element's text length (what a reader sees), whether it holds the story, and
    # whether it holds a byline or a date (an aside in the article holding one is the article's own).
    text: dict[HtmlElement, int] = {}
    story: dict[HtmlElement, bool] = {}
    own: dict[HtmlElement, bool] = {}
    for element in reversed(elements):
        tag = element.tag if isinstance(element.tag, str) else ""
        children = list(element)
        shown = 0 if tag in _NOT_TEXT else len(element.text or "") + sum(text[child] for child in children)
        text[element] = shown + sum(len(child.tail or "") for child in children)
        part = tag in _STORY_PARTS and not (tag == "article" and under_other[element])
        story[element] = part or any(story[child] for child in children)
        own[element] = (
            tag == "time" or bool(_OWN_PARTS.search(_names(element))) or any(own[child] for child in children)
        )
    page_text = text[pruned]
    other = []
    for element in elements:  # top down: the outermost box of each kind goes, its inner ones with it
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _CONTAINERS or story[element] or text[element] > STORY_SHARE * page_text:
            continue
        article_aside = own[element] and in_article[element]
        if named[element] or (
            tag in _OTHER_TAGS and not _OWN_PARTS.search(_names(element)) and not article_aside
        ):
            other.append(element)
    for element in other:
        if element.getparent() is not None:
            element.drop_tree()
    return pruned


def _named_other(element: HtmlElement) -> bool:
    return any(_OTHER_BOXES.match(word) for word in _names(element).split())


def _names(element: HtmlElement) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"
