"""Reading documents in a separate process, under a hard time limit, so that none can stall answering.

Decoding, front matter, trafilatura, chunking and sentence spans are pure Python and hold the GIL: in
a bot, a parse running in a worker thread stalls every answer until it ends. Here they run in one
long-lived child process, started on first use ('spawn': the parent has threads, whose locks a fork
would copy) and reused. A parse that overruns its limit gets the child killed and the user a
`BadDocument`; the next parse starts a fresh child. The child's address space is capped too, so a
document that would need gigabytes fails there, not in the bot.
"""

from __future__ import annotations

import logging
import multiprocessing
import re
import signal
import threading
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Literal, TypeVar

from index.errors import BadDocument, QabotError
from index.ingest.chunking import Chunk, iter_chunks
from index.ingest.documents import Document, load_path, parse_bytes
from index.ingest.sentences import sentence_spans

log = logging.getLogger(__name__)

MB = 1024 * 1024
# Ordinary text is read at 13-19 MB/s and the slowest hostile shape at about 1 MB/s (docs/performance.md):
# the limit (25 s for 5 MB) only stops what the linear-time code did not foresee.
PARSE_SECONDS = 10.0
PARSE_SECONDS_PER_MB = 3.0
START_SECONDS = 60.0
MEMORY_LIMIT_BYTES = 3 * 1024 * MB
PREPARE_BATCH_CHARS = MB  # documents already read are chunked this many characters per round trip
MAX_SENTENCES = 16  # per passage; prose has 3-8 in 700 characters
# Per document: 5 MB of prose is 7,000-17,000 passages, but a one-letter note under each of its own
# headings is one every 9 bytes (655,360 in 5 MB: gigabytes of memory, and minutes, to add).
MAX_PASSAGES = 20_000
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_Result = TypeVar("_Result")


@dataclass(frozen=True)
class Prepared:
    """A document cut into passages, each with its sentences (offsets relative to the passage)."""

    document: Document
    chunks: list[Chunk]
    spans: list[list[tuple[int, int]]]


def prepare(document: Document) -> Prepared:
    """The document's passages with their sentences. Passages without a single letter or digit (a
    run of `#`, dashes, dots) are not kept: nothing in them answers anything, and 5 MB of them were
    7,000 passages to embed and store. A passage keeps at most `MAX_SENTENCES` sentences, neighbours
    merged beyond that: each sentence's vector is stored, and "1. 1. 1. …" made 233 of them."""
    name = document.origin or document.id
    # Both checks come before or during the cut, not after it: 5 MB of "." lines took 9 s to cut
    # into passages, all then dropped; 5 MB of one-letter notes, 6 s to count 833,333 passages.
    if not _LETTER_OR_DIGIT.search(document.body):
        raise BadDocument(f"{name} has no text to quote.")
    chunks = []
    for chunk in iter_chunks(document.body):
        if _LETTER_OR_DIGIT.search(chunk.text):
            chunks.append(chunk)
            if len(chunks) > MAX_PASSAGES:
                raise BadDocument(
                    f"{name} would make more than {MAX_PASSAGES:,} passages, the most one document may "
                    "have: split it into several."
                )
    if not chunks:
        raise BadDocument(f"{name} has no text to quote.")
    spans = [
        _at_most(
            [
                (s - chunk.start, e - chunk.start)
                for s, e in sentence_spans(document.body, chunk.start, chunk.end)
            ],
            MAX_SENTENCES,
        )
        for chunk in chunks
    ]
    return Prepared(document, chunks, spans)


def _at_most(spans: list[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    """`spans` in at most `limit` groups of neighbours, each group one span from its first start to
    its last end."""
    if len(spans) <= limit:
        return spans
    size = -(-len(spans) // limit)
    return [(spans[i][0], spans[min(i + size, len(spans)) - 1][1]) for i in range(0, len(spans), size)]


def _prepare_bytes(data: bytes, filename: str, origin: str | None, url: str | None) -> Prepared:
    return prepare(parse_bytes(data, filename=filename, origin=origin, url=url))


def _prepare_path(path: Path, max_bytes: int) -> Prepared:
    return prepare(load_path(path, max_bytes))


def _prepare_many(documents: Sequence[Document]) -> list[Prepared]:
    return [prepare(document) for document in documents]


def limit_for(size: int) -> float:
    return PARSE_SECONDS + PARSE_SECONDS_PER_MB * size / MB


class ParseWorker:
    """One child process that runs parse jobs one at a time; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: BaseProcess | None = None
        self._connection: Connection | None = None

    def call(
        self, function: Callable[..., _Result], args: tuple[Any, ...], *, size: int, name: str
    ) -> _Result:
        limit = limit_for(size)
        with self._lock:
            connection = self._started()
            try:
                connection.send((function, args))
                finished = connection.poll(limit)
                reply = connection.recv() if finished else None
            except (EOFError, OSError):
                self._stop()
                log.error("The parse worker died while reading %s.", name)
                raise BadDocument(f"{name} could not be read: reading it failed.") from None
            if reply is None:
                self._stop()
                raise BadDocument(
                    f"Reading {name} took longer than {limit:.0f} seconds, so it was stopped; "
                    "send a smaller or simpler document."
                )
        status, value = reply
        if status == "ok":
            return value
        if status == "error":
            raise value
        if status == "memory":
            raise BadDocument(f"{name} needs too much memory to read; send a smaller or simpler document.")
        log.error("Reading %s failed in the parse worker:\n%s", name, value)
        raise BadDocument(f"{name} could not be read: reading it failed.")

    def stop(self) -> None:
        with self._lock:
            self._stop()

    def _started(self) -> Connection:
        if self._process is not None and self._process.is_alive() and self._connection is not None:
            return self._connection
        self._stop()
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(theirs,), name="qabot-parser", daemon=True)
        process.start()
        theirs.close()
        self._process, self._connection = process, ours
        if not ours.poll(START_SECONDS):
            self._stop()
            raise RuntimeError(f"The parse worker did not start within {START_SECONDS:g} seconds.")
        ours.recv()  # "ready"
        return ours

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join(5)
        if self._connection is not None:
            self._connection.close()
        self._process = self._connection = None


Pool = Literal["shared", "community"]
# A worker runs one parse at a time, so the change queue's two lanes (bot/chat/changes.py) get one
# each: a stranger's 5 MB upload, refused only once parsed, held a moderator's one-line add 7 s. The
# community's starts on its first use.
_WORKERS: dict[Pool, ParseWorker] = {"shared": ParseWorker(), "community": ParseWorker()}


def read_bytes(
    data: bytes, filename: str, origin: str | None = None, url: str | None = None, *, pool: Pool = "shared"
) -> Prepared:
    """`parse_bytes` and `prepare`, in the `pool`'s worker."""
    name = origin or repr(filename)
    return _WORKERS[pool].call(_prepare_bytes, (data, filename, origin, url), size=len(data), name=name)


def read_path(path: Path, max_bytes: int) -> Prepared:
    """`load_path` (refusing files over `max_bytes`) and `prepare`, in the worker."""
    try:
        size = min(path.stat().st_size, max_bytes)
    except OSError:
        size = 0  # the worker says what is wrong with it
    return _WORKERS["shared"].call(_prepare_path, (path, max_bytes), size=size, name=str(path))


def prepare_all(documents: Sequence[Document]) -> list[Prepared]:
    """`prepare` for documents already read, in the worker, a batch of about 1 MB per round trip."""
    prepared: list[Prepared] = []
    batch: list[Document] = []
    size = 0
    for index, document in enumerate(documents):
        batch.append(document)
        size += len(document.body)
        if size >= PREPARE_BATCH_CHARS or index == len(documents) - 1:
            name = (batch[0].origin or batch[0].id) if len(batch) == 1 else f"{len(batch)} documents"
            prepared += _WORKERS["shared"].call(_prepare_many, (batch,), size=size, name=name)
            batch, size = [], 0
    return prepared


def stop_worker() -> None:
    """Ends the child processes (they also end with this process)."""
    for worker in _WORKERS.values():
        worker.stop()


def _serve(connection: Connection) -> None:
    """The child: runs jobs until the parent hangs up."""
    # Ctrl-C reaches the whole process group; the parent decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_memory()
    connection.send("ready")
    while True:
        try:
            function, args = connection.recv()
        except (EOFError, OSError):
            return
        reply: tuple[str, Any]
        try:
            reply = ("ok", function(*args))
        except QabotError as error:
            reply = ("error", error)
        except MemoryError:
            reply = ("memory", None)
        except Exception:
            reply = ("bug", traceback.format_exc())
        try:
            connection.send(reply)
        except (OSError, ValueError):
            return


def _limit_memory() -> None:
    try:
        import resource
    except ImportError:  # not on this platform: the time limit still holds
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = MEMORY_LIMIT_BYTES if hard == resource.RLIM_INFINITY else min(hard, MEMORY_LIMIT_BYTES)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
