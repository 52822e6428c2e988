"""What a source's link may be: an http(s) URL with a host, nothing a chat client would run or hide.

The link is shown under every quote as where the words come from; a `javascript:` or `data:` link,
or one with no host, would make that attribution a trap. Checked wherever a link enters: CLI flags,
front matter, chat captions and options, and fetched pages' own metadata.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from index.errors import BadDocument

__all__ = ["MAX_URL_CHARS", "check_source_url"]

MAX_URL_CHARS = 2048


def check_source_url(url: str) -> str:
    """`url` unchanged when it is a link qabot shows; `BadDocument` saying why not otherwise."""
    shown = url[:100] + ("…" if len(url) > 100 else "")
    problem = None
    if len(url) > MAX_URL_CHARS:
        problem = f"is longer than {MAX_URL_CHARS} characters"
    elif any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        problem = "contains spaces or control characters"
    else:
        try:
            parts = urlsplit(url)
            host = parts.hostname
            _ = parts.port  # a port that is not a number raises here
        except ValueError:
            problem = "is not a valid URL"
        else:
            if parts.scheme.lower() not in {"http", "https"}:
                problem = "is not an http:// or https:// link"
            elif not host:
                problem = "has no host"
    if problem:
        raise BadDocument(f"The source's url {shown!r} {problem}; give an http(s) link to the original.")
    return url
