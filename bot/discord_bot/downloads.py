"""`AttachmentDownloads`: a file attached to `/kb add`, read no further than the upload cap.

discord.py's `Attachment.read` holds the whole body in memory, and the bot checks only the size Discord
said of the file (`bot.chat.uploads.check_upload`). A server that sends more than it said (a proxy, a
test server, a forged answer) had its whole body held before the core checked the size. The download
is streamed here instead, and given up as soon as it is past the cap.
"""

from __future__ import annotations

import aiohttp

from bot.chat.uploads import megabytes, read_capped
from index.errors import BadDocument

__all__ = ["AttachmentDownloads"]

_SECONDS = 5.0  # to connect, and between two chunks (the whole download has `DOWNLOAD_SECONDS`)
_CHUNK_BYTES = 65_536


class AttachmentDownloads:
    """One HTTP session for attachments, opened at the first download and closed with the cog."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None

    async def read(self, url: str, name: str, most: int) -> bytes:
        """The file's bytes, or `BadDocument` once it is past `most` bytes; network errors are
        aiohttp's (`aiohttp.ClientError`)."""
        # The bytes as sent: a gzip body is inflated before it can be counted, so the file is asked for
        # uncompressed and refused otherwise.
        headers = {"Accept-Encoding": "identity"}
        # Not redirected: the address is Discord's own, and a redirect could lead anywhere (the page
        # fetcher's address checks do not guard this request).
        async with self._open().get(url, headers=headers, allow_redirects=False) as response:
            if response.status != 200:
                info, status, reason = response.request_info, response.status, response.reason or ""
                raise aiohttp.ClientResponseError(info, response.history, status=status, message=reason)
            said = response.content_length
            if said is not None and said > most:
                raise _too_large(name, most)
            encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
            if encoding != "identity":
                raise BadDocument(f"Discord sent {name} encoded as {encoding!r}; please send it again.")
            body = await read_capped(response.content.iter_chunked(_CHUNK_BYTES), most)
            if body is None:
                raise _too_large(name, most)
            return body

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            timeout = aiohttp.ClientTimeout(sock_connect=_SECONDS, sock_read=_SECONDS)
            self._session = aiohttp.ClientSession(timeout=timeout, auto_decompress=False)
        return self._session


def _too_large(name: str, most: int) -> BadDocument:
    return BadDocument(f"{name} is larger than Discord said (over {megabytes(most)}).")
