"""URL ingestion against real HTTP servers on 127.0.0.1 (and 127.0.0.2, a second loopback address).

By default no loopback, private, link-local or metadata address is fetched: not directly, not after
a redirect, not through a name that resolves to one. The tests let their own server through with
the explicit opt-in (all private addresses, or only the one network the test names) and check the
refusals with servers that count the requests they receive.
"""

from __future__ import annotations

import contextlib
import gzip
import ipaddress
import socket
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

import pytest

from bot.settings import Settings
from index.errors import BadDocument, FetchError
from index.ingest.documents import parse_bytes
from index.ingest.fetch import FetchedPage, fetch_url
from index.service import QAService
from tests.fakes.pages import serve_http
from tests.reliability.conftest import kb_state

MB = 1024 * 1024
ARTICLE = (
    b"<!doctype html><html><head><title>Bees of the northern meadows</title></head><body><article>"
    b"<h1>Bees of the northern meadows</h1>"
    b"<p>Bumblebees keep flying in cold weather because they shiver their flight muscles to warm up.</p>"
    b"<p>The meadow survey counted eleven species of bumblebee in the summer of 2021.</p>"
    b"<p>Researchers said that clover fields held the largest colonies they had ever recorded.</p>"
    b"</article></body></html>"
)
LOOPBACK_ONLY = [ipaddress.IPv4Network("127.0.0.1/32")]

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Server:
    base: str
    requests: list[str] = field(default_factory=list)


def page(content_type: str, body: bytes, headers: dict[str, str] | None = None, status: int = 200) -> Route:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    return respond


def redirect(location: str, status: int = 302) -> Route:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return respond


def trickle(head: bytes, step: bytes, every: float, total: float) -> Route:
    """Sends `head`, then `step` every `every` seconds for up to `total` seconds."""

    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.wfile.write(head)
        handler.wfile.flush()
        stop = time.monotonic() + total
        try:
            while time.monotonic() < stop:
                time.sleep(every)
                handler.wfile.write(step)
                handler.wfile.flush()
        except OSError:
            pass  # the client hung up, as it should

    return respond


def redirect_without_location(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(302)
    handler.send_header("Content-Length", "0")
    handler.end_headers()


@contextmanager
def serve(routes: dict[str, Route], host: str = "127.0.0.1") -> Iterator[Server]:
    server_state = Server("")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            server_state.requests.append(self.path)
            route = routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            route(self)

        def log_message(self, format: str, *args: object) -> None:
            pass

    with serve_http(Handler, host) as base:
        server_state.base = base
        yield server_state


def fetch(url: str, allow: bool | list[ipaddress.IPv4Network] = True, timeout: float = 5.0) -> bytes:
    return fetch_url(url, timeout=timeout, max_bytes=5 * MB, allow_private=allow).body


# -- the opt-in works, the default refuses ---------------------------------------------------------


def test_an_article_is_added_from_a_server_when_private_urls_are_allowed(seeded: QAService) -> None:
    seeded.settings.allow_private_urls = True
    with serve({"/bees.html": page("text/html; charset=utf-8", ARTICLE)}) as server:
        result = seeded.add_url(f"{server.base}/bees.html", "cli")

    assert result.action == "added"
    answer = seeded.ask("Why can bumblebees fly when it is cold?")
    assert answer.answered and answer.source is not None and answer.source.id == result.source_id
    assert "shiver their flight muscles" in (answer.quote or "")
    assert answer.source.url == f"{server.base}/bees.html"


def test_a_page_in_a_declared_charset_is_read_and_an_unreadable_one_is_named_by_its_url(
    seeded: QAService,
) -> None:
    """Declared by the server's header or, without one, by the page's own <meta>, as browsers read it."""
    seeded.settings.allow_private_urls = True
    cyrillic = "<html><head><title>Пчёлы</title></head><body><article><p>Шмели летают в холод.</p>"
    cyrillic += "<p>Они дрожат мышцами крыльев, чтобы согреться.</p></article></body></html>"
    in_meta = cyrillic.replace(
        "<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
    )
    # The header outranks the page: a page converted from its header's charset is not converted again.
    both = in_meta.replace("windows-1251", "koi8-r")
    with serve(
        {
            "/cp1251": page("text/html; charset=windows-1251", cyrillic.encode("cp1251")),
            "/in-meta": page("text/html", in_meta.encode("cp1251")),
            "/both": page("text/html; charset=windows-1251", both.encode("cp1251")),
            "/undeclared": page("text/html", cyrillic.encode("cp1251")),
        }
    ) as server:
        results = [seeded.add_url(f"{server.base}/{path}", "cli") for path in ("cp1251", "in-meta", "both")]
        with pytest.raises(BadDocument, match=f"{server.base}/undeclared is not UTF-8"):
            seeded.add_url(f"{server.base}/undeclared", "cli")

    added = {s.source.id: s.source for s in seeded.sources()}
    assert [added[result.source_id].title for result in results] == ["Пчёлы"] * 3
    assert "Они дрожат мышцами крыльев" in (seeded.ask("Как шмели согреваются в холод?").quote or "")


def test_a_page_labelled_latin_1_keeps_its_windows_1252_punctuation() -> None:
    """Browsers read latin-1 as windows-1252: its curly quotes and dashes are latin-1's control codes,
    which were then dropped ("Lukashenkos army wont go  never")."""
    text = "<html><body><p>Lukashenko’s army won’t go – “never”… he said.</p></body></html>"
    undefined = text.encode("cp1252").replace(b"he said", b"he said\x81")  # no windows-1252 character
    turkish = "<html><body><p>Iğdır’da “kış” başladı.</p></body></html>"
    turkish_undefined = turkish.encode("cp1254").replace(b"</p>", b"\x81</p>")
    with serve(
        {
            "/page": page("text/html; charset=iso-8859-1", text.encode("cp1252")),
            "/undefined": page("text/html; charset=latin1", undefined),
            "/ascii": page("text/html; charset=us-ascii", text.encode("cp1252")),
            "/utf8": page("text/html; charset=us-ascii", text.encode()),
            "/turkish": page("text/html; charset=iso-8859-9", turkish.encode("cp1254")),
            "/windows-1252": page("text/html; charset=windows-1252", undefined),
            "/cp1254": page("text/html; charset=cp1254", turkish_undefined),
        }
    ) as server:
        read = {
            path: fetch_url(f"{server.base}{path}", timeout=5, max_bytes=MB, allow_private=True).utf8_body()
            for path in ("/page", "/undefined", "/ascii", "/utf8", "/turkish", "/windows-1252", "/cp1254")
        }

    assert read["/page"].decode() == read["/ascii"].decode() == read["/utf8"].decode() == text
    # One byte the code page leaves undefined no longer costs the page, whichever name it goes by.
    with_undefined = text.replace("he said", "he said\x81")
    assert read["/undefined"].decode() == read["/windows-1252"].decode() == with_undefined
    assert read["/cp1254"].decode() == turkish.replace("</p>", "\x81</p>")
    assert read["/turkish"].decode() == turkish


def test_a_charset_that_is_no_web_encoding_is_not_decoded_with_it() -> None:
    # Python's "punycode" codec is quadratic: 1 MB took 12 s, 5 MB 398 s, outside every time limit.
    body = b"a" * MB
    with serve({"/punycode": page("text/html; charset=punycode", body)}) as server:
        fetched = fetch_url(f"{server.base}/punycode", timeout=5, max_bytes=5 * MB, allow_private=True)
        started = time.monotonic()
        read = fetched.utf8_body()
        elapsed = time.monotonic() - started

    assert read == body and elapsed < 0.5


def test_by_default_the_loopback_server_is_refused_before_any_request(seeded: QAService) -> None:
    before = kb_state(seeded)
    with serve({"/bees.html": page("text/html", ARTICLE)}) as server:
        for url in (f"{server.base}/bees.html", server.base.replace("127.0.0.1", "localhost") + "/bees.html"):
            with pytest.raises(FetchError, match="private or local address"):
                seeded.add_url(url, "telegram:1")

    assert server.requests == []
    assert kb_state(seeded) == before


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("http://169.254.169.254/latest/meta-data/iam/", id="cloud-metadata"),
        pytest.param("http://[fd00:ec2::254]/latest/meta-data/", id="aws-metadata-ipv6"),
        pytest.param("http://10.0.0.1/", id="private-10"),
        pytest.param("http://172.16.5.4:8080/", id="private-172"),
        pytest.param("http://192.168.1.1/admin", id="private-192"),
        pytest.param("http://100.64.0.1/", id="carrier-grade-nat"),
        pytest.param("http://0.0.0.0:6379/", id="unspecified"),
        pytest.param("http://[::]/", id="unspecified-ipv6"),
        pytest.param("http://[::1]/", id="loopback-ipv6"),
        pytest.param("http://[fe80::1]/", id="link-local-ipv6"),
        pytest.param("http://[::ffff:169.254.169.254]/", id="ipv4-mapped-metadata"),
        pytest.param("http://[64:ff9b::a9fe:a9fe]/", id="nat64-metadata"),
        pytest.param("http://[2002:a9fe:a9fe::1]/", id="6to4-metadata"),
        pytest.param("http://224.0.0.1/", id="multicast"),
        pytest.param("http://127.1/", id="short-loopback"),
        pytest.param("http://2130706433/", id="decimal-loopback"),
        pytest.param("http://0x7f000001/", id="hex-loopback"),
        pytest.param("http://localhost/", id="localhost-name"),
        pytest.param("https://user:hunter2@127.0.0.1/", id="with-credentials"),
        # Python 3.11 calls these global; each reaches a private address or is not routable.
        pytest.param("http://[::a9fe:a9fe]/", id="ipv4-compatible-metadata"),
        pytest.param("http://[::ffff:0:a9fe:a9fe]/", id="ipv4-translated-metadata"),
        pytest.param("http://[64:ff9b:1::a9fe:a9fe]/", id="local-use-nat64"),
        pytest.param("http://[fec0::1]/", id="site-local-ipv6"),
        pytest.param("http://192.0.0.8/", id="ietf-protocol-assignments"),
    ],
)
def test_private_and_local_addresses_are_refused_by_the_resolver_check(url: str) -> None:
    # The autouse network guard fails the test if anything but loopback is even connected to.
    with pytest.raises(FetchError, match="private or local address") as raised:
        fetch(url, allow=False)
    assert "hunter2" not in str(raised.value)


def test_a_redirect_to_a_private_address_is_refused(seeded: QAService) -> None:
    with (
        serve({"/bees.html": page("text/html", ARTICLE)}, host="127.0.0.2") as inside,
        serve(
            {
                "/to-metadata": redirect("http://169.254.169.254/latest/meta-data/"),
                "/to-inside": redirect(f"{inside.base}/bees.html", status=307),
                "/to-loopback-ipv6": redirect("http://[::1]:1/"),
                "/fine": page("text/html", ARTICLE),
            }
        ) as outside,
    ):
        # Only the "outside" server's address is let through: it stands for a public host.
        assert b"shiver" in fetch(f"{outside.base}/fine", allow=LOOPBACK_ONLY)
        for path in ("/to-metadata", "/to-inside", "/to-loopback-ipv6"):
            with pytest.raises(FetchError, match="private or local address"):
                fetch(f"{outside.base}{path}", allow=LOOPBACK_ONLY)

    assert inside.requests == []
    assert outside.requests == ["/fine", "/to-metadata", "/to-inside", "/to-loopback-ipv6"]


def test_a_name_that_resolves_differently_at_connect_time_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """DNS rebinding: public when checked, loopback when connected; nothing is sent to it."""
    real_getaddrinfo = socket.getaddrinfo
    answers = iter(["93.184.215.14", "127.0.0.1"])

    def rebinding(host: object, port: object, *args: object, **kwargs: object) -> object:
        if host == "rebind.example":
            address = next(answers, "127.0.0.1")
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port)))]  # type: ignore[call-overload]
        return real_getaddrinfo(host, port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with serve({"/": page("text/html", ARTICLE)}) as server:
        port = server.base.rsplit(":", 1)[1]
        with pytest.raises(FetchError, match="private or local address"):
            fetch(f"http://rebind.example:{port}/", allow=False)

    assert server.requests == []


def test_a_redirect_loop_and_a_redirect_to_another_scheme_are_refused() -> None:
    with serve(
        {
            "/loop": redirect("/loop"),
            "/file": redirect("file:///etc/passwd"),
            "/nowhere": redirect_without_location,
        }
    ) as server:
        with pytest.raises(FetchError, match="redirects more than 5 times"):
            fetch(f"{server.base}/loop")
        with pytest.raises(FetchError, match="not an http"):
            fetch(f"{server.base}/file")
        with pytest.raises(FetchError, match="answered HTTP 302, not a page"):
            fetch(f"{server.base}/nowhere")
    assert server.requests.count("/loop") == 6


# -- size, time and type ---------------------------------------------------------------------------


def test_pages_over_5_mb_are_refused(seeded: QAService) -> None:
    seeded.settings.allow_private_urls = True
    big = b"<html><body><article>" + b"<p>Bees and clover and more bees.</p>" * (6 * MB // 37) + b"</article>"
    before = kb_state(seeded)
    with serve(
        {
            "/declared": page("text/html", big),
            "/undeclared": trickle(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n",
                b"<p>" + b"bees " * 20_000 + b"</p>",
                every=0.0,
                total=3.0,
            ),
        }
    ) as server:
        for path in ("/declared", "/undeclared"):
            with pytest.raises(FetchError, match="larger than 5 MB"):
                seeded.add_url(f"{server.base}{path}", "cli")
    assert kb_state(seeded) == before


def test_a_page_under_the_cap_that_triples_as_text_is_refused(seeded: QAService) -> None:
    """The cap was checked on the wire's bytes: in windows-1252 a byte may be three of UTF-8, and a
    page of 2 MB reached the parser as 6 MB, its time limit grown to match."""
    seeded.settings.allow_private_urls = True
    seeded.settings.max_upload_bytes = 2 * MB
    euros = b"<html><body><p>" + b"\x80" * (2 * MB - 100) + b"</p></body></html>"
    before = kb_state(seeded)
    with (
        serve({"/euros": page("text/html; charset=windows-1252", euros)}) as server,
        pytest.raises(BadDocument, match="larger than 2 MB once read as text"),
    ):
        seeded.add_url(f"{server.base}/euros", "cli")
    assert kb_state(seeded) == before


def test_a_gzip_bomb_is_refused_without_inflating_it(seeded: QAService) -> None:
    seeded.settings.allow_private_urls = True
    bomb = gzip.compress(b"<p>" + b"a" * (50 * MB) + b"</p>", compresslevel=9)
    assert len(bomb) < MB
    with (
        serve({"/bomb": page("text/html", bomb, headers={"Content-Encoding": "gzip"})}) as server,
        pytest.raises(FetchError, match="larger than 5 MB"),
    ):
        seeded.add_url(f"{server.base}/bomb", "cli")


def test_a_double_gzip_bomb_is_refused_without_inflating_it() -> None:
    """httpx decoded every coding before the cap: a few MB on the wire, 1 GB decoded (2.1 GB peak).

    Fetched in a child process whose peak memory is read back: 200 MB decoded would show.
    """
    bomb = gzip.compress(gzip.compress(b"\0" * (200 * MB), compresslevel=1), compresslevel=9)
    with serve({"/bomb": page("text/html", bomb, headers={"Content-Encoding": "gzip, gzip"})}) as server:
        script = (
            "from index.errors import FetchError\n"
            "from index.ingest.fetch import fetch_url\n"
            "try:\n"
            f"    fetch_url({server.base + '/bomb'!r}, timeout=10, max_bytes={5 * MB}, allow_private=True)\n"
            "except FetchError as error:\n"
            "    print(error)\n"
            # VmHWM, not ru_maxrss: that one keeps the peak of the process it was forked from.
            "print(next(line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM')))\n"
        )
        child = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    message, peak_kb = child.stdout.strip().splitlines()
    assert "content coding gzip, gzip, which qabot does not read" in message, child.stderr
    assert int(peak_kb) < 150 * 1024


def test_a_gzipped_page_is_read_and_other_codings_are_refused() -> None:
    with serve(
        {
            "/gzip": page("text/html", gzip.compress(ARTICLE), headers={"Content-Encoding": "gzip"}),
            "/deflate": page("text/html", zlib.compress(ARTICLE), headers={"Content-Encoding": "deflate"}),
            "/identity": page("text/html", ARTICLE, headers={"Content-Encoding": "identity"}),
            "/br": page("text/html", b"\x1b\x00", headers={"Content-Encoding": "br"}),
            "/damaged": page("text/html", b"not gzip at all", headers={"Content-Encoding": "gzip"}),
            # Cut short mid-stream, and two gzip members: each would store part of the page as all of it.
            "/half": page(
                "text/html", gzip.compress(ARTICLE)[: len(ARTICLE) // 4], headers={"Content-Encoding": "gzip"}
            ),
            "/two-members": page(
                "text/html",
                gzip.compress(ARTICLE) + gzip.compress(ARTICLE),
                headers={"Content-Encoding": "gzip"},
            ),
        }
    ) as server:
        for path in ("/gzip", "/deflate", "/identity"):
            assert fetch(f"{server.base}{path}") == ARTICLE
        with pytest.raises(FetchError, match="content coding br"):
            fetch(f"{server.base}/br")
        for path in ("/damaged", "/half", "/two-members"):
            with pytest.raises(FetchError, match="damaged"):
                fetch(f"{server.base}{path}")


@pytest.mark.parametrize("url", ["http://a..b/", "http://\u2460\u2461\u2462.\u2460/"])
def test_a_host_no_resolver_or_client_can_encode_is_refused_with_a_message(url: str) -> None:
    with pytest.raises(FetchError):
        fetch_url(url, timeout=5, max_bytes=MB, allow_private=True)
    with pytest.raises(FetchError):
        fetch_url(url, timeout=5, max_bytes=MB, allow_private=False)


@pytest.mark.parametrize(
    "route",
    [
        pytest.param(trickle(b"", b"", every=0.1, total=5.0), id="silent-server"),
        pytest.param(
            trickle(b"HTTP/1.1 200 OK\r\n", b"X-Slow: header\r\n", every=0.2, total=5.0),
            id="trickled-headers",
        ),
        pytest.param(
            trickle(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<p>",
                b"bee ",
                every=0.2,
                total=5.0,
            ),
            id="trickled-body",
        ),
        pytest.param(
            # No length: the body ends when the server closes, and the socket shut at the deadline
            # looked just like that (half a page was stored as the whole of it).
            trickle(
                b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Bees", b" bee", every=0.2, total=5.0
            ),
            id="trickled-body-without-length",
        ),
    ],
)
def test_a_slow_server_is_cut_off_at_the_time_cap(seeded: QAService, route: Route) -> None:
    seeded.settings.allow_private_urls = True
    seeded.settings.fetch_timeout = 1.0
    before = kb_state(seeded)
    with serve({"/slow": route}) as server:
        started = time.monotonic()
        with pytest.raises(FetchError, match=r"longer than 1 seconds|too long"):
            seeded.add_url(f"{server.base}/slow", "cli")
        elapsed = time.monotonic() - started

    assert elapsed < 3.0, f"the 1 s cap took {elapsed:.1f} s (the server goes on for 5 s)"
    assert kb_state(seeded) == before


def test_a_name_with_many_silent_addresses_is_given_up_on_at_the_time_cap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A port whose connection queue is full: its SYNs go unanswered, as a dropping firewall's do.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(0)
    port = silent.getsockname()[1]
    fillers = [socket.socket() for _ in range(4)]
    for filler in fillers:
        filler.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            filler.connect(("127.0.0.1", port))
    resolve = socket.getaddrinfo

    def six_addresses(host: str, *args: object, **kwargs: object) -> object:
        if host == "many.example":  # what an attacker's own DNS may answer for its name
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))] * 6
        return resolve(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", six_addresses)
    started = time.monotonic()
    try:
        with pytest.raises(FetchError, match="within 1 seconds"):
            fetch_url(f"http://many.example:{port}/", timeout=1.0, max_bytes=MB, allow_private=True)
    finally:
        for open_socket in [silent, *fillers]:
            open_socket.close()

    assert time.monotonic() - started < 3.0


def test_the_default_caps_are_5_seconds_and_5_mb(settings: Settings) -> None:
    """A server that trickles a byte a second is given up on at the time cap: at 10 s, an add of its
    page took longer than a normal add plus 5 s."""
    assert settings.fetch_timeout == 5.0 and settings.max_upload_bytes == 5 * MB
    assert settings.allow_private_urls is False


@pytest.mark.parametrize(
    ("content_type", "accepted"),
    [
        pytest.param("text/html; charset=utf-8", True, id="html"),
        pytest.param("application/xhtml+xml", True, id="xhtml"),
        pytest.param("text/plain", True, id="text"),
        pytest.param("text/markdown", True, id="markdown"),
        pytest.param("image/png", False, id="png"),
        pytest.param("application/pdf", False, id="pdf"),
        pytest.param("application/octet-stream", False, id="octet-stream"),
        pytest.param("application/zip", False, id="zip"),
        pytest.param("application/json", False, id="json"),
        pytest.param("", False, id="no-content-type"),
    ],
)
def test_only_html_and_text_are_accepted(content_type: str, accepted: bool) -> None:
    with serve({"/doc": page(content_type, ARTICLE)}) as server:
        if accepted:
            assert fetch(f"{server.base}/doc") == ARTICLE
        else:
            with pytest.raises(FetchError, match="only HTML and text"):
                fetch(f"{server.base}/doc")


@pytest.mark.parametrize("status", [204, 206, 304])
def test_an_answer_that_is_not_a_whole_page_is_refused(status: int) -> None:
    """A 206 (part of a page) was added as if whole; a 304 was said to "redirect nowhere"."""
    body = b"" if status in (204, 304) else ARTICLE[:80]
    with (
        serve({"/doc": page("text/html", body, status=status)}) as server,
        pytest.raises(FetchError, match=f"answered HTTP {status}, not a page"),
    ):
        fetch(f"{server.base}/doc")


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/markdown", b"# Tags\n\nThe `<body>` element holds the page, closed with `</body>`.\n"),
        ("text/plain", b"<html>\n  <body>Hello</body>\n</html>\n\nThe three lines above are a page.\n"),
    ],
    ids=["markdown-about-tags", "text-opening-with-a-sample"],
)
def test_text_that_only_shows_html_is_kept_as_written(
    seeded: QAService, content_type: str, body: bytes
) -> None:
    seeded.settings.allow_private_urls = True
    with serve({"/doc": page(content_type, body)}) as server:
        result = seeded.add_url(f"{server.base}/doc", "cli")

    assert result.passages_added >= 1
    answer = seeded.ask(
        "What does the body element hold?"
        if "markdown" in content_type
        else "What are the three lines above?"
    )
    assert answer.quote is not None and "<body>" in answer.quote


def test_html_served_as_plain_text_is_read_as_html(seeded: QAService) -> None:
    """A misconfigured server's text/plain HTML was stored, and quoted, as markup."""
    seeded.settings.allow_private_urls = True
    with serve({"/bees": page("text/plain", ARTICLE)}) as server:
        seeded.add_url(f"{server.base}/bees", "cli")

    answer = seeded.ask("Why can bumblebees fly when it is cold?")
    assert "shiver their flight muscles" in (answer.quote or "")
    assert "<" not in (answer.quote or "")


def test_http_errors_are_reported_with_their_status_and_no_credentials() -> None:
    with serve({}) as server:
        url = server.base.replace("http://", "http://reader:s3cret@") + "/missing"
        with pytest.raises(FetchError, match="HTTP 404") as raised:
            fetch(url)
    assert "s3cret" not in str(raised.value)


def test_fetches_left_at_their_deadline_still_count_until_they_end(monkeypatch: pytest.MonkeyPatch) -> None:
    from index.ingest import fetch as fetch_module

    stuck = threading.Event()
    resolve = socket.getaddrinfo

    def hung_resolver(host: str, *args: object, **kwargs: object) -> object:
        if host == "slow.example":
            stuck.wait(10)  # a name server that does not answer
        return resolve(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", hung_resolver)
    monkeypatch.setattr(fetch_module, "ABANDON_AFTER_SECONDS", 0.0)
    try:
        for _ in range(fetch_module.MAX_FETCHES_RUNNING):
            with pytest.raises(FetchError, match=r"within 0\.2 seconds"):
                fetch_url("http://slow.example/", timeout=0.2, max_bytes=MB, allow_private=False)
        with pytest.raises(FetchError, match="Too many pages are still being fetched"):
            fetch_url("http://slow.example/", timeout=0.2, max_bytes=MB, allow_private=False)
        # The communities' links have a pool of their own: strangers never hold up a moderator's add.
        with pytest.raises(FetchError, match=r"within 0\.2 seconds"):
            fetch_url(
                "http://slow.example/", timeout=0.2, max_bytes=MB, allow_private=False, pool="community"
            )
    finally:
        stuck.set()
    deadline = time.monotonic() + 10
    while any(fetch_module._running.values()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(fetch_module._running.values())


def test_a_fetch_that_gets_no_thread_gives_its_place_back(monkeypatch: pytest.MonkeyPatch) -> None:
    from index.ingest import fetch as fetch_module

    def no_thread(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    with monkeypatch.context() as patched:
        patched.setattr(threading.Thread, "start", no_thread)
        for _ in range(fetch_module.MAX_FETCHES_RUNNING + 1):
            with pytest.raises(RuntimeError, match="can't start new thread"):
                fetch_url("http://example.invalid/", timeout=1, max_bytes=MB, allow_private=False)

    assert not any(fetch_module._running.values())


def test_a_page_served_as_plain_text_is_read_as_its_words_and_markdown_as_markdown() -> None:
    text = b"HTML basics\n\nTo make a word bold, write <b>word</b>; escape & as &amp; in __init__.py.\n"
    plain = FetchedPage(url="https://lists.example.org/2024/000123.txt", content_type="text/plain", body=text)
    markdown = FetchedPage(url="https://x.example.org/notes.md", content_type="text/markdown", body=text)

    assert parse_bytes(plain.body, filename=plain.filename, url=plain.url).body == text.decode()
    assert "<b>" not in parse_bytes(markdown.body, filename=markdown.filename, url=markdown.url).body
