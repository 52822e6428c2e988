"""Keeps a secret (the bot token) out of every log line, including formatted tracebacks.

python-telegram-bot puts the token in some exception messages and debug lines (it is part of every
Bot API URL); a filter on the root handlers rewrites records before any handler writes them.
"""

from __future__ import annotations

import logging

REDACTED = "<redacted>"


class SecretRedactingFilter(logging.Filter):
    def __init__(self, secret: str) -> None:
        super().__init__()
        self._secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._secret in message:
            record.msg = message.replace(self._secret, REDACTED)
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self._secret in record.exc_text:
            record.exc_text = record.exc_text.replace(self._secret, REDACTED)
        return True


def redact_from_logs(secret: str) -> None:
    """Every handler of the root logger (where all records end up) drops `secret` from what it writes."""
    if not secret:
        return
    for handler in logging.getLogger().handlers:
        handler.addFilter(SecretRedactingFilter(secret))
