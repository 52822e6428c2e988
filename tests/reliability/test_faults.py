"""Faults: a `qabot` process killed in the middle of ingestion, broken index files, concurrent writers.

The database is the source of truth. After any of these, every source is either fully there (all
its passages, cut exactly as its text says, with a change row and a moderation event) or fully
absent, and the next start answers from everything that was committed.
"""

from __future__ import annotations

import functools
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.settings import Settings
from index.ingest.chunking import chunk_text
from index.ingest.documents import load_path
from index.model.encoder import Encoder
from index.search.vectors import IndexMeta
from index.service import QAService
from tests.conftest import REPO, SEED_ID
from tests.reliability.conftest import kb_state
from tests.support import open_service

# (thing, place, year, builder): every article has one fact no other article shares.
TOPICS = [
    ("lighthouse", "Skerry Point", "1874", "the engineer Agnes Holm"),
    ("windmill", "Kesslerdorf", "1702", "the miller Jacob Verhoef"),
    ("observatory", "Monte Corvo", "1911", "the astronomer Lucia Ferri"),
    ("suspension bridge", "Ashgill Gorge", "1866", "the ironmaster Thomas Pryce"),
    ("glasshouse", "Villa Brunnholt", "1848", "the gardener Ingrid Sandvik"),
    ("clock tower", "Port Merrow", "1899", "the clockmaker Elias Kemp"),
    ("salt mine chapel", "Wieliczna", "1896", "the miner Józef Markowski"),
    ("tide mill", "Saint-Aurel", "1755", "the abbot Gaspard Morel"),
]
SEED = int(os.environ.get("QABOT_FAULT_SEED", "20261128"))


def article(thing: str, place: str, year: str, builder: str) -> str:
    return (
        f"---\ntitle: The {thing} of {place}\nauthor: Field Notes\npublished: 2024-01-15\n---\n"
        f"# The {thing} of {place}\n\n"
        f"The {thing} of {place} was built in {year} by {builder}, to outlast the winter storms.\n\n"
        f"Visitors to {place} say the {thing} is best seen at dawn, when the light is low.\n\n"
        f"## Repairs\n\n"
        f"The roof of the {thing} was repaired twice in the last century, with local stone and oak.\n"
    )


def question(thing: str, place: str) -> str:
    return f"Who built the {thing} of {place}?"


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for index, topic in enumerate(TOPICS):
        (folder / f"{index:02d}-{topic[1].lower().replace(' ', '-')}.md").write_text(
            article(*topic), encoding="utf-8"
        )
    return folder


def _env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QABOT_", "DATABASE_URL"))}
    env.update(QABOT_HOME=str(settings.home), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    return env


def _start(settings: Settings, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=REPO,
        env=_env(settings),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _sources_committed(database: Path) -> int:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as connection:
            return int(connection.execute("SELECT count(*) FROM sources").fetchone()[0])
    except sqlite3.Error:
        return 0  # not created yet, or mid-migration


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _has_sources(database: Path, count: int) -> bool:
    return _sources_committed(database) >= count


def _kill_when(process: subprocess.Popen[bytes], ready: Callable[[], bool], delay: float) -> bool:
    """SIGKILLs the process `delay` seconds after `ready()` turns true; False if it finished first."""
    deadline = time.monotonic() + 240
    while not ready():
        if process.poll() is not None:
            return False
        assert time.monotonic() < deadline, "the qabot process never got to the point to kill it at"
        time.sleep(0.002)
    time.sleep(delay)
    if process.poll() is not None:
        return False
    process.send_signal(signal.SIGKILL)
    process.wait()
    return True


def assert_consistent(settings: Settings, *folders: Path) -> set[str]:
    """Every source in the database is whole and matches its file; returns the ids present."""
    database = settings.home / "qabot.db"
    files = {doc.id: doc for folder in folders for doc in (load_path(p) for p in sorted(folder.glob("*.md")))}
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        sources = connection.execute("SELECT id, text, content_hash FROM sources").fetchall()
        present = set()
        for source_id, text, content_hash in sources:
            assert source_id in files, f"unexpected source {source_id}"
            assert content_hash == files[source_id].content_hash and text == files[source_id].body
            rows = connection.execute(
                'SELECT position, start, "end", text FROM passages WHERE source_id = ? ORDER BY position',
                (source_id,),
            ).fetchall()
            chunks = chunk_text(text)
            assert [(r[1], r[2], r[3]) for r in rows] == [(c.start, c.end, c.text) for c in chunks], source_id
            assert [r[0] for r in rows] == list(range(len(chunks)))
            changes = connection.execute("SELECT count(*) FROM changes WHERE source_id = ?", (source_id,))
            events = connection.execute(
                "SELECT count(*) FROM moderation_events WHERE source_id = ?", (source_id,)
            )
            assert changes.fetchone()[0] >= 1 and events.fetchone()[0] >= 1, source_id
            present.add(source_id)
        orphans = connection.execute(
            "SELECT count(*) FROM passages WHERE source_id NOT IN (SELECT id FROM sources)"
        ).fetchone()[0]
        assert orphans == 0
    return present


def assert_next_start_answers(settings: Settings, encoder: Encoder, folder: Path, present: set[str]) -> None:
    """A fresh service (the next start) answers from every committed source and has repaired its index."""
    service = open_service(settings, encoder=encoder)
    try:
        for topic in TOPICS:
            [path] = folder.glob(f"*-{topic[1].lower().replace(' ', '-')}.md")
            source_id = load_path(path).id
            answer = service.ask(question(topic[0], topic[1]))
            if source_id in present:
                assert answer.source is not None and answer.source.id == source_id, (topic, answer)
                assert topic[3] in (answer.quote or "")
            else:
                assert answer.source is None or answer.source.id != source_id
        [meta] = settings.index_dir.glob("*.json")
        saved = IndexMeta.load(meta)
        state = kb_state(service)
        assert saved is not None and (saved.count, saved.revision) == (state.passages, state.revision)
    finally:
        service.close()


def test_sigkill_during_a_sync_leaves_every_source_whole_or_absent(
    settings: Settings, encoder: Encoder, articles: Path
) -> None:
    rng = random.Random(SEED)
    database = settings.home / "qabot.db"
    # An index saved before the kill, so the next start has to catch it up rather than build anew.
    first = open_service(settings, encoder=encoder)
    first.add_path(sorted(articles.glob("*.md"))[0], "cli")
    first.ask(question(*TOPICS[0][:2]))
    first.close()
    kills = []
    for round_number, wait_for in enumerate((2, 4)):
        delay = rng.uniform(0.0, 0.4)
        process = _start(settings, "kb", "sync", str(articles))
        killed = _kill_when(process, functools.partial(_has_sources, database, wait_for), delay)
        kills.append(killed)
        present = assert_consistent(settings, articles)
        print(f"sync round {round_number}: killed={killed} {delay=:.3f}s, {len(present)} sources whole")
        assert len(present) >= wait_for, (round_number, present)

    assert any(kills), f"every sync finished before its kill (seed {SEED}); the test proved nothing"
    assert_next_start_answers(settings, encoder, articles, assert_consistent(settings, articles))


# Run as the child of the next test: the real `qabot kb sync`, one source per transaction, except
# that once the second source is flushed to the database (not committed), it says so and waits.
_PAUSE_INSIDE_THE_SECOND_TRANSACTION = """
import pathlib, sys, time
from index.store import writing

marker, folder = pathlib.Path(sys.argv[1]), sys.argv[2]
writing.STORE_BATCH = 1
store_one = writing.SourceWriter._store_one
stored = []

def store_then_wait(self, session, item, source, actor, collection):
    result = store_one(self, session, item, source, actor, collection)
    stored.append(item.document.id)
    if len(stored) == 2:
        session.flush()
        marker.write_text(item.document.id)
        time.sleep(600)
    return result

writing.SourceWriter._store_one = store_then_wait
from bot.cli import main
sys.argv = ["qabot", "kb", "sync", folder]
main()
"""


def test_sigkill_inside_a_write_transaction_leaves_nothing_of_it(
    settings: Settings, encoder: Encoder, articles: Path, tmp_path: Path
) -> None:
    """A sync writes its sources a group per transaction; killed with a source's rows written but its
    transaction open, none of them remain, and the group committed before stays whole."""
    marker = tmp_path / "inside-the-second-transaction"
    process = subprocess.Popen(
        [sys.executable, "-c", _PAUSE_INSIDE_THE_SECOND_TRANSACTION, str(marker), str(articles)],
        cwd=REPO,
        env=_env(settings),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 240
        while not marker.exists():
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            assert time.monotonic() < deadline, "the sync never reached its second write transaction"
            time.sleep(0.01)
    finally:  # killed here on success, and never left waiting in its transaction on a failure
        process.send_signal(signal.SIGKILL)
        process.wait()

    first, killed = [load_path(p).id for p in sorted(articles.glob("*.md"))][:2]  # sync's order
    present = assert_consistent(settings, articles)
    assert present == {first}, f"expected only {first}; {killed} was in the killed transaction"
    assert_next_start_answers(settings, encoder, articles, present)


def test_sigkill_at_the_kb_add_write_leaves_the_source_whole_or_absent(
    settings: Settings, encoder: Encoder, tmp_path: Path
) -> None:
    # A long article, so its write is many pages and the kill can land inside the transaction.
    folder = tmp_path / "long"
    folder.mkdir()
    body = "\n\n".join(
        f"Paragraph {n} of the ledger notes that shipment {n * 7} of copper reached the harbour of "
        f"Velmora on day {n} of the season, carried by the barge number {n * 3}."
        for n in range(40)
    )
    path = folder / "velmora-ledger.md"
    path.write_text(f"---\ntitle: The Velmora ledger\n---\n{body}\n", encoding="utf-8")
    open_service(settings, encoder=encoder).close()  # the database exists; its WAL is gone on close
    wal = settings.home / "qabot.db-wal"

    process = _start(settings, "kb", "add", str(path))
    # Starting up writes a few pages at most; the passages are ~180 KB of frames, the last of which
    # commits. Killing as soon as the WAL passes 32 KB lands inside that write or (SQLite writes it
    # in well under a millisecond) right after it, before the index is saved.
    killed = _kill_when(process, lambda: _size(wal) > 32 * 1024, 0.0)

    present = assert_consistent(settings, folder)
    print(
        f"kb add: killed={killed} while writing {_size(wal)} bytes of WAL; source committed={bool(present)}"
    )
    assert killed or present == {"velmora-ledger"}
    reopened = open_service(settings, encoder=encoder)
    try:
        answer = reopened.ask("Which barge carried shipment 210 to Velmora?")
        if present:
            assert answer.answered and "shipment 210 " in (answer.quote or "")
        else:
            assert not answer.answered
        # Whatever the kill left, adding again completes it.
        assert reopened.add_path(path, "cli").action == ("unchanged" if present else "added")
        assert assert_consistent(settings, folder) == {"velmora-ledger"}
    finally:
        reopened.close()


# -- index files ------------------------------------------------------------------------------------


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _meta_from_the_future(path: Path) -> None:
    meta = IndexMeta.load(path.with_suffix(".json"))
    assert meta is not None
    IndexMeta(meta.model, meta.dimension, meta.revision + 10, meta.count).save(path.with_suffix(".json"))


def _meta_undercounts(path: Path) -> None:
    meta = IndexMeta.load(path.with_suffix(".json"))
    assert meta is not None
    IndexMeta(meta.model, meta.dimension, meta.revision, meta.count - 1).save(path.with_suffix(".json"))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.unlink(), id="index-deleted"),
        pytest.param(lambda p: p.write_bytes(b""), id="index-empty"),
        pytest.param(_truncate, id="index-truncated"),
        pytest.param(lambda p: p.write_bytes(os.urandom(4096)), id="index-random-bytes"),
        pytest.param(lambda p: p.with_suffix(".json").unlink(), id="meta-deleted"),
        pytest.param(lambda p: p.with_suffix(".json").write_text("{not json"), id="meta-garbage"),
        pytest.param(_meta_from_the_future, id="meta-newer-than-database"),
        pytest.param(_meta_undercounts, id="meta-count-wrong"),
    ],
)
def test_a_damaged_index_is_rebuilt_from_the_database(
    seeded: QAService, settings: Settings, encoder: Encoder, damage: Callable[[Path], None]
) -> None:
    good = seeded.ask("What did Sazonov call Belarus?")
    assert good.answered
    seeded.close()
    [index_file] = settings.index_dir.glob("*.faiss")
    damage(index_file)

    reopened = open_service(settings, encoder=encoder)
    try:
        again = reopened.ask("What did Sazonov call Belarus?")
        assert again.answered and again.quote == good.quote and again.source == good.source
        saved = IndexMeta.load(index_file.with_suffix(".json"))
        assert saved is not None and saved.count == kb_state(reopened).passages
        assert index_file.exists() and index_file.stat().st_size > 1000
    finally:
        reopened.close()


# -- concurrent writers -----------------------------------------------------------------------------


def test_a_cli_sync_and_the_service_writing_at_once_lose_nothing(
    seeded: QAService, settings: Settings, articles: Path, tmp_path: Path
) -> None:
    """The moderator's `qabot kb sync` runs while the bot (in this process) adds, replaces and removes."""
    mine = tmp_path / "mine"
    mine.mkdir()
    extra = [
        ("ferry", "Lake Orsa", "1930", "the shipwright Nils Berg"),
        ("bell", "Santa Irene", "1620", "Ana Prieto"),
    ]
    paths = []
    for topic in extra:
        path = mine / f"{topic[1].lower().replace(' ', '-')}.md"
        path.write_text(article(*topic), encoding="utf-8")
        paths.append(path)
    database = settings.home / "qabot.db"

    process = _start(settings, "kb", "sync", str(articles))
    errors: list[BaseException] = []
    results = []
    deadline = time.monotonic() + 240
    while _sources_committed(database) < 2 and process.poll() is None:  # the CLI is now writing
        assert time.monotonic() < deadline
        time.sleep(0.01)
    try:
        for path in paths:
            results.append(seeded.add_path(path, "telegram:1").action)
        results.append(seeded.remove(SEED_ID, "telegram:1").action)
        paths[0].write_text(paths[0].read_text(encoding="utf-8").replace("1930", "1931"), encoding="utf-8")
        results.append(seeded.add_path(paths[0], "telegram:1").action)
    except BaseException as error:  # report it after the CLI is done, not instead of its result
        errors.append(error)
    print(
        f"concurrent writers: the CLI was still syncing after the service's writes: {process.poll() is None}"
    )
    _, stderr = process.communicate(timeout=300)

    assert not errors, errors
    assert process.returncode == 0, stderr.decode()
    assert results == ["added", "added", "removed", "replaced"]
    state = kb_state(seeded)
    expected = {load_path(p).id for p in articles.glob("*.md")} | {load_path(p).id for p in paths}
    assert {source_id for source_id, _, _ in state.sources} == expected
    assert assert_consistent(settings, articles, mine) == expected
    # Every change the two writers made is in the log, once.
    with sqlite3.connect(database) as connection:
        changes = connection.execute("SELECT count(*) FROM changes").fetchone()[0]
    assert changes == 1 + len(TOPICS) + 4  # the seed, the CLI's adds, and the bot's four changes


def test_two_threads_adding_the_same_new_source_add_it_once(service: QAService, tmp_path: Path) -> None:
    path = tmp_path / "twins.md"
    path.write_text(article("aqueduct", "Valle Secco", "1580", "the engineer Marco Sala"), encoding="utf-8")
    barrier = threading.Barrier(2)
    results: list[str] = []

    def add() -> None:
        barrier.wait()
        results.append(service.add_path(path, "discord:1").action)

    threads = [threading.Thread(target=add) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["added", "unchanged"]
    [(source_id, _, passages)] = kb_state(service).sources
    assert source_id == "twins" and passages == len(chunk_text(load_path(path).body))
    assert kb_state(service).revision == 1
