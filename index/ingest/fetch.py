"""Fetching a web page for ingestion, without letting a URL reach inside our own network.

Loopback, private, link-local, multicast and reserved addresses are refused unless explicitly
allowed: every hop of a redirect is checked after DNS resolution, and again on the socket httpx
actually connected (through its `trace` extension, before the request is sent), so a name that
resolves to a public address for the check and a private one for the connection gets nothing.
Size and total time are capped (a watchdog shuts the socket at the deadline, so a server that
trickles its headers cannot hold a worker); only HTML and text are accepted. The size cap counts
decoded bytes: a page sent gzip- or deflate-compressed (though we ask for none) is inflated here, a
bounded piece at a time, and refused once it would pass the cap; stacked or other codings are refused.
"""

from __future__ import annotations

import contextlib
import ipaddress
import queue
import socket
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from index.errors import FetchError
from index.ingest.addresses import IPNetwork, PrivateAllowance, allowed_address, check_target, display_url
from index.ingest.charsets import to_utf8

ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown")
MAX_REDIRECTS = 5
_DECODERS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


@dataclass(frozen=True)
class FetchedPage:
    url: str
    content_type: str
    body: bytes
    charset: str | None = None  # as the Content-Type header declares it
    asked_for: str | None = None  # the address first requested, when redirects led to `url`

    @property
    def filename(self) -> str:
        """A name whose suffix says how to read the body; plain text is not Markdown (its "<b>" and
        "\\_" are its words). A whole HTML document served as text (a misconfigured server) is read
        as HTML all the same (`documents.is_whole_html_page`)."""
        if "html" in self.content_type:
            return "page.html"
        return "page.md" if self.content_type == "text/markdown" else "page.txt"

    def utf8_body(self) -> bytes:
        """The body in UTF-8, decoded from the charset the server declared (`charsets.to_utf8`)."""
        return to_utf8(self.body, self.charset)


# A fetch left at its deadline ends on its own within its connect and read timeouts; this long past
# the deadline its caller stops waiting (the watchdog ends most fetches at the deadline itself).
ABANDON_AFTER_SECONDS = 1.0
# Fetches running at once per pool, those left behind at their deadline included (each ends within
# its connect and resolver timeouts): a stranger's links cannot pile threads up, and the communities'
# pool is not the moderators', so strangers' slow links never hold up a moderator's add.
MAX_FETCHES_RUNNING = 4
_running: dict[str, int] = {}
_running_lock = threading.Lock()


def fetch_url(
    url: str, *, timeout: float, max_bytes: int, allow_private: PrivateAllowance, pool: str = "shared"
) -> FetchedPage:
    """The page at `url` (following redirects), or `FetchError`, within `timeout` seconds in all.

    The fetch runs in a thread of its own, left behind at the deadline: name resolution has no
    timeout, and a host name with six addresses that drop packets was tried for six connect timeouts
    (60 s for a 10 s limit) before the watchdog had a socket to shut. At most `MAX_FETCHES_RUNNING`
    run per `pool` (e.g. "shared", "community").
    """
    done: queue.SimpleQueue[FetchedPage | BaseException] = queue.SimpleQueue()
    with _running_lock:  # fetches left behind still count until they end
        if _running.get(pool, 0) >= MAX_FETCHES_RUNNING:
            raise FetchError("Too many pages are still being fetched; please try again in a minute.")
        _running[pool] = _running.get(pool, 0) + 1

    def ended() -> None:
        with _running_lock:
            _running[pool] -= 1

    def fetch() -> None:
        try:
            done.put(_fetch(url, timeout=timeout, max_bytes=max_bytes, allow_private=allow_private))
        except BaseException as error:  # handed to the caller, who raises it
            done.put(error)
        finally:
            ended()

    try:
        threading.Thread(target=fetch, name="qabot-fetch", daemon=True).start()
    except BaseException:  # no thread ("can't start new thread"): its slot must not stay taken
        ended()
        raise
    try:
        result = done.get(timeout=timeout + ABANDON_AFTER_SECONDS)
    except queue.Empty:
        raise FetchError(f"{display_url(url)} did not answer within {timeout:g} seconds.") from None
    if isinstance(result, BaseException):
        raise result
    return result


def _fetch(url: str, *, timeout: float, max_bytes: int, allow_private: PrivateAllowance) -> FetchedPage:
    allowance: bool | tuple[IPNetwork, ...] = (
        allow_private if isinstance(allow_private, bool) else tuple(allow_private)
    )
    watchdog = _Watchdog(time.monotonic() + timeout)
    current = url
    asked_for: str | None = None  # as httpx writes it, to compare with the `url` a page is stored by
    # No environment proxies or .netrc: a user-supplied URL must not pick up the host's credentials,
    # and the address check must see the real peer, not a proxy.
    with (
        watchdog,
        httpx.Client(
            follow_redirects=False,
            timeout=timeout,
            trust_env=False,
            limits=httpx.Limits(max_keepalive_connections=0),
            headers={"User-Agent": "qabot/0.1", "Accept-Encoding": "identity"},
        ) as client,
    ):
        for _ in range(MAX_REDIRECTS + 1):
            shown = display_url(current)
            if watchdog.expired():  # a slow name server between hops: stop here, not after the next
                raise FetchError(f"{shown} took longer than {timeout:g} seconds.")
            check_target(current, allowance)
            trace = _connection_guard(urlsplit(current).hostname or "", allowance, watchdog)
            try:
                # Each hop may take what is left of the time, connecting included.
                left = httpx.Timeout(max(0.001, watchdog.deadline - time.monotonic()))
                with client.stream("GET", current, timeout=left, extensions={"trace": trace}) as response:
                    asked_for = asked_for or str(response.request.url)
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(f"{shown} answered HTTP {response.status_code}, not a page.")
                        current = urljoin(current, location)
                        continue
                    if response.status_code != 200:  # 204, 206, 304: no page, or part of one
                        raise FetchError(f"{shown} answered HTTP {response.status_code}, not a page.")
                    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
                    if content_type not in ACCEPTED_TYPES:
                        raise FetchError(
                            f"{shown} is {content_type or 'of unknown type'}; "
                            "only HTML and text pages can be added."
                        )
                    body = _read_capped(response, max_bytes, watchdog.deadline, shown)
                    if watchdog.expired():  # the socket shut at the deadline reads as the body's end
                        raise FetchError(f"{shown} took longer than {timeout:g} seconds.")
                    final = str(response.url)
                    moved = asked_for if asked_for != final else None
                    return FetchedPage(final, content_type, body, response.charset_encoding, moved)
            except httpx.TimeoutException:
                raise FetchError(f"{shown} did not answer within {timeout:g} seconds.") from None
            except httpx.HTTPError as error:
                if watchdog.expired():
                    raise FetchError(f"{shown} took longer than {timeout:g} seconds.") from None
                raise FetchError(f"Cannot fetch {shown}: {error.__class__.__name__}.") from None
            except (httpx.InvalidURL, UnicodeError):  # a host IDNA cannot encode ("a..b", "①②③.①")
                raise FetchError(f"{shown} is not a valid web address.") from None
    raise FetchError(f"{display_url(url)} redirects more than {MAX_REDIRECTS} times.")


@dataclass
class _Watchdog:
    """Shuts every connection's socket at the deadline: httpx's timeouts are per read, not in total."""

    deadline: float
    _timers: list[threading.Timer] = field(default_factory=list)

    def watch(self, sock: socket.socket) -> None:
        timer = threading.Timer(max(0.0, self.deadline - time.monotonic()), _shutdown, [sock])
        timer.daemon = True
        timer.start()
        self._timers.append(timer)

    def expired(self) -> bool:
        return time.monotonic() >= self.deadline

    def __enter__(self) -> _Watchdog:
        return self

    def __exit__(self, *_exc: object) -> None:
        for timer in self._timers:
            timer.cancel()


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed: the fetch finished in time
        sock.shutdown(socket.SHUT_RDWR)  # wakes a blocked recv(); close() alone would not


def _connection_guard(
    hostname: str, allowance: bool | tuple[IPNetwork, ...], watchdog: _Watchdog
) -> Callable[[str, dict[str, Any]], None]:
    """httpcore's trace hook: runs right after the TCP connect, before anything is sent."""

    def trace(event: str, info: dict[str, Any]) -> None:
        if event != "connection.connect_tcp.complete":
            return
        stream = info["return_value"]
        peer = ipaddress.ip_address(str(stream.get_extra_info("server_addr")[0]).split("%", 1)[0])
        if not allowed_address(peer, allowance):
            stream.close()
            raise FetchError(f"{hostname} is a private or local address; qabot does not fetch those.")
        watchdog.watch(stream.get_extra_info("socket"))

    return trace


def _read_capped(response: httpx.Response, max_bytes: int, deadline: float, url: str) -> bytes:
    """The body, decoded, refused as soon as it passes `max_bytes` on the wire or decoded.

    httpx would decode every content coding before handing over a byte (a "gzip, gzip" page of a
    few MB on the wire is 1 GB decoded), so the raw bytes are read and inflated here.
    """
    too_large = FetchError(f"{url} is larger than {max_bytes / 1_048_576:g} MB.")
    codings = [
        coding
        for coding in (
            part.strip().lower() for part in response.headers.get("content-encoding", "").split(",")
        )
        if coding and coding != "identity"
    ]
    if len(codings) > 1 or (codings and codings[0] not in _DECODERS):
        raise FetchError(
            f"{url} is sent with the content coding {', '.join(codings)}, which qabot does not read."
        )
    decoder = zlib.decompressobj(_DECODERS[codings[0]]) if codings else None
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    chunks: list[bytes] = []
    wire = size = 0
    for raw in response.iter_raw():
        wire += len(raw)
        if time.monotonic() > deadline:
            raise FetchError(f"{url} took too long to download.")
        chunk = raw
        if decoder is not None:
            try:
                chunk = decoder.decompress(raw, max_bytes - size + 1)
            except zlib.error:
                raise FetchError(f"{url} sent a damaged compressed page.") from None
            if decoder.unconsumed_tail:
                raise too_large
        size += len(chunk)
        if size > max_bytes or wire > max_bytes:
            raise too_large
        chunks.append(chunk)
    # A stream cut short inflates without complaint, and zlib stops after a first gzip member: either
    # way only part of the page would be stored, as if it were all of it.
    if decoder is not None and (not decoder.eof or decoder.unused_data):
        raise FetchError(f"{url} sent a damaged compressed page.")
    return b"".join(chunks)
