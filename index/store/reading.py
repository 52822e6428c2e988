"""Documents read for the knowledge base from where they come: a file of the operator's, an upload, a
link. Each comes back cut into passages (in the parse worker), ready for `SourceWriter`, with the
origin it is listed under and the metadata the person adding it gave."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from index.errors import BadDocument
from index.ingest.documents import ACCEPTED_SUFFIXES
from index.ingest.links import check_source_url, same_host
from index.ingest.worker import Pool, read_bytes, read_path
from index.settings import CoreSettings, bundled_knowledge_dir
from index.store.writing import PreparedDocument

__all__ = ["folder_files", "origin_of", "read_file", "read_link", "read_upload", "sync_folder"]


def origin_of(path: Path) -> str:
    """A file's or folder's absolute path as stored text: bytes a name holds that are not UTF-8 (a
    Latin-1 "caf\\xe9.md") written as escapes, the same on every sync; as undecodable characters they
    could not be stored, and one such file stopped a whole `kb sync` after embedding it."""
    return os.fsencode(path.resolve()).decode("utf-8", "backslashreplace")


def folder_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """A folder's files `kb sync` reads (.md, .txt, .html), and the entries it does not: subfolders,
    other kinds of file, and hidden ones (a Mac's "._notes.md" beside "notes.md" stopped a sync)."""
    read: list[Path] = []
    skipped: list[Path] = []
    for entry in sorted(folder.iterdir()):
        hidden = entry.name.startswith(".")
        wanted = entry.is_file() and entry.suffix.lower() in ACCEPTED_SUFFIXES and not hidden
        (read if wanted else skipped).append(entry)
    return read, skipped


def sync_folder(settings: CoreSettings, folder: Path | None = None) -> Path:
    """The folder `kb sync` reads: `folder`, else the one the settings name, else the bundled one."""
    named = settings.knowledge_dir
    if folder is None and named is not None and not named.is_dir():
        raise BadDocument(f"QABOT_KNOWLEDGE_DIR ({named}) is not a folder.")
    chosen = (folder or named or bundled_knowledge_dir()).resolve()
    if not chosen.is_dir():
        raise BadDocument(f"{chosen} is not a folder.")
    return chosen


def read_file(path: Path, max_bytes: int, overrides: Mapping[str, Any] | None = None) -> PreparedDocument:
    """A file of the operator's machine, listed under its absolute path."""
    read = read_path(path, max_bytes)
    document = replace(read.document.with_metadata(overrides or {}), origin=origin_of(path))
    return PreparedDocument.of(read, document)


def read_upload(
    data: bytes,
    filename: str,
    max_bytes: int,
    overrides: Mapping[str, Any] | None,
    origin: str | None,
    for_community: bool = False,
) -> PreparedDocument:
    """An upload; its origin is `upload:<file name>` unless given (a chat message, stdin). A
    community's is read by the community's parse worker, so it never holds up a moderator's."""
    if len(data) > max_bytes:
        size, most = len(data) / 1_048_576, max_bytes / 1_048_576
        raise BadDocument(f"That file is too large ({size:.1f} MB; at most {most:.0f} MB).")
    name = _safe_filename(filename)
    read = read_bytes(data, name, pool="community" if for_community else "shared")
    document = replace(read.document.with_metadata(overrides or {}), origin=origin or f"upload:{name}")
    return PreparedDocument.of(read, document)


def read_link(
    url: str, settings: CoreSettings, overrides: Mapping[str, Any] | None, for_community: bool
) -> PreparedDocument:
    """A page fetched from `url` (on the community's fetch pool when `for_community`)."""
    from index.ingest.fetch import fetch_url  # httpx costs a fifth of a second at start; only this needs it

    # A link with a user name or password is refused before anything is sent to it: it would be
    # stored as the source's origin, and shown under every quote.
    url = check_source_url(url)
    page = fetch_url(
        url,
        timeout=settings.fetch_timeout,
        max_bytes=settings.max_upload_bytes,
        # The operator's trust in its moderators, not a stranger's group: it could read the intranet.
        allow_private=settings.allow_private_urls and not for_community,
        pool="community" if for_community else "shared",
    )
    check_source_url(page.url)  # a redirect may have named a user before the host too
    pool: Pool = "community" if for_community else "shared"
    body = page.utf8_body()
    if len(body) > settings.max_upload_bytes:  # a byte of windows-1252 may be three of UTF-8
        limit = settings.max_upload_bytes / 1_048_576
        raise BadDocument(f"{page.url} is larger than {limit:g} MB once read as text.")
    read = read_bytes(body, page.filename, origin=page.url, url=page.url, pool=pool)
    document = read.document
    # A fetched document names its own link only on its own host (front matter of a Markdown
    # page too): otherwise every quote from 127.0.0.1 could be linked to a BBC article.
    if document.url is None or not same_host(document.url, page.url):
        document = document.with_metadata({"url": page.url})
    prepared = PreparedDocument.of(read, document.with_metadata(overrides or {}))
    return replace(prepared, asked_for=page.asked_for)


def _safe_filename(filename: str) -> str:
    """Only the last path component, and only as a hint for the format: uploads never become paths."""
    name = Path(filename.replace("\\", "/")).name
    return name if name.strip(".") else "upload.txt"  # "..", "." and "" are no file names either
