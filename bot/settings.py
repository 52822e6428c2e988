"""All settings of a qabot process: the core's plus the chat platforms'. Read once, at start."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import NoDecode

from index.settings import CoreSettings


class Settings(CoreSettings):
    telegram_bot_token: SecretStr | None = Field(default=None, validation_alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str = Field(
        default="https://api.telegram.org", validation_alias="TELEGRAM_API_BASE_URL"
    )
    # Webhook replicas must share it: Telegram sends the one secret the last replica registered.
    telegram_webhook_secret: SecretStr | None = Field(
        default=None, validation_alias="TELEGRAM_WEBHOOK_SECRET"
    )
    telegram_moderators: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(), validation_alias="QABOT_TELEGRAM_MODERATORS"
    )
    telegram_admins_moderate: bool = Field(default=False, validation_alias="QABOT_TELEGRAM_ADMINS_MODERATE")
    rate_limit_per_minute: int = Field(default=10, validation_alias="QABOT_RATE_LIMIT_PER_MINUTE", ge=1)
    # Everything else a person can do in chat (/sources, /help, buttons; an add or remove counts 3).
    action_rate_limit_per_minute: int = Field(
        default=30, validation_alias="QABOT_ACTION_RATE_LIMIT_PER_MINUTE", ge=5
    )

    discord_bot_token: SecretStr | None = Field(default=None, validation_alias="DISCORD_BOT_TOKEN")
    discord_guild_id: int | None = Field(default=None, validation_alias="QABOT_DISCORD_GUILD_ID")
    discord_moderator_role: str | None = Field(default=None, validation_alias="QABOT_DISCORD_MODERATOR_ROLE")

    # Unset: the bots log at INFO (one line per question), the CLI only warnings.
    log_level: str | None = Field(default=None, validation_alias="QABOT_LOG_LEVEL")

    @field_validator("telegram_moderators", mode="before")
    @classmethod
    def _parse_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError:
                raise ValueError("must be Telegram user ids separated by commas, e.g. 12345,67890") from None
        return value
