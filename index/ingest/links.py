"""What a source's link may be: an http(s) URL with a host, nothing a chat client would run or hide.

The link is shown under every quote as where the words come from; a `javascript:` or `data:` link,
or one with no host, would make that attribution a trap. So would a link that reads as one site and
opens another: a user name before the host (`https://www.bbc.co.uk∕news…@evil.example/`, with
look-alike slashes), a host in look-alike letters or with invisible direction marks, or characters a
chat client turns into markup (`<@&role>`, `[text](other link)`). Checked wherever a link enters: CLI flags,
front matter, chat captions and options, and fetched pages' own metadata.

A link is refused rather than cleaned into another address, with one exception that is the same
address written another way: a host in non-ASCII letters is written in its ASCII (punycode) form, and
characters outside RFC 3986 (invisible ones too) are percent-encoded in the path, as a browser sends them.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit, urlunsplit

from index.errors import BadDocument, shown

__all__ = ["MAX_URL_CHARS", "check_source_url", "link_host", "same_host"]

MAX_URL_CHARS = 2048
# RFC 3986's unreserved and reserved characters, and "%" (already encoded), but for "[" and "]",
# which are allowed only around an IPv6 host and make a Markdown link anywhere else.
_SAFE_IN_PATH = "-._~!$&'()*+,;=:@/?#%"
# Labels of letters, digits, "-" and "_" (not in DNS host names, but in real subdomains).
_HOST = re.compile(r"[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*\.?")


def check_source_url(url: str) -> str:
    """`url` as qabot stores and shows it (see the module's note); `BadDocument` saying why not."""
    problem = None
    if len(url) > MAX_URL_CHARS:
        problem = f"is longer than {MAX_URL_CHARS} characters"
    elif any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        problem = "contains spaces or control characters"
    else:
        try:
            parts = urlsplit(url)
            host = parts.hostname
            port = parts.port  # a port that is not a number raises here
        except ValueError:
            problem = "is not a valid URL"
        else:
            if parts.scheme.lower() not in {"http", "https"}:
                problem = "is not an http:// or https:// link"
            elif not host:
                problem = "has no host"
            elif any(unicodedata.category(c) == "Cf" for c in parts.netloc):
                problem = "has invisible characters (direction marks, zero-width spaces) in its host"
            elif parts.username is not None or parts.password is not None:
                problem = (
                    "has a user name or password before its host (it would show one site and open another)"
                )
            elif (ascii_host := _ascii_host(host)) is None:
                problem = "does not have a valid host name"
            else:
                netloc = ascii_host if port is None else f"{ascii_host}:{port}"
                path, query, fragment = (
                    quote(p, safe=_SAFE_IN_PATH) for p in (parts.path, parts.query, parts.fragment)
                )
                return urlunsplit((parts.scheme.lower(), netloc, path, query, fragment))
    raise BadDocument(f"The source's url {shown(url, 100)} {problem}; give an http(s) link to the original.")


def _ascii_host(host: str) -> str | None:
    """The host in ASCII (IDNA for non-ASCII letters), or None when it is no domain name or IP address."""
    if ":" in host:  # an IPv6 address (urlsplit took it out of its brackets)
        return f"[{host}]" if re.fullmatch(r"[0-9a-f:.]+", host) else None
    try:
        encoded = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        return None
    return encoded if _HOST.fullmatch(encoded) else None


def link_host(url: str) -> str:
    """The host of a link qabot stored (lower case, ASCII), for showing where a link goes."""
    return urlsplit(url).hostname or ""


def same_host(first: str, second: str) -> bool:
    """Whether two links open the same host, or one its `www.` name (`www.example.org`, `example.org`).
    Nothing looser: without the public suffix list, "a subdomain of" would let `x.github.io` speak for
    `github.io`, and `www.com` for every `.com`."""
    a, b = link_host(first).rstrip("."), link_host(second).rstrip(".")
    return bool(a) and (a == b or a == f"www.{b}" or b == f"www.{a}")
