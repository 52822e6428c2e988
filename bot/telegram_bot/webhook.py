"""Webhook mode's options: where Telegram posts updates, and the secret that proves they came from it;
and the bounds on what anyone may send that server before the secret is read."""

from __future__ import annotations

import errno
import ipaddress
import logging
import re
import socket
from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from tornado.httpserver import HTTPServer
from tornado.iostream import IOStream
from tornado.netutil import bind_sockets

from bot.settings import Settings
from index.errors import QabotError
from index.throttled_log import ThrottledLog

__all__ = [
    "MAX_CONNECTIONS",
    "MAX_CONNECTIONS_PER_CLIENT",
    "MAX_UPDATE_BYTES",
    "TELEGRAM_CONNECTIONS",
    "WebhookOptions",
    "bound_webhook_requests",
    "ensure_port_free",
    "webhook_options",
]

log = logging.getLogger(__name__)

_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
TELEGRAM_API_HOST = "api.telegram.org"
TELEGRAM_WEBHOOK_PORTS = frozenset({443, 80, 88, 8443})  # the only ones Telegram posts to
# python-telegram-bot's webhook server is tornado's, which reads up to 100 MB of a request into memory
# before the handler checks the secret, and keeps a silent connection for an hour: anyone who finds
# the port could hold gigabytes with a few dozen requests. Telegram's largest update (a 4,096-character
# message quoting another, with its entities) is tens of kilobytes; at 1 MB, slow bodies on every
# connection pinned 270 MB.
MAX_UPDATE_BYTES = 256 << 10
MAX_HEADER_BYTES = 64 << 10
IDLE_CONNECTION_SECONDS = 60.0  # also the time allowed for a request's headers
BODY_SECONDS = 30.0
# How many connections Telegram may open at once (python-telegram-bot's default; Telegram allows 100).
TELEGRAM_CONNECTIONS = 40
# Each open connection holds memory; past this many, new ones are closed at once (Telegram retries later).
MAX_CONNECTIONS = 256
# One client (an IPv4 address, an IPv6 /64) held all 256 with unfinished requests, and Telegram's
# deliveries were closed unread for as long as it kept them so. Telegram's own stay under this; a proxy
# in front (one address) passes on only whole requests.
MAX_CONNECTIONS_PER_CLIENT = TELEGRAM_CONNECTIONS + 8


@dataclass(frozen=True)
class WebhookOptions:
    url: str
    listen: str = "0.0.0.0"
    port: int = 8443
    # Telegram echoes it in a header, so only Telegram can feed the bot updates. None: random per start.
    secret: str | None = None


def webhook_options(settings: Settings, url: str, listen: str, port: int) -> WebhookOptions:
    """The checked options; a `QabotError` saying what to fix, before anything is registered with Telegram."""
    try:
        parts = urlsplit(url.strip())
        usable = parts.scheme in ("https", "http") and bool(parts.hostname) and (parts.port or 0) >= 0
    except ValueError:  # an unclosed [ or a port that is no number
        usable = False
    if not usable:
        raise QabotError(
            f"--webhook-url {url!r} is not a web address: give the public HTTPS URL Telegram should post "
            "updates to, e.g. https://bot.example.org/telegram (leave the option out for long polling)."
        )
    if urlsplit(settings.telegram_api_base_url).hostname == TELEGRAM_API_HOST and (
        parts.scheme != "https" or (parts.port or 443) not in TELEGRAM_WEBHOOK_PORTS
    ):  # Telegram's own rule, which it told only once the webhook was set (a local Bot API server has none)
        raise QabotError(
            f"--webhook-url {url!r}: Telegram posts updates only to an https:// address on port 443, 80, "
            "88 or 8443 (the port in the address; --port is where qabot listens behind your proxy)."
        )
    if not 0 < port < 65536:
        raise QabotError(f"--port {port} is not a port number: give one from 1 to 65535.")
    secret = settings.telegram_webhook_secret.get_secret_value() if settings.telegram_webhook_secret else None
    if secret is not None and not _WEBHOOK_SECRET.fullmatch(secret):
        raise QabotError(
            "TELEGRAM_WEBHOOK_SECRET must be 1-256 characters: letters, digits, _ and - (Telegram's rule)."
        )
    return WebhookOptions(url.strip(), listen, port, secret)


def ensure_port_free(options: WebhookOptions) -> None:
    """Refuses a port another process listens on, or an address this machine does not have, before
    the webhook is registered: python-telegram-bot registers it first and binds after, so a failed
    start would have sent Telegram's updates, with this start's secret, away from a running replica.
    The probe binds as tornado will (its `bind_sockets`: IPv6-only sockets, unusable families skipped)."""
    try:
        probes = bind_sockets(options.port, options.listen or None)
    except socket.gaierror as error:
        raise QabotError(f"--listen {options.listen!r} is not an address of this machine: {error}.") from None
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise QabotError(
                f"Port {options.port} on {options.listen} is already in use (another qabot, or another "
                "server): stop it or choose another --port."
            ) from None
        raise QabotError(
            f"Cannot listen on {options.listen} port {options.port}: {error.strerror}."
        ) from None
    for probe in probes:
        probe.close()


class _BoundedServer(HTTPServer):
    """tornado's server, closing a new connection while `MAX_CONNECTIONS` are open, or
    `MAX_CONNECTIONS_PER_CLIENT` from its client (it has no bound)."""

    def initialize(self, *args: Any, **kwargs: Any) -> None:
        super().initialize(*args, **kwargs)
        self.open_connections = 0
        self._by_client: Counter[str] = Counter()
        # One log each: one client's flood had hidden the refusals of all.
        self._all_taken = ThrottledLog(log, "The webhook has %d connections open; refusing new ones.")
        self._client_full = ThrottledLog(
            log, "The webhook has %d connections open from %s; refusing more from it."
        )

    def handle_stream(self, stream: IOStream, address: tuple[Any, ...]) -> None:
        client = _client_of(address)
        if self.open_connections >= MAX_CONNECTIONS:
            stream.close()
            self._all_taken.warn(MAX_CONNECTIONS)
            return
        if self._by_client[client] >= MAX_CONNECTIONS_PER_CLIENT:
            stream.close()
            self._client_full.warn(MAX_CONNECTIONS_PER_CLIENT, client)
            return
        self.open_connections += 1
        self._by_client[client] += 1
        super().handle_stream(stream, address)

    def on_close(self, server_conn: object) -> None:
        self.open_connections -= 1
        client = _client_of(getattr(getattr(server_conn, "context", None), "address", None))
        self._by_client[client] -= 1
        if self._by_client[client] <= 0:
            del self._by_client[client]
        super().on_close(server_conn)


def _client_of(address: object) -> str:
    """Whose connection it is: the IPv4 address, or the IPv6 /64 (one subscriber's usual share)."""
    host = address[0] if isinstance(address, tuple) and address else ""
    try:
        parsed = ipaddress.ip_address(str(host).split("%", 1)[0])
    except ValueError:
        return str(host)  # a Unix socket's path, or nothing
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def bound_webhook_requests() -> None:
    """Bounds the webhook server: a larger body or headers get 400 before they are read, a connection
    that sends too slowly is closed, and so is one past `MAX_CONNECTIONS`. python-telegram-bot builds
    the server itself, so this configures every tornado `HTTPServer` of this process."""
    HTTPServer.configure(
        _BoundedServer,
        max_body_size=MAX_UPDATE_BYTES,
        max_header_size=MAX_HEADER_BYTES,
        idle_connection_timeout=IDLE_CONNECTION_SECONDS,
        body_timeout=BODY_SECONDS,
    )
