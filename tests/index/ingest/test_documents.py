"""Adding, replacing and removing sources, from files, HTML pages and URLs; answers follow at once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.settings import Settings
from index.errors import BadDocument, UnknownSource
from index.ingest.documents import parse_bytes
from index.model.encoder import Encoder
from index.service import QAService
from tests.conftest import SEED_ID
from tests.fakes.pages import serve_pages
from tests.support import open_service

GRAIN_ARTICLE = """---
title: Grain corridor reopens
author: Jane Doe
publisher: Example Times
published: 2023-07-01
url: https://example.com/grain
---

## Odesa

The Black Sea grain corridor reopened on Saturday after the port of Odesa was cleared of sea mines.

The first convoy carried 120,000 tonnes of wheat bound for Egypt, port officials said.
"""

HTML_PAGE = b"""<!doctype html>
<html lang="en"><head>
<title>Volcano erupts in Iceland | Northern News</title>
<meta property="og:title" content="Volcano erupts in Iceland">
<meta name="author" content="Sigrun Jonsdottir">
<meta property="og:site_name" content="Northern News">
<meta property="article:published_time" content="2024-03-17T08:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/subscribe">Subscribe to our newsletter</a></nav>
<article>
<h1>Volcano erupts in Iceland</h1>
<p>A volcano on the Reykjanes peninsula erupted on Saturday evening, sending lava toward the town of
Grindavik, which had been evacuated in November.</p>
<h2>Flights</h2>
<p>Keflavik airport stayed open throughout the eruption, and no flights were cancelled, the airport
operator Isavia said on Sunday morning.</p>
</article>
<footer>Copyright Northern News. Cookie settings. Sign up for our newsletter.</footer>
</body></html>"""


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_markdown_source_keeps_front_matter_and_is_answered_from(service: QAService, tmp_path: Path) -> None:
    result = service.add_path(write(tmp_path, "grain.md", GRAIN_ARTICLE), "cli")

    assert (result.action, result.source_id, result.passages_added) == ("added", "grain", 1)
    answer = service.ask("How much wheat did the first convoy carry?")
    assert answer.answered and answer.quote is not None and "120,000 tonnes of wheat" in answer.quote
    assert answer.source is not None
    assert answer.source.to_json() == {
        "id": "grain",
        "title": "Grain corridor reopens",
        "author": "Jane Doe",
        "publisher": "Example Times",
        "published": "2023-07-01",
        "url": "https://example.com/grain",
    }


def test_missing_metadata_stays_null_not_invented(service: QAService, tmp_path: Path) -> None:
    service.add_path(
        write(tmp_path, "notes.txt", "The ferry to the island leaves at seven every morning."), "cli"
    )

    answer = service.ask("When does the ferry to the island leave?")
    assert answer.answered and answer.source is not None
    assert answer.source.to_json() == {
        "id": "notes", "title": None, "author": None, "publisher": None, "published": None, "url": None,
    }  # fmt: skip
    assert answer.source.attribution() == "— source notes"


def test_a_page_without_a_date_is_not_given_one_from_its_text() -> None:
    undated = (
        "<html><head><title>Bees in winter</title></head><body><article><p>Back in 2007 the colony "
        "nearly collapsed. Bees shiver their flight muscles to keep the hive warm.</p></article>"
        "</body></html>"
    )
    published = '<meta property="article:published_time" content="2024-03-17">'
    dated = undated.replace("</title>", "</title>" + published)

    assert parse_bytes(undated.encode(), filename="bees.html").published is None
    assert str(parse_bytes(dated.encode(), filename="bees.html").published) == "2024-03-17"


def test_adding_identical_content_changes_nothing(service: QAService, tmp_path: Path) -> None:
    path = write(tmp_path, "grain.md", GRAIN_ARTICLE)
    service.add_path(path, "cli")
    events_before = len(service.moderation_events())

    again = service.add_path(path, "cli")

    assert again.action == "unchanged"
    assert len(service.moderation_events()) == events_before
    assert [s.passages for s in service.sources()] == [1]


def test_changed_version_replaces_its_passages(service: QAService, tmp_path: Path) -> None:
    path = write(tmp_path, "grain.md", GRAIN_ARTICLE)
    service.add_path(path, "cli")
    path.write_text(
        GRAIN_ARTICLE.replace("120,000 tonnes of wheat", "95,000 tonnes of maize"), encoding="utf-8"
    )

    result = service.add_path(path, "cli")

    assert (result.action, result.passages_added, result.passages_removed) == ("replaced", 1, 1)
    answer = service.ask("What did the first convoy carry?")
    assert answer.quote is not None and "95,000 tonnes of maize" in answer.quote
    assert "120,000" not in (answer.quote + "".join(a.quote for a in answer.alternatives))
    assert len(service.sources()) == 1


def test_removed_source_is_no_longer_quoted(seeded: QAService, tmp_path: Path) -> None:
    seeded.add_path(write(tmp_path, "grain.md", GRAIN_ARTICLE), "telegram:42")

    result = seeded.remove("grain", "telegram:42")

    assert (result.action, result.passages_removed) == ("removed", 1)
    answer = seeded.ask("How much wheat did the first convoy carry through the grain corridor?")
    assert not answer.answered or (answer.source is not None and answer.source.id == SEED_ID)
    assert [e.action for e in seeded.moderation_events()[:2]] == ["remove", "added"]
    assert seeded.moderation_events()[0].actor == "telegram:42"


def test_removing_an_unknown_source_is_a_clear_error(seeded: QAService) -> None:
    with pytest.raises(UnknownSource, match="no-such-source"):
        seeded.remove("no-such-source", "cli")
    assert [s.source.id for s in seeded.sources()] == [SEED_ID]


def test_html_page_over_http_is_extracted_by_trafilatura(
    settings: Settings, encoder: Encoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QABOT_ALLOW_PRIVATE_URLS", "1")  # the test page is on 127.0.0.1
    service = open_service(Settings(_env_file=None), encoder=encoder)  # type: ignore[call-arg]
    with serve_pages({"/news/volcano-erupts": ("text/html; charset=utf-8", HTML_PAGE)}) as base:
        result = service.add_url(f"{base}/news/volcano-erupts", "cli")

    assert result.action == "added"
    summary = service.sources()[0]
    assert summary.source.title == "Volcano erupts in Iceland"
    assert summary.source.author == "Sigrun Jonsdottir"
    assert summary.source.publisher == "Northern News"
    assert str(summary.source.published) == "2024-03-17"
    assert summary.source.url is not None and summary.source.url.endswith("/news/volcano-erupts")
    answer = service.ask("Did the eruption cancel flights at Keflavik?")
    assert answer.answered and answer.quote is not None and "no flights were cancelled" in answer.quote
    every_passage = " ".join(
        [
            answer.quote,
            *(a.quote for a in answer.alternatives),
            service.ask("Where did lava flow?").quote or "",
        ]
    )
    for chrome in ("Subscribe", "Cookie", "Copyright", "Home"):
        assert chrome not in every_passage
    service.close()


def test_sync_mirrors_a_folder_and_leaves_other_sources_alone(service: QAService, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    write(folder, "grain.md", GRAIN_ARTICLE)
    write(folder, "ferry.txt", "The ferry to the island leaves at seven every morning.")
    elsewhere = write(
        tmp_path, "other.md", "# Other\n\nA source added by hand stays when a folder is synced."
    )
    service.add_path(elsewhere, "cli")

    assert {r.action for r in service.sync(folder)} == {"added"}
    (folder / "ferry.txt").unlink()
    results = service.sync(folder)

    assert sorted((r.source_id, r.action) for r in results) == [("ferry", "removed"), ("grain", "unchanged")]
    assert sorted(s.source.id for s in service.sources()) == ["grain", "other"]


def test_sync_leaves_the_sources_added_from_a_subfolder(service: QAService, tmp_path: Path) -> None:
    """Sync reads a folder's own files, and removed every source whose path began with the folder's:
    `kb sync ~` would have removed everything added by path from anywhere below."""
    folder = tmp_path / "articles"
    (folder / "drafts").mkdir(parents=True)
    write(folder, "grain.md", GRAIN_ARTICLE)
    draft = write(folder / "drafts", "ferry.txt", "The ferry to the island leaves at seven every morning.")
    service.add_path(draft, "cli")

    results = service.sync(folder)

    assert [(r.source_id, r.action) for r in results] == [("grain", "added")]
    assert sorted(s.source.id for s in service.sources()) == ["ferry", "grain"]


def test_sync_reads_a_folder_whose_names_are_not_utf8(service: QAService, tmp_path: Path) -> None:
    """A Latin-1 name ("caf\\xe9.md") could not be stored as a source's origin: one such file stopped
    the whole sync, after embedding it."""
    folder = Path(os.fsdecode(bytes(tmp_path) + b"/notes\xfe"))
    folder.mkdir()
    write(folder, os.fsdecode(b"caf\xe9.md"), GRAIN_ARTICLE)
    write(folder, "ferry.txt", "The ferry to the island leaves at seven every morning.")

    added = service.sync(folder)
    assert sorted((r.source_id, r.action) for r in added) == [("caf", "added"), ("ferry", "added")]
    (folder / "ferry.txt").unlink()
    results = service.sync(folder)

    assert sorted((r.source_id, r.action) for r in results) == [("caf", "unchanged"), ("ferry", "removed")]


def test_pages_fetched_by_url_are_named_by_their_url(
    settings: Settings, encoder: Encoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QABOT_ALLOW_PRIVATE_URLS", "1")  # the test pages are on 127.0.0.1
    service = open_service(Settings(_env_file=None), encoder=encoder)  # type: ignore[call-arg]
    pages = {
        "/notes/harbour-ferry-times": (
            "text/plain",
            b"The ferry to Suomenlinna leaves every twenty minutes.",
        ),
        "/notes/museum-opening-hours": ("text/markdown", b"The maritime museum opens at ten on weekdays."),
    }
    with serve_pages(pages) as base:
        first = service.add_url(f"{base}/notes/harbour-ferry-times", "cli")
        second = service.add_url(f"{base}/notes/museum-opening-hours", "cli")
        pages["/notes/harbour-ferry-times"] = ("text/plain", b"The ferry to Suomenlinna leaves every hour.")
        again = service.add_url(f"{base}/notes/harbour-ferry-times", "cli")

    assert (first.source_id, second.source_id) == ("harbour-ferry-times", "museum-opening-hours")
    assert (again.source_id, again.action) == ("harbour-ferry-times", "replaced")
    assert sorted(s.source.id for s in service.sources()) == ["harbour-ferry-times", "museum-opening-hours"]
    service.close()


def test_a_page_fetched_again_keeps_the_id_its_source_has(
    settings: Settings, encoder: Encoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Named by the moderator once (or by its front matter, in older releases), a page fetched again
    replaces that source instead of adding a second copy of its passages."""
    monkeypatch.setenv("QABOT_ALLOW_PRIVATE_URLS", "1")  # the test pages are on 127.0.0.1
    service = open_service(Settings(_env_file=None), encoder=encoder)  # type: ignore[call-arg]
    pages = {"/notes/ferry": ("text/markdown", b"The ferry to Suomenlinna leaves every twenty minutes.")}
    with serve_pages(pages) as base:
        named = service.add_url(f"{base}/notes/ferry", "cli", {"id": "ferry-times"})
        pages["/notes/ferry"] = ("text/markdown", b"The ferry to Suomenlinna leaves every hour.")
        again = service.add_url(f"{base}/notes/ferry", "cli")
        service.add_url(f"{base}/notes/ferry", "cli", {"id": "ferry-copy"})  # a second source of it
        for minutes in ("ten", "five"):  # the oldest holder, every time
            pages["/notes/ferry"] = ("text/markdown", f"It leaves every {minutes} minutes.".encode())
            assert service.add_url(f"{base}/notes/ferry", "cli").source_id == "ferry-times"

    assert named.source_id == "ferry-times"
    assert (again.source_id, again.action) == ("ferry-times", "replaced")
    assert sorted(s.source.id for s in service.sources()) == ["ferry-copy", "ferry-times"]
    service.close()


@pytest.mark.parametrize("moved_to", ["/2024/notes/ferry", "/notes/ferry/"])  # another id; the same
def test_a_page_that_now_redirects_is_replaced_when_its_address_is_added_again(
    settings: Settings, encoder: Encoder, monkeypatch: pytest.MonkeyPatch, moved_to: str
) -> None:
    """A site moved (http → https, a new path): adding the address the source came from again updates
    it, where it was refused as another source's id."""
    monkeypatch.setenv("QABOT_ALLOW_PRIVATE_URLS", "1")  # the test pages are on 127.0.0.1
    service = open_service(Settings(_env_file=None), encoder=encoder)  # type: ignore[call-arg]
    pages = {"/notes/ferry": ("text/markdown", b"The ferry to Suomenlinna leaves every twenty minutes.")}
    with serve_pages(pages) as base:
        first = service.add_url(f"{base}/notes/ferry", "cli")
        pages["/notes/ferry"] = ("redirect", moved_to.encode())
        pages[moved_to] = ("text/markdown", b"The ferry to Suomenlinna leaves every hour.")
        again = service.add_url(f"{base}/notes/ferry", "cli")
        after_the_move = service.add_url(f"{base}/notes/ferry", "cli")
        answer = service.ask("How often does the ferry to Suomenlinna leave?")

    assert (again.source_id, again.action) == (first.source_id, "replaced")
    assert after_the_move.source_id == first.source_id
    assert [s.source.id for s in service.sources()] == [first.source_id]
    assert answer.quote == "The ferry to Suomenlinna leaves every hour."
    assert answer.source is not None and answer.source.url == f"{base}{moved_to}"
    service.close()


def test_a_fetched_pages_front_matter_does_not_pick_its_id() -> None:
    """Otherwise a page could change its id between fetches (a second source, not a new version) or
    name another source's."""
    page = b"---\nid: cape-emine-lighthouse\ntitle: Notes\n---\n\nThe ferry leaves every hour.\n"
    fetched = parse_bytes(page, filename="x.md", url="https://news.example/notes/ferry-times")
    uploaded = parse_bytes(page, filename="x.md")

    assert fetched.id == "news-example-notes-ferry-times"  # from its address
    assert uploaded.id == "cape-emine-lighthouse"  # a file's own front matter still names it


def test_a_file_named_and_titled_in_another_script_can_still_be_added_and_given_an_id() -> None:
    titled = parse_bytes(b"# Bees in winter\n\nBees shiver.\n", filename="статья.md")
    untitled = parse_bytes("Пчёлы летают зимой.\n".encode(), filename="Пчёлы.md")

    assert titled.id == "bees-in-winter"  # the title, where the file name makes no id
    assert untitled.id.startswith("source-")  # from the text: the same text, the same id
    assert untitled.id == parse_bytes("Пчёлы летают зимой.\n".encode(), filename="Пчёлы.md").id
    assert untitled.with_metadata({"id": "bees"}).id == "bees"


@pytest.mark.parametrize("given", ["Пчёлы", "---", "."])
def test_an_id_given_that_makes_no_id_is_refused_saying_what_an_id_may_hold(given: str) -> None:
    document = parse_bytes(b"# Bees in winter\n\nBees shiver.\n", filename="bees.md")

    with pytest.raises(BadDocument, match="cannot be a source id: use Latin letters or digits"):
        document.with_metadata({"id": given})


@pytest.mark.parametrize(
    "declared",
    ["https://exa mple.org/bees", "https://example.org:99999/bees", "https://example.org/" + "a" * 3000],
)
def test_a_page_declaring_an_unusable_address_keeps_the_one_it_was_fetched_from(declared: str) -> None:
    page = (
        f'<html><head><title>Bees</title><link rel="canonical" href="{declared}"></head>'
        "<body><article><p>Bumblebees shiver their flight muscles to fly in cold weather.</p>"
        "</article></body></html>"
    )
    document = parse_bytes(page.encode(), filename="page.html", url="https://news.example.com/bees")

    assert document.url == "https://news.example.com/bees"


def test_a_page_nested_deeper_than_the_parser_reads_is_refused_not_cut_short() -> None:
    nested = "<div>" * 300 + "<p>The middle of the article.</p>" + "</div>" * 300
    page = f"<html><body><p>The start of the article.</p>{nested}<p>The end of the article.</p></body></html>"

    with pytest.raises(BadDocument, match="too deeply"):
        parse_bytes(page.encode(), filename="deep.html")
    shallow = page.replace("<div>" * 300, "<div>" * 100).replace("</div>" * 300, "</div>" * 100)
    assert "The end of the article." in parse_bytes(shallow.encode(), filename="deep.html").body


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_utf16_file_is_refused_with_what_to_do_about_it(encoding: str) -> None:
    data = ("\ufeff" if encoding == "utf-16-be" else "") + "# Bees\n\nBumblebees shiver to keep warm.\n"
    with pytest.raises(BadDocument, match=r"'notes\.md' is UTF-16 text; save it as UTF-8"):
        parse_bytes(data.encode(encoding), filename="notes.md")


@pytest.mark.parametrize("filename", ["saved.md", "saved.txt"])
def test_a_whole_web_page_saved_under_a_text_name_is_read_as_a_page(filename: str) -> None:
    """A browser's "Save page" renamed .md or .txt was quoted with its styles and scripts."""
    page = (
        "<!doctype html><html><head><title>Bees</title><style>body{color:red}</style>"
        "<script>window.__STATE__={};</script></head><body><nav><a href='/'>Home</a></nav><article>"
        "<p>Bumblebees keep flying in cold weather because they shiver their flight muscles.</p>"
        "</article></body></html>"
    )
    document = parse_bytes(page.encode(), filename=filename)

    assert document.title == "Bees"
    assert "Bumblebees keep flying" in document.body
    assert not any(markup in document.body for markup in ("<", "{", "window", "color"))


def test_a_note_that_shows_some_html_is_still_a_note() -> None:
    note = "# Tags\n\nWrite `<html>` first and `</html>` last.\n\nA page opens <html> and ends </html>\n"
    document = parse_bytes(note.encode(), filename="tags.md")

    assert document.title == "Tags" and "Write `<html>` first" in document.body
