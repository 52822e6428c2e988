"""Pages libxml2 cannot read whole, or not in linear time: refused before any extraction parses them.

- Nesting: libxml2 stops at 256 levels, and everything after, the rest of the article included, would
  be dropped unannounced.
- Attributes: libxml2 compares each attribute's name with every earlier one of its element, so one
  element with k attributes costs k² (20,000 attributes took 2.2 s, 50,000 took 27 s). Real elements
  have a few dozen; `MAX_ATTRIBUTES` bounds the work at a small constant a byte.
"""

from __future__ import annotations

import re

from index.errors import BadDocument

MAX_ATTRIBUTES = 256  # on one element
# A start tag as libxml2 reads it: from "<" and a letter to the first ">" outside quotes. Each
# alternative starts with a different character, and nothing follows the repetition, so a match never
# backtracks; a quote without its closing one ends the tag there.
_START_TAG = re.compile(r"""<[A-Za-z](?:[^<>"']+|"[^"]*"|'[^']*')*""")
_QUOTED = re.compile(r""""[^"]*"|'[^']*'""")
# libxml2 starts a name after a space, a "/", or a closing quote ("a0/a1", 'a0=""a1=""' are two):
# every run between those, "=" and quotes counts (an unquoted value too: a count too high is safe).
_NAME_LIKE = re.compile(r"""[^\s/>"'=]+""")
# Each attribute takes at least two characters (a space and a name): shorter tags need no counting.
_LONGEST_UNCOUNTED_TAG = 2 * MAX_ATTRIBUTES


def check_html_limits(html: str, name: str) -> None:
    """Refuses a page with an element of more than `MAX_ATTRIBUTES` attributes, or nested deeper than
    libxml2 parses; `name` is what the message calls the page."""
    for tag in _START_TAG.finditer(html):
        if tag.end() - tag.start() > _LONGEST_UNCOUNTED_TAG and _attributes(tag.group()) > MAX_ATTRIBUTES:
            raise BadDocument(
                f"{name} has an element with more than {MAX_ATTRIBUTES} attributes, which cannot be read "
                "in reasonable time; send its text instead."
            )
    _check_depth(html, name)


def _attributes(tag: str) -> int:
    """How many attributes a start tag has, at most (an unquoted value counts as one too)."""
    return sum(1 for _ in _NAME_LIKE.finditer(_QUOTED.sub(" ", tag))) - 1  # the element's name


def _check_depth(html: str, name: str) -> None:
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError):  # nothing to parse: the extraction says so
        return
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        raise BadDocument(f"{name} nests its elements too deeply to be read whole; send its text instead.")


__all__ = ["MAX_ATTRIBUTES", "check_html_limits"]
