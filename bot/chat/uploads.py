"""What a document sent in chat must be before it is downloaded: a readable kind, within the size cap;
and how long its download may take.

Checked on what the platform says of the file (name and size), so an oversized or binary upload is
refused before a byte of it is fetched; the core checks the bytes themselves again. A file whose size
the platform does not say is refused too: a download without a known size had no bound (300 MB were
read into memory before the size was checked), and one that trickles in has `DOWNLOAD_SECONDS`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable, Awaitable
from pathlib import PurePath

from index.errors import BadDocument
from index.ingest.documents import ACCEPTED_SUFFIXES

__all__ = ["DOWNLOAD_SECONDS", "check_upload", "download", "megabytes", "read_capped", "upload_origin"]

DOWNLOAD_SECONDS = 60.0


def megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"


def upload_origin(uploader: str, filename: str) -> str:
    """Where an uploaded file came from: who sent it (`telegram:<id>`, `discord:<id>`) and its name. A
    source's id is taken over unasked only from its own origin, and a file name alone is anyone's: a
    stranger's `faq.md`, added by a moderator replying to it, replaced the moderator's own `faq.md`."""
    return f"upload:{uploader}:{filename}"


def check_upload(filename: str | None, size: int | None, max_bytes: int) -> str:
    """The file name to use, or `BadDocument` saying what is accepted."""
    name = filename or "upload.txt"
    suffix = PurePath(name).suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        accepted = ", ".join(sorted(ACCEPTED_SUFFIXES))
        raise BadDocument(f"{name} is not a supported file: send one of {accepted}.")
    if size is None:
        raise BadDocument(f"I can't tell how large {name} is, so I can't take it; please send it again.")
    if size > max_bytes:
        raise BadDocument(f"{name} is too large ({megabytes(size)}; at most {megabytes(max_bytes)}).")
    return name


async def download(fetch: Awaitable[bytes | bytearray], name: str) -> bytes:
    """The bytes `fetch` downloads within `DOWNLOAD_SECONDS`, or `BadDocument` (their size is the
    core's to check again: `index.store.reading`)."""
    try:
        return bytes(await asyncio.wait_for(fetch, DOWNLOAD_SECONDS))
    except TimeoutError:
        raise BadDocument(f"Downloading {name} took too long; please send it again.") from None


async def read_capped(chunks: AsyncIterable[bytes], most: int) -> bytes | None:
    """The bytes a download streams, or None as soon as they are past `most` (the rest unread): a
    server may send more than the platform said of the file."""
    body = bytearray()
    async for chunk in chunks:
        body += chunk
        if len(body) > most:
            return None
    return bytes(body)
