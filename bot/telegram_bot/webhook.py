"""Webhook mode's options: where Telegram posts updates, and the secret that proves they came from it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.settings import Settings
from index.errors import QabotError

__all__ = ["WebhookOptions", "webhook_options"]

_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


@dataclass(frozen=True)
class WebhookOptions:
    url: str
    listen: str = "0.0.0.0"
    port: int = 8443
    # Telegram echoes it in a header, so only Telegram can feed the bot updates. None: random per start.
    secret: str | None = None


def webhook_options(settings: Settings, url: str, listen: str, port: int) -> WebhookOptions:
    secret = settings.telegram_webhook_secret.get_secret_value() if settings.telegram_webhook_secret else None
    if secret is not None and not _WEBHOOK_SECRET.fullmatch(secret):
        raise QabotError(
            "TELEGRAM_WEBHOOK_SECRET must be 1-256 characters: letters, digits, _ and - (Telegram's rule)."
        )
    return WebhookOptions(url, listen, port, secret)
