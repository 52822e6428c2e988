"""The `qabot discord` command; kept light to import so `qabot --help` stays fast (discord.py, the
model and the index load only when the command runs)."""

from __future__ import annotations

import logging


def discord_command() -> None:
    """Run the Discord bot (needs DISCORD_BOT_TOKEN; see the README's Discord section)."""
    from bot.chat.shutdown import exit_past_stuck_answers
    from bot.cli_support import errors_to_exit
    from bot.wiring import build_service, configure_logging, load_settings

    with errors_to_exit():
        settings = load_settings(long_running=True)
        configure_logging(settings, default_level="INFO")
        from bot.discord_bot.app import create_bot, require_token, run

        token = require_token(settings)
        service = build_service(settings)
        try:
            run(create_bot(service, settings), token)
        finally:
            service.close()
            logging.getLogger("bot.discord").info("Stopped.")
        exit_past_stuck_answers()
