"""Updates python-telegram-bot cannot read, skipped instead of fetched forever.

The library reads a whole `getUpdates` batch at once, and one update it cannot read (a poll from a Bot
API server older than the library, without a field the library requires) fails the batch. Nothing in
it is confirmed, so the same batch came back about 180 times a second: nothing else was answered, and
each failure logged the batch at CRITICAL (42 MB of log in 30 s). Here each update is read on its own
first; one that cannot be read is passed on as its id alone, so the batch is confirmed and the rest
handled, and the log says once which update was skipped and why (never its content).

A webhook's update is read by the library's server, which answers Telegram 400 for one it cannot read
(Telegram gives up after a few attempts) and logged the whole update, a stranger's message included,
at CRITICAL with a traceback each time; that record is rewritten as one warning without the content.

An update the library reads but Telegram would never send (a message without its chat, a text that is
no string: a forged webhook update, which needs the secret, or a broken server) failed in the handler
and again in its apology, two ERROR tracebacks; `skip_malformed` drops it first, on one line.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from telegram import Message, Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.chat.errors import as_one_warning

__all__ = [
    "UnreadableWebhookUpdate",
    "quiet_unreadable_webhook_updates",
    "skip_malformed",
    "without_unreadable_updates",
]

log = logging.getLogger(__name__)
MAX_REASON_CHARS = 200  # the library's reason names a field; a value it quotes is cut short
_WEBHOOK_UNREADABLE = "Something went wrong processing the data received from Telegram"


def without_unreadable_updates(payload: bytes) -> bytes:
    """A `getUpdates` response with each update the library cannot read replaced by its id alone;
    `payload` unchanged when every update reads (or when it is no list of updates: the library's own
    error handling sees it as it came)."""
    try:
        response = json.loads(payload)
    except ValueError:
        return payload
    updates = response.get("result") if isinstance(response, dict) else None
    if not isinstance(updates, list):
        return payload
    readable = [_readable(update) for update in updates]
    if all(kept is update for kept, update in zip(readable, updates, strict=True)):
        return payload
    return json.dumps({**response, "result": readable}).encode()


def _readable(update: Any) -> Any:
    if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
        return update  # no id to confirm it by: the library's own error
    try:
        Update.de_json(update, None)
    except Exception as error:  # the library's parsing raises TypeError, KeyError, ValueError, …
        kinds = sorted(key for key in update if key != "update_id")
        reason = str(error)[:MAX_REASON_CHARS]
        log.warning(
            "Skipped Telegram update %s (%s): it cannot be read: %s", update["update_id"], kinds, reason
        )
        return {"update_id": update["update_id"]}
    return update


class UnreadableWebhookUpdate(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith(_WEBHOOK_UNREADABLE):
            data = record.args[0] if isinstance(record.args, tuple) and record.args else None
            update_id = data.get("update_id") if isinstance(data, dict) else None
            kinds = sorted(key for key in data if key != "update_id") if isinstance(data, dict) else []
            reason = str(record.exc_info[1])[:MAX_REASON_CHARS] if record.exc_info else ""
            as_one_warning(
                record, "Refused Telegram update %s (%s): it cannot be read: %s", update_id, kinds, reason
            )
        return True


def quiet_unreadable_webhook_updates() -> None:
    updater_log = logging.getLogger("telegram.ext.Updater")
    if not any(isinstance(f, UnreadableWebhookUpdate) for f in updater_log.filters):
        updater_log.addFilter(UnreadableWebhookUpdate())


async def skip_malformed(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """Run before every handler: stops one whose message no handler could read (see the module)."""
    message = update.effective_message
    if not isinstance(message, Message):
        return
    texts = (message.text, message.caption)
    if message.chat is None or not all(text is None or isinstance(text, str) for text in texts):
        log.warning("Skipped Telegram update %s: its message has no chat or a text that is no string.",
                    update.update_id)  # fmt: skip
        raise ApplicationHandlerStop
