"""Discord's file CDN on loopback: the address an attachment's `url` names, serving its bytes.

One server for the whole test session (a daemon thread); each file served is its own record of how
often it was asked for and how many bytes went out, so tests do not see each other's downloads.
"""

from __future__ import annotations

import itertools
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["ServedFile", "serve_file"]

_CHUNK_BYTES = 65_536


@dataclass
class ServedFile:
    """A file on the CDN. `chunked`: sent without a Content-Length, so its size shows only as it comes;
    `redirect`: an address it is moved to (302) instead; `headers`: more headers to send with it."""

    url: str
    data: bytes
    chunked: bool = False
    redirect: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    downloads: int = 0
    bytes_sent: int = 0


_files: dict[str, ServedFile] = {}
_names = itertools.count(1)
_lock = threading.Lock()
_base_url: str | None = None


def serve_file(data: bytes, name: str, *, chunked: bool = False, redirect: str | None = None) -> ServedFile:
    """Puts `data` on the CDN under `name` and returns it; its `url` is what Discord would send."""
    path = f"/attachments/{next(_names)}/{urllib.parse.quote(name)}"
    served = ServedFile(f"{_start()}{path}", data, chunked, redirect)
    _files[path] = served
    return served


def _start() -> str:
    global _base_url
    with _lock:
        if _base_url is None:
            server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            _base_url = f"http://127.0.0.1:{server.server_address[1]}"
        return _base_url


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # chunked bodies need it

    def do_GET(self) -> None:
        served = _files.get(self.path)
        if served is None:
            self.send_error(404)
            return
        served.downloads += 1
        if served.redirect is not None:
            self.send_response(302)
            self.send_header("Location", served.redirect)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        for name, value in served.headers.items():
            self.send_header(name, value)
        if not served.chunked:
            self.send_header("Content-Length", str(len(served.data)))
            self.end_headers()
            self._send(served, lambda chunk: chunk)
            return
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if self._send(served, lambda chunk: b"%x\r\n%s\r\n" % (len(chunk), chunk)):
            self.wfile.write(b"0\r\n\r\n")

    def _send(self, served: ServedFile, framed: Callable[[bytes], bytes]) -> bool:
        """Writes the body chunk by chunk; False once the bot stopped reading."""
        try:
            for start in range(0, len(served.data), _CHUNK_BYTES):
                chunk = served.data[start : start + _CHUNK_BYTES]
                self.wfile.write(framed(chunk))
                served.bytes_sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            return False
        return True

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests read `ServedFile`, not the server's log."""
