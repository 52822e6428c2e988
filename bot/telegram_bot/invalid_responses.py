"""python-telegram-bot logs a Bot API response that is not JSON (a proxy's error page, a wrong
`TELEGRAM_API_BASE_URL`) at ERROR with a JSON traceback and the whole body, on every request that
gets one. The caller's error already says what failed; here each is one WARNING line with the body's
start."""

from __future__ import annotations

import logging

from bot.chat.errors import as_one_warning

__all__ = ["InvalidResponseWithoutTraceback", "quiet_invalid_responses"]

_NOT_JSON = "Can not load invalid JSON data"
BODY_SHOWN = 200  # characters: enough to tell a 404 page from a 502 one


class InvalidResponseWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith(_NOT_JSON):
            body = " ".join(str(record.args[0] if record.args else "").split())  # type: ignore[index]
            shown = body if len(body) <= BODY_SHOWN else f"{body[:BODY_SHOWN]}… ({len(body)} characters)"
            as_one_warning(record, "The Bot API answered with something that is not JSON: %r", shown)
        return True


def quiet_invalid_responses() -> None:
    request_log = logging.getLogger("telegram.request.BaseRequest")
    if not any(isinstance(f, InvalidResponseWithoutTraceback) for f in request_log.filters):
        request_log.addFilter(InvalidResponseWithoutTraceback())
