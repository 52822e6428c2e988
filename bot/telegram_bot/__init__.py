"""The Telegram adapter: python-telegram-bot handlers over `QAService` (see `app.build_application`)."""
