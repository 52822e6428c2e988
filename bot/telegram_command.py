"""The `qabot telegram` command. `bot.cli` imports this module at start, so python-telegram-bot and the
model load only when the command runs and `qabot --help` stays fast."""

from __future__ import annotations

import logging
from typing import Annotated

import typer


def telegram_command(
    webhook_url: Annotated[
        str | None,
        typer.Option(
            "--webhook-url",
            help="Public HTTPS URL Telegram posts updates to (webhook mode). Default: long polling.",
        ),
    ] = None,
    listen: Annotated[
        str, typer.Option("--listen", help="Address the webhook server listens on.")
    ] = "0.0.0.0",
    port: Annotated[int, typer.Option("--port", help="Port the webhook server listens on.")] = 8443,
) -> None:
    """Run the Telegram bot (needs TELEGRAM_BOT_TOKEN)."""
    from bot.chat.shutdown import exit_past_stuck_answers
    from bot.cli_support import errors_to_exit

    with errors_to_exit():
        from bot.telegram_bot.app import build_application, require_token, run
        from bot.telegram_bot.redaction import redact_from_logs
        from bot.telegram_bot.webhook import webhook_options
        from bot.wiring import build_service, configure_logging, load_settings

        settings = load_settings(long_running=True)
        configure_logging(settings, default_level="INFO")
        redact_from_logs(require_token(settings))
        webhook = webhook_options(settings, webhook_url, listen, port) if webhook_url is not None else None
        if webhook is not None and webhook.secret:
            redact_from_logs(webhook.secret)
        service = build_service(settings)
        try:
            run(build_application(settings, service, sole_process=webhook is None), webhook)
        finally:
            service.close()
            logging.getLogger("bot.telegram").info("Stopped.")
        exit_past_stuck_answers()
