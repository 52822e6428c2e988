"""Fetching a web page for ingestion, without letting a URL reach inside our own network.

Loopback, private, link-local, multicast and reserved addresses are refused (checked on every
redirect, after DNS resolution) unless explicitly allowed; size and time are capped; only HTML
and text are accepted.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from index.errors import FetchError

ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown")
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class FetchedPage:
    url: str
    content_type: str
    body: bytes

    @property
    def filename(self) -> str:
        return "page.html" if "html" in self.content_type else "page.md"


def fetch_url(url: str, *, timeout: float, max_bytes: int, allow_private: bool) -> FetchedPage:
    deadline = time.monotonic() + timeout
    current = url
    with httpx.Client(follow_redirects=False, timeout=timeout, headers={"User-Agent": "qabot/0.1"}) as client:
        for _ in range(MAX_REDIRECTS + 1):
            _check_target(current, allow_private)
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(f"{current} redirects nowhere.")
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        raise FetchError(f"{current} answered HTTP {response.status_code}.")
                    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
                    if content_type not in ACCEPTED_TYPES:
                        raise FetchError(
                            f"{current} is {content_type or 'of unknown type'}; "
                            "only HTML and text pages can be added."
                        )
                    body = _read_capped(response, max_bytes, deadline, current)
                    return FetchedPage(str(response.url), content_type, body)
            except httpx.TimeoutException:
                raise FetchError(f"{current} did not answer within {timeout:g} seconds.") from None
            except httpx.HTTPError as error:
                raise FetchError(f"Cannot fetch {current}: {error.__class__.__name__}.") from None
    raise FetchError(f"{url} redirects more than {MAX_REDIRECTS} times.")


def _read_capped(response: httpx.Response, max_bytes: int, deadline: float, url: str) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{url} is larger than {max_bytes // (1024 * 1024)} MB.")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{url} is larger than {max_bytes // (1024 * 1024)} MB.")
        if time.monotonic() > deadline:
            raise FetchError(f"{url} took too long to download.")
        chunks.append(chunk)
    return b"".join(chunks)


def _check_target(url: str, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchError(f"{url!r} is not an http(s) URL.")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"Cannot resolve {parts.hostname}.") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global or address.is_multicast:
            raise FetchError(f"{parts.hostname} is a private or local address; qabot does not fetch those.")
