"""The request python-telegram-bot sends with, downloads bounded: no more bytes than the upload cap.

PTB reads a file's download whole (`File.download_as_bytearray` → `BaseRequest.retrieve`) and the bot
trusts the size Telegram said of it (`bot.chat.uploads.check_upload`). A server that sends more than it
said (a local Bot API server serves files of up to 2 GB; a broken proxy) had its whole body held in
memory before the core checked the size. A download is streamed here instead, and given up as soon as
it is past the cap. Bot API calls (POST) go through `HTTPXRequest` unchanged. A download that fails is
the sender's to hear about, as a `BadDocument`.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator

import httpx
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

from bot.chat.uploads import megabytes, read_capped
from index.errors import BadDocument

__all__ = ["BoundedDownloads", "DownloadTooLarge", "errors_as_bad_documents"]

log = logging.getLogger(__name__)

_SECONDS = 5.0  # to connect, and between two chunks (the whole download has `DOWNLOAD_SECONDS`)


class DownloadTooLarge(NetworkError):
    """A download went past the upload cap (a `NetworkError`, as PTB passes only its own errors on)."""

    def __init__(self, most: int) -> None:
        super().__init__(f"the file is larger than Telegram said: over {megabytes(most)}")
        self.most = most


class BoundedDownloads(HTTPXRequest):
    """PTB's request (its defaults), with file downloads streamed and cut at `most()` bytes."""

    def __init__(self, most: Callable[[], int]) -> None:
        super().__init__()
        self._most = most
        self._downloads: httpx.AsyncClient | None = None

    async def initialize(self) -> None:
        await super().initialize()
        if self._downloads is None or self._downloads.is_closed:
            self._downloads = httpx.AsyncClient(timeout=_SECONDS)

    async def shutdown(self) -> None:
        await super().shutdown()
        if self._downloads is not None:
            await self._downloads.aclose()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if method != "GET" or request_data is not None:  # a Bot API call, not a file's download
            return await super().do_request(
                url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
            )
        return await self._download(url)

    async def _download(self, url: str) -> tuple[int, bytes]:
        if self._downloads is None or self._downloads.is_closed:
            raise RuntimeError("BoundedDownloads is not initialized")
        # The bytes as sent: httpx decodes a gzip chunk whole before it can be counted (64 KB of zeros
        # sent were 64 MB held), so the file is asked for uncompressed, and refused otherwise.
        most, headers = self._most(), {"User-Agent": self.USER_AGENT, "Accept-Encoding": "identity"}
        try:
            async with self._downloads.stream("GET", url, headers=headers) as response:
                said = response.headers.get("content-length", "")
                if said.isdigit() and int(said) > most:
                    raise DownloadTooLarge(most)
                encoding = response.headers.get("content-encoding", "identity").strip().lower()
                if encoding != "identity":
                    raise NetworkError(f"the file came encoded as {encoding!r}, not as asked")
                body = await read_capped(response.aiter_raw(), most)
                if body is None:
                    raise DownloadTooLarge(most)
                return response.status_code, body
        except httpx.TimeoutException as error:
            raise TimedOut from error
        except httpx.HTTPError as error:
            raise NetworkError(f"httpx.{error.__class__.__name__}: {error}") from error


@contextlib.contextmanager
def errors_as_bad_documents(name: str) -> Iterator[None]:
    """A file Telegram would not give (too big for the Bot API, gone, a network failure) is the
    sender's to know about, not a bug."""
    try:
        yield
    except DownloadTooLarge as error:
        log.warning("Gave up downloading %s from Telegram: %s", name, error)
        raise BadDocument(f"{name} is larger than Telegram said (over {megabytes(error.most)}).") from None
    except TelegramError as error:
        log.warning("Could not download %s from Telegram: %s", name, error)
        raise BadDocument(f"I could not download {name} from Telegram; try again.") from None
