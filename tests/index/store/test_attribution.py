"""Attribution you can trust: a source's link is http(s) with a host on every path in, and a document
cannot take over another origin's source id unless replacing it is asked for."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from index.errors import BadDocument
from index.service import QAService
from index.visibility import EVERYWHERE
from tests.conftest import SEED_ID
from tests.fakes.pages import serve_pages
from tests.reliability.test_bad_input import assert_one_line_error

BAD_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "ftp://files.example.org/article.md",
    "http://",
    "https:///no-host",
    "mailto:editor@example.org",
    "http://exa mple.org/with space",
]
BODY = "The harbour master rang the bell at noon to mark the tide.\n"


def front_matter(url: str) -> bytes:
    return f'---\ntitle: Harbour bell\nurl: "{url}"\n---\n\n{BODY}'.encode()


@pytest.mark.parametrize("url", BAD_URLS)
def test_a_bad_link_is_refused_from_front_matter_and_from_an_option(seeded: QAService, url: str) -> None:
    before = seeded.sources(EVERYWHERE)
    with pytest.raises(BadDocument, match="http"):
        seeded.add_bytes(front_matter(url), "bell.md", "test")
    with pytest.raises(BadDocument, match="http"):
        seeded.add_bytes(BODY.encode(), "bell.md", "test", {"url": url})
    assert seeded.sources(EVERYWHERE) == before


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://x.example/a", "http://"])
def test_the_cli_refuses_a_bad_link_in_one_line(seeded: QAService, tmp_path: Path, url: str) -> None:
    article = tmp_path / "bell.md"
    article.write_text(BODY, encoding="utf-8")

    result = CliRunner().invoke(app, ["kb", "add", str(article), "--url", url])

    assert_one_line_error(result, "http")
    assert seeded.source_ids() == [SEED_ID]


def test_a_fetched_page_whose_front_matter_names_a_script_link_is_refused(seeded: QAService) -> None:
    seeded.settings = seeded.settings.model_copy(update={"allow_private_urls": True})
    pages = {"/bell.md": ("text/markdown", front_matter("javascript:alert(1)"))}
    with serve_pages(pages) as base, pytest.raises(BadDocument, match="http"):
        seeded.add_url(f"{base}/bell.md", "test")
    assert seeded.source_ids() == [SEED_ID]


def test_an_html_page_declaring_a_script_link_is_attributed_to_its_real_address(seeded: QAService) -> None:
    page = (
        '<html><head><title>Harbour bell</title><meta property="og:url" content="javascript:alert(1)">'
        f"</head><body><article><p>{BODY * 3}</p></article></body></html>"
    ).encode()
    seeded.settings = seeded.settings.model_copy(update={"allow_private_urls": True})
    with serve_pages({"/bell": ("text/html", page)}) as base:
        seeded.add_url(f"{base}/bell", "test")
        [added] = [s for s in seeded.sources() if s.source.id != SEED_ID]
        assert added.source.url == f"{base}/bell"


def test_a_page_claiming_another_sites_address_is_credited_to_where_it_was_fetched(
    seeded: QAService,
) -> None:
    page = (
        '<html><head><title>Harbour bell</title><link rel="canonical" href="https://www.bbc.co.uk/news/1">'
        '<meta name="author" content="Jeremy Bowen"><meta property="og:site_name" content="BBC News">'
        f"</head><body><article><p>{BODY * 3}</p></article></body></html>"
    ).encode()
    seeded.settings = seeded.settings.model_copy(update={"allow_private_urls": True})
    with serve_pages({"/bell": ("text/html", page)}) as base:
        added = seeded.add_url(f"{base}/bell", "test")

    # The page may still name its author and publisher: whoever adds it is shown what it claims.
    assert added.describe().endswith(f"Credited as: Jeremy Bowen · BBC News · {base}/bell"), added.describe()
    [source] = [s.source for s in seeded.sources() if s.source.id != SEED_ID]
    assert source.url == f"{base}/bell"


def test_a_fetched_markdown_page_cannot_name_another_host_either(seeded: QAService) -> None:
    page = f"---\ntitle: Harbour bell\nurl: https://www.bbc.co.uk/news/1\n---\n\n{BODY}".encode()
    seeded.settings = seeded.settings.model_copy(update={"allow_private_urls": True})
    with serve_pages({"/bell.md": ("text/markdown", page)}) as base:
        seeded.add_url(f"{base}/bell.md", "test")

    [source] = [s.source for s in seeded.sources() if s.source.id != SEED_ID]
    assert source.url == f"{base}/bell.md"


def test_a_link_with_a_password_is_refused_not_stored_to_be_shown(seeded: QAService) -> None:
    seeded.settings = seeded.settings.model_copy(update={"allow_private_urls": True})
    with serve_pages({"/bell": ("text/markdown", BODY.encode())}) as base:
        host = base.removeprefix("http://")
        with pytest.raises(BadDocument, match="user name or password"):
            seeded.add_url(f"http://editor:s3cret@{host}/bell", "test")

    assert seeded.source_ids() == [SEED_ID]


def test_a_document_from_another_origin_cannot_take_over_an_id(seeded: QAService) -> None:
    """Front matter may name any id; taking over a source added from elsewhere needs `replace`."""
    claim = f"---\nid: {SEED_ID}\ntitle: Forged\n---\n\nForged words.\n".encode()
    before = seeded.sources()

    with pytest.raises(BadDocument) as refused:
        seeded.add_bytes(claim, "forged.md", "test")

    message = str(refused.value)
    assert SEED_ID in message and "How Russia loses allies" in message  # names what it would replace
    assert "--replace" in message and "replace=yes" in message
    assert seeded.sources() == before
    replaced = seeded.add_bytes(claim, "forged.md", "test", replace=True)
    assert replaced.action == "replaced"


def test_adding_again_from_the_same_origin_updates_the_source(service: QAService) -> None:
    first = service.add_bytes(f"# Bell\n\n{BODY}".encode(), "bell.md", "test")
    second = service.add_bytes(
        f"# Bell\n\n{BODY}The bell is rung twice on feast days.\n".encode(), "bell.md", "test"
    )
    other_file = f"---\nid: {first.source_id}\n---\n\nSomething else.\n".encode()

    assert (first.action, second.action) == ("added", "replaced")
    with pytest.raises(BadDocument, match="replace"):
        service.add_bytes(other_file, "elsewhere.md", "test")


def test_the_cli_replaces_only_when_asked(seeded: QAService, tmp_path: Path) -> None:
    claim = tmp_path / "claim.md"
    claim.write_text(f"---\nid: {SEED_ID}\ntitle: Claim\n---\n\nClaimed words.\n", encoding="utf-8")

    refused = CliRunner().invoke(app, ["kb", "add", str(claim)])
    replaced = CliRunner().invoke(app, ["kb", "add", str(claim), "--replace"])

    assert_one_line_error(refused, "--replace")
    assert replaced.exit_code == 0 and replaced.stdout.startswith(f"Replaced {SEED_ID}")
