"""What a document sent in chat must be before it is downloaded: a readable kind, within the size cap.

Checked on what the platform says of the file (name and size), so an oversized or binary upload is
refused before a byte of it is fetched; the core checks the bytes themselves again.
"""

from __future__ import annotations

from pathlib import PurePath

from index.errors import BadDocument
from index.ingest.documents import ACCEPTED_SUFFIXES

__all__ = ["check_upload", "megabytes"]


def megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"


def check_upload(filename: str | None, size: int | None, max_bytes: int) -> str:
    """The file name to use, or `BadDocument` saying what is accepted."""
    name = filename or "upload.txt"
    suffix = PurePath(name).suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        accepted = ", ".join(sorted(ACCEPTED_SUFFIXES))
        raise BadDocument(f"{name} is not a supported file: send one of {accepted}.")
    if size is not None and size > max_bytes:
        raise BadDocument(f"{name} is too large ({megabytes(size)}; at most {max_bytes / 1_048_576:.0f} MB).")
    return name
