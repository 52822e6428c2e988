"""Documents are read in a separate process that is killed at its deadline; the bot never parses."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import index.ingest.documents
from index.errors import BadDocument, CollectionFull
from index.ingest import worker
from index.ingest.documents import Document
from index.service import QAService
from tests.reliability.conftest import kb_state


@pytest.fixture
def own_worker() -> Iterator[worker.ParseWorker]:
    """A worker of the test's own, so killing it does not cost the session's shared one a restart."""
    parse_worker = worker.ParseWorker()
    yield parse_worker
    parse_worker.stop()


def test_a_parse_that_overruns_its_limit_is_killed_and_the_next_one_works(
    own_worker: worker.ParseWorker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worker, "PARSE_SECONDS", 0.5)
    started = time.monotonic()
    with pytest.raises(BadDocument, match=r"Reading slow.md took longer than 0 seconds, so it was stopped"):
        own_worker.call(time.sleep, (60,), size=0, name="slow.md")
    assert time.monotonic() - started < 30  # killed, not waited for: the job sleeps for a minute

    assert own_worker.call(len, (b"fresh",), size=0, name="next.md") == 5


def test_a_parse_that_needs_too_much_memory_fails_in_the_worker(own_worker: worker.ParseWorker) -> None:
    with pytest.raises(BadDocument, match="needs too much memory"):
        own_worker.call(bytearray, (worker.MEMORY_LIMIT_BYTES + 1,), size=0, name="huge.md")
    assert own_worker.call(len, (b"ok",), size=0, name="next.md") == 2


def test_a_bug_in_a_parser_is_logged_with_its_traceback_and_refused_plainly(
    own_worker: worker.ParseWorker, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR), pytest.raises(BadDocument, match="could not be read"):
        own_worker.call(int, ("not a number",), size=0, name="odd.md")
    assert "Traceback" in caplog.text and "invalid literal for int()" in caplog.text


def test_uploads_are_parsed_outside_the_bots_process(
    seeded: QAService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsing holds the GIL: done here, it would stall every answer while it ran."""

    def not_here(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("parsed in the bot's own process")

    monkeypatch.setattr(index.ingest.documents, "parse_bytes", not_here)
    monkeypatch.setattr(index.ingest.documents, "load_path", not_here)
    result = seeded.add_bytes(
        b"# Bees\n\nBumblebees shiver their flight muscles to fly in the cold.\n", "bees.md", "telegram:1"
    )
    assert result.action == "added"
    assert seeded.ask("How do bumblebees fly in the cold?").source.id == "bees"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param(
            "heading.md", b"# a" + b" " * 4000 + b"b\n\nA paragraph about bees.\n", id="heading-then-spaces"
        ),
        pytest.param("mr.md", b"Mr. A " * 20_000, id="mr-a-120kb"),
        pytest.param("dots.txt", b"a" + b"." * 1_000_000 + b"b", id="a-megabyte-of-dots"),
    ],
)
def test_hostile_documents_are_added_or_refused_without_a_traceback(
    seeded: QAService, name: str, data: bytes
) -> None:
    before = kb_state(seeded)
    result = seeded.add_bytes(data, name, "telegram:1")
    assert result.action == "added"
    assert kb_state(seeded).passages == before.passages + result.passages_added


@pytest.fixture
def communities_keep_1000_passages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Asked before `settings`: 1 MB of one-letter lines (2,500 passages) is then too many."""
    monkeypatch.setenv("QABOT_COMMUNITY_MAX_PASSAGES", "1000")


def test_a_communitys_slow_upload_does_not_hold_up_a_moderators_add(
    communities_keep_1000_passages: None, seeded: QAService
) -> None:
    """Strangers can make servers and upload what parses slowly (and is refused only once parsed): the
    moderators' changes are read by a worker of their own. (3 MB, to be over the default 5,000
    passages, took 15-19 s to read against a limit of 19: it failed CI runs when the machine was slow.)"""
    slow = b"a\n" * 500_000  # 1 MB of one-letter lines: 5 s to read (13 s allowed), then too many passages
    seeded.add_bytes(b"# Warm\n\nThe shared worker is started.\n", "warm.md", "cli")
    with ThreadPoolExecutor(1) as community:
        stranger = community.submit(seeded.add_bytes, slow, "slow.md", "discord:8", collection="discord:8")
        time.sleep(0.5)  # its parse has begun
        added = seeded.add_bytes(
            b"# Correction\n\nThe lighthouse keeper was Stoyan Dobrev.\n", "fix.md", "telegram:1"
        )
        assert added.action == "added"
        assert not stranger.done()  # the moderator's add did not wait for it
        with pytest.raises(CollectionFull):
            stranger.result()


def test_passages_without_a_letter_are_not_kept_and_sentences_per_passage_are_bounded() -> None:
    body = (
        "#" * 5000
        + "\n\n"
        + "1. " * 500
        + "\n\n"
        + "- - - - -\n" * 100
        + "\nBees fly in the cold. They hum.\n"
    )
    prepared = worker.prepare(Document(id="shapes", body=body))

    texts = [chunk.text for chunk in prepared.chunks]
    assert not any(text.startswith("#") for text in texts)
    assert sum(text.count("1.") for text in texts) == 500 and "Bees fly" in texts[-1]
    assert all(len(spans) <= worker.MAX_SENTENCES for spans in prepared.spans)
    numbered = [
        (c, spans) for c, spans in zip(prepared.chunks, prepared.spans, strict=True) if "1." in c.text
    ]
    assert all(chunk.text.count("1.") > len(spans) for chunk, spans in numbered)  # neighbours merged
    for chunk, spans in zip(prepared.chunks, prepared.spans, strict=True):
        assert spans[0][0] == 0 and spans[-1][1] == len(chunk.text)  # merged, every sentence still covered
    with pytest.raises(BadDocument, match="no text to quote"):
        worker.prepare(Document(id="hashes", body="#" * 5000 + "\n- - -\n...\n"))


def test_a_document_of_more_passages_than_any_article_is_refused(seeded: QAService) -> None:
    """A one-letter note under each of its own headings is a passage every 9 bytes: 5 MB of them were
    655,360 passages, gigabytes of memory to add."""
    before = kb_state(seeded)
    notes = "# x\n\na\n\n" * (worker.MAX_PASSAGES + 1)
    at_most = "# x\n\na\n\n" * worker.MAX_PASSAGES

    with pytest.raises(BadDocument, match="more than 20,000 passages, the most one document may have"):
        seeded.add_bytes(notes.encode(), "notes.md", "cli")
    assert len(worker.prepare(Document(id="notes", body=at_most)).chunks) == worker.MAX_PASSAGES
    assert kb_state(seeded) == before


def test_a_file_over_the_upload_limit_is_refused_before_it_is_read(seeded: QAService, tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_bytes(b"Words and more words.\n" * (seeded.settings.max_upload_bytes // 22 + 1))
    with pytest.raises(BadDocument, match="too large"):
        seeded.add_path(path, "cli")
