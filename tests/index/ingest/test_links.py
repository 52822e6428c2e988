"""A source's link says which site it opens: nothing before the host, no look-alike or invisible
characters, no characters a chat client turns into markup."""

from __future__ import annotations

import pytest

from index.errors import BadDocument
from index.ingest.documents import parse_bytes
from index.ingest.links import check_source_url

SEED_URL = "https://kyivindependent.com/russia-loses-allies-and-influence-amid-its-war-against-ukraine/"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://www.bbc.co.uk\u2215news\u2215world@evil.example/p", "user name or password"),
        ("https://editor:s3cret@news.example.org/story", "user name or password"),
        ("https://news\u200b.example.org/story", "invisible characters"),
        ("https://\u202egro.elpmaxe.swen/story", "invisible characters"),
        ("https://news_example!.org/story", "valid host name"),
    ],
)
def test_a_link_that_would_show_one_site_and_open_another_is_refused(url: str, reason: str) -> None:
    with pytest.raises(BadDocument, match=reason):
        check_source_url(url)
    with pytest.raises(BadDocument, match=reason):
        parse_bytes(
            f'---\ntitle: Story\nurl: "{url}"\n---\n\nThe ferry left at noon.\n'.encode(), filename="s.md"
        )


@pytest.mark.parametrize(
    ("url", "stored"),
    [
        (SEED_URL, SEED_URL),
        ("https://x.org/wiki/Foo_(bar)?q=1&r=%20#part", "https://x.org/wiki/Foo_(bar)?q=1&r=%20#part"),
        ("https://uk.wikipedia.org/wiki/Київ", "https://uk.wikipedia.org/wiki/%D0%9A%D0%B8%D1%97%D0%B2"),
        ("https://bücher.example/a", "https://xn--bcher-kva.example/a"),
        ("HTTPS://News.Example.org:8443/a", "https://news.example.org:8443/a"),
        # A zero-width non-joiner is part of Persian words: written as a browser sends it.
        (
            "https://fa.wikipedia.org/wiki/\u0645\u06cc\u200c\u0634\u0648\u062f",
            "https://fa.wikipedia.org/wiki/%D9%85%DB%8C%E2%80%8C%D8%B4%D9%88%D8%AF",
        ),
        ("https://news.example.org/\u202eelpmaxe", "https://news.example.org/%E2%80%AEelpmaxe"),
        ("https://my_blog.example.org/a", "https://my_blog.example.org/a"),
        (
            "https://evil.example/<@&123>**[BBC_News](https://evil.example/phish)**",
            "https://evil.example/%3C@&123%3E**%5BBBC_News%5D(https://evil.example/phish)**",
        ),
    ],
)
def test_a_link_is_stored_as_the_same_address_in_plain_ascii(url: str, stored: str) -> None:
    assert check_source_url(url) == stored


def test_a_fetched_page_cannot_name_another_host_as_its_address() -> None:
    def fetched(declared: str, at: str = "http://127.0.0.1:8000/wiki") -> str | None:
        page = (
            f'<html><head><title>Bees</title><link rel="canonical" href="{declared}"></head>'
            "<body><article><p>Bumblebees shiver their flight muscles to fly in cold weather.</p>"
            "</article></body></html>"
        )
        return parse_bytes(page.encode(), filename="page.html", url=at).url

    assert fetched("https://www.bbc.co.uk/news/world-63840251") == "http://127.0.0.1:8000/wiki"
    assert fetched("http://0.0.1/wiki") == "http://127.0.0.1:8000/wiki"
    assert fetched("https://www.com/bees", at="https://evil.com/bees") == "https://evil.com/bees"
    assert fetched("https://github.io/bees", at="https://x.github.io/bees") == "https://x.github.io/bees"
    # Its own host, or that host's www. name, it may name.
    assert fetched("http://127.0.0.1:8000/bees") == "http://127.0.0.1:8000/bees"
    assert (
        fetched("https://www.example.org/bees", at="https://example.org/b?amp=1")
        == "https://www.example.org/bees"
    )
