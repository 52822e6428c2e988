"""A file's download from the Bot API: whole within the upload cap, given up past it, never decoded.

Against a small file server on 127.0.0.1 (the whole bot's path is in test_moderation.py)."""

from __future__ import annotations

import tracemalloc
import zlib
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from telegram.error import NetworkError

from bot.telegram_bot.downloads import BoundedDownloads, DownloadTooLarge

MOST = 200_000


class FileServer:
    """Serves one body at any path, with the headers given, and remembers what was asked for."""

    def __init__(self) -> None:
        self.body = b""
        self.headers: dict[str, str] = {}
        self.accepted: list[str | None] = []  # each request's Accept-Encoding
        self.url = ""

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.accepted.append(request.headers.get("Accept-Encoding"))
        response = web.StreamResponse(headers=self.headers)
        response.enable_chunked_encoding()
        await response.prepare(request)
        try:
            for start in range(0, len(self.body), 65_536):
                await response.write(self.body[start : start + 65_536])
        except ConnectionResetError:  # the bot stopped reading
            return response
        await response.write_eof()
        return response


@pytest.fixture
async def files() -> AsyncIterator[FileServer]:
    server = FileServer()
    app = web.Application()
    app.router.add_get("/{path:.*}", server.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    server.url = f"http://127.0.0.1:{port}/file/bot1:token/documents/file_0.txt"
    yield server
    await runner.cleanup()


@pytest.fixture
async def downloads() -> AsyncIterator[BoundedDownloads]:
    request = BoundedDownloads(lambda: MOST)
    await request.initialize()
    yield request
    await request.shutdown()


async def test_a_download_within_the_cap_is_returned_whole(
    files: FileServer, downloads: BoundedDownloads
) -> None:
    files.body = b"word " * (MOST // 5)

    assert await downloads.retrieve(files.url) == files.body
    assert files.accepted == ["identity"]


async def test_a_download_past_the_cap_is_given_up(files: FileServer, downloads: BoundedDownloads) -> None:
    files.body = bytes(20 * MOST)

    with pytest.raises(DownloadTooLarge):
        await downloads.retrieve(files.url)


async def test_a_compressed_download_is_refused_without_being_decoded(
    files: FileServer, downloads: BoundedDownloads
) -> None:
    """Decoded, 64 KB of gzip sent are 64 MB held before a byte of them could be counted."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip
    megabyte = bytes(1 << 20)
    files.body = b"".join(compressor.compress(megabyte) for _ in range(256)) + compressor.flush()
    files.headers = {"Content-Encoding": "gzip"}

    tracemalloc.start()
    try:
        with pytest.raises(NetworkError, match="encoded as 'gzip'"):
            await downloads.retrieve(files.url)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * MOST, f"{peak / 1_048_576:.1f} MB held"
