"""Part: how fast documents are read: parsing, chunking and sentence spans, in MB/s, and the largest
upload (5 MB) end to end through the parse worker, for ordinary and hostile documents.

Ordinary text is the SQuAD half's paragraphs (as Markdown with a heading per article, as plain text,
and as an HTML page with navigation and scripts around the article); hostile text is the shapes that
used to backtrack (tests/reliability/test_linear_time.py has them all).
"""

from __future__ import annotations

import html
import json
import time
from collections.abc import Callable
from typing import Any

from bench import squad
from index.ingest import html as html_module
from index.ingest.worker import _prepare_bytes, read_bytes, stop_worker

MB = 1024 * 1024
UPLOAD = 5 * MB


def _squad_text() -> tuple[str, str]:
    """The SQuAD half's paragraphs, as Markdown (a heading per article) and as plain text."""
    documents, _ = squad.load()
    markdown, plain, title = [], [], None
    for document in documents:
        if document.title != title:
            title = document.title
            markdown.append(f"## {title}")
        markdown.append(document.body)
        plain.append(document.body)
    return "\n\n".join(markdown), "\n\n".join(plain)


def _page(paragraphs: list[str], size: int) -> bytes:
    """An HTML page of about `size` bytes: the paragraphs (repeated as needed) with navigation and a
    script around them, as news pages have."""
    noise = "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><script>var x = 1;</script>"
    parts, total = [], 0
    while total < size:
        for paragraph in paragraphs:
            parts.append(f"<p>{html.escape(paragraph)}</p>")
            total += len(parts[-1])
            if total >= size:
                break
    head = "<!doctype html><html><head><title>Bench</title></head>"
    return f"{head}<body>{noise}<article>{''.join(parts)}</article></body></html>".encode()


def _sized(text: str, size: int) -> bytes:
    data = text.encode()
    while len(data) < size:
        data += b"\n\n" + data
    return data[:size].rsplit(b" ", 1)[0]


def _mb_per_s(read: Callable[[bytes, str], object], data: bytes, filename: str, rounds: int = 3) -> float:
    best = min(_seconds(read, data, filename) for _ in range(rounds))
    return round(len(data) / MB / best, 2)


def _seconds(read: Callable[[bytes, str], object], data: bytes, filename: str) -> float:
    started = time.perf_counter()
    read(data, filename)
    return time.perf_counter() - started


def _in_process(data: bytes, filename: str) -> object:
    return _prepare_bytes(data, filename, None, None)


def _through_worker(data: bytes, filename: str) -> object:
    try:
        return read_bytes(data, filename)
    except Exception as error:  # a hostile shape may be refused (no text to quote): that is its time too
        return error


HOSTILE: dict[str, Callable[[int], str]] = {
    "heading then spaces": lambda n: "# a" + " " * n + "b\n\nText.\n",
    "Mr. A": lambda n: "Mr. A " * (n // 6),
    "1. 1. 1.": lambda n: "1. " * (n // 3),
    "dots": lambda n: "a" + "." * n + "b",
    "#": lambda n: "#" * n,
    "one line of prose": lambda n: "The bees fly in cold weather, the survey said. " * (n // 47),
}


def ingest() -> dict[str, Any]:
    markdown, plain = _squad_text()
    paragraphs = plain.split("\n\n")
    small_page = _page(paragraphs, 500 * 1024)
    result: dict[str, Any] = {
        "markdown_mb_per_s": _mb_per_s(_in_process, _sized(markdown, UPLOAD), "bench.md"),
        "text_mb_per_s": _mb_per_s(_in_process, _sized(plain, UPLOAD), "bench.txt"),
        # Pages up to 1 MB go through trafilatura (3 s at most), larger ones the plain lxml path.
        "html_trafilatura_mb_per_s": _mb_per_s(_in_process, small_page, "bench.html"),
        "html_plain_mb_per_s": _mb_per_s(_in_process, _page(paragraphs, UPLOAD), "bench.html"),
    }
    cap = html_module.TRAFILATURA_MAX_CHARS
    html_module.TRAFILATURA_MAX_CHARS = 0
    result["html_plain_500kb_mb_per_s"] = _mb_per_s(_in_process, small_page, "bench.html")
    html_module.TRAFILATURA_MAX_CHARS = cap
    _through_worker(b"Warm-up.\n", "warm.md")  # the worker's start is not a document's time
    result["worker_5mb_seconds"] = {
        kind: round(_seconds(_through_worker, data, name), 2)
        for kind, data, name in (
            ("markdown", _sized(markdown, UPLOAD), "bench.md"),
            ("html", _page(paragraphs, UPLOAD), "bench.html"),
        )
    }
    result["worker_5mb_hostile_seconds"] = {
        shape: round(_seconds(_through_worker, make(UPLOAD).encode(), "hostile.md"), 2)
        for shape, make in HOSTILE.items()
    }
    stop_worker()
    return result


if __name__ == "__main__":
    print(json.dumps(ingest()))
