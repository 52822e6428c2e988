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
# A layout's word, which holds the page: "sidebar-right", "recommended-layout", "popular-theme". Not
# "-wrap", "-content", "-page" or "-body": "comments-wrap", "related-content" are boxes.
_LAYOUT = re.compile(r".*[-_](?:left|right|layout|theme)", re.IGNORECASE)
# Never left out, whatever their class says: `<body class="sidebar-left">` is the whole page.
_CONTAINERS = frozenset({"html", "body", "main", "article"})
_STORY_PARTS = frozenset({"article", "main", "h1"})
# An aside that is the article's own: a theme may set its byline or date in `<aside class="byline">`,
# or in an aside inside the article that holds a `<time>` or a byline; a breadcrumb may hold its date.
_OWN_PARTS = re.compile(r"byline|author|date|time|published|meta|info|breadcrumb", re.IGNORECASE)
_NOT_TEXT = frozenset({"script", "style", "noscript", "template"})
STORY_SHARE = 0.5  # of the page's text: an element holding more is the story, whatever its name
MAX_ELEMENTS_LOOKED_AT = 30_000  # a larger page is read whole (its story may lie past them)


def without_other_stories(tree: HtmlElement) -> HtmlElement:
    """A copy of `tree` without the boxes of other stories, asides, navigation and comments. Never left
    out: what holds the article, its main part or its headline (an `<article>` in a box of other
    stories is a teaser card), the paragraphs outside every box holding the most text, or over half
    the page's text. Three passes over the elements, whatever their nesting."""
    pruned: HtmlElement = copy.deepcopy(tree)
    elements = list(islice(pruned.iter(), MAX_ELEMENTS_LOOKED_AT + 1))
    if len(elements) > MAX_ELEMENTS_LOOKED_AT:
        return pruned
    tags = [element.tag if isinstance(element.tag, str) else "" for element in elements]
    names = [f"{element.get('class', '')} {element.get('id', '')}" for element in elements]
    at = {element: index for index, element in enumerate(elements)}
    parents = [at.get(element.getparent(), -1) for element in elements]
    named = [_names_other_stories(words) for words in names]
    # Top down: what lies inside a box named for other stories, and what inside the article.
    under_other, in_article = [False] * len(elements), [False] * len(elements)
    for index in range(1, len(elements)):
        parent = parents[index]
        under_other[index] = under_other[parent] or named[parent]
        in_article[index] = in_article[parent] or tags[parent] == "article"
    # Bottom up: each element's text length (what a reader sees), its paragraphs' text, whether it
    # holds the story, and whether it holds a byline or a date.
    text, paragraphs = [0] * len(elements), [0] * len(elements)
    story, own = [False] * len(elements), [False] * len(elements)
    for index in range(len(elements) - 1, -1, -1):
        element, tag = elements[index], tags[index]
        text[index] += 0 if tag in _NOT_TEXT or not tag else len(element.text or "")  # not a comment's
        story[index] |= tag in _STORY_PARTS and not (tag == "article" and under_other[index])
        own[index] |= tag == "time" or bool(_OWN_PARTS.search(names[index]))
        parent = parents[index]
        if parent >= 0:
            text[parent] += text[index] + len(element.tail or "")
            paragraphs[parent] += text[index] if tag == "p" else 0
            story[parent] |= story[index]
            own[parent] |= own[index]
    # The element whose own paragraphs hold the most text, outside every box, is the story's, whatever
    # it is called (a post in `<div class="post">` under a layout's class).
    boxed = [under_other[index] or named[index] for index in range(len(elements))]
    holder = max(range(len(elements)), key=lambda index: 0 if boxed[index] else paragraphs[index])
    if paragraphs[holder] > 0:  # it and every element around it
        while holder >= 0:
            story[holder], holder = True, parents[holder]
    other = []
    for index, element in enumerate(elements):
        tag = tags[index]
        if tag in _CONTAINERS or story[index] or text[index] > STORY_SHARE * text[0]:
            continue
        an_aside = tag in _OTHER_TAGS and not _OWN_PARTS.search(names[index])
        if named[index] or (an_aside and not (own[index] and in_article[index])):
            other.append(element)
    for element in other:
        if element.getparent() is not None:
            element.drop_tree()
    return pruned


def _names_other_stories(words: str) -> bool:
    return any(_OTHER_BOXES.match(word) and not _LAYOUT.fullmatch(word) for word in words.split())
