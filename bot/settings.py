"""All settings of a qabot process: the core's plus the chat platforms'. Read once, at start.

Settings that were renamed or removed are still read, only to stop the start with a message that says
what to set instead: an existing `.env` must never silently lose its protection.
"""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import NoDecode

from index.settings import CoreSettings

__all__ = ["RETIRED_SETTINGS", "Settings"]

DISCORD_ID_END = 2**64  # Discord's ids (snowflakes) are positive 64-bit numbers
# Old name -> what to do instead.
RETIRED_SETTINGS = {
    "QABOT_DISCORD_GUILD_ID": (
        "QABOT_DISCORD_GUILD_ID was replaced by QABOT_DISCORD_HOME_GUILDS: set QABOT_DISCORD_HOME_GUILDS "
        "to the same id (comma-separated for several servers). Only home servers may change the shared "
        "knowledge base, and /kb appears in them at once."
    ),
    "QABOT_DISCORD_MODERATOR_ROLE": (
        "QABOT_DISCORD_MODERATOR_ROLE (a role name) is no longer read: any server can create a role with "
        "that name. Set QABOT_DISCORD_MODERATOR_ROLE_ID to the role's id (Server Settings → Roles → "
        "right-click → Copy Role ID, with Developer Mode on) and QABOT_DISCORD_HOME_GUILDS to your server."
    ),
}


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
    # Groups whose administrators may change the shared knowledge base (with ..._ADMINS_MODERATE), and
    # where the listed moderators may; a moderator's private chat with the bot is always one.
    telegram_home_chats: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(), validation_alias="QABOT_TELEGRAM_HOME_CHATS"
    )
    telegram_admins_moderate: bool = Field(default=False, validation_alias="QABOT_TELEGRAM_ADMINS_MODERATE")
    rate_limit_per_minute: int = Field(default=10, validation_alias="QABOT_RATE_LIMIT_PER_MINUTE", ge=1)
    # Everything else a person can do in chat (/sources, /help, buttons; an add or remove counts 3).
    action_rate_limit_per_minute: int = Field(
        default=30, validation_alias="QABOT_ACTION_RATE_LIMIT_PER_MINUTE", ge=5
    )
    # Administrators of other servers and groups keep a collection of sources for their own community.
    community_collections: bool = Field(default=False, validation_alias="QABOT_COMMUNITY_COLLECTIONS")

    discord_bot_token: SecretStr | None = Field(default=None, validation_alias="DISCORD_BOT_TOKEN")
    # Another Discord API root (a proxy, a test server); the gateway address comes from it.
    discord_api_base_url: str | None = Field(default=None, validation_alias="DISCORD_API_BASE_URL")
    discord_home_guilds: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(), validation_alias="QABOT_DISCORD_HOME_GUILDS"
    )
    discord_moderator_role_id: int | None = Field(
        default=None, validation_alias="QABOT_DISCORD_MODERATOR_ROLE_ID"
    )
    # Answer a channel mention in a new thread named after the question; the thread's messages are
    # follow-ups that need no mention.
    discord_threads: bool = Field(default=False, validation_alias="QABOT_DISCORD_THREADS")

    # Unset: the bots log at INFO (one line per question), the CLI only warnings.
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] | None = Field(
        default=None, validation_alias="QABOT_LOG_LEVEL"
    )

    # Read only to refuse them (see RETIRED_SETTINGS); never used.
    retired_discord_guild_id: str | None = Field(
        default=None, validation_alias="QABOT_DISCORD_GUILD_ID", exclude=True
    )
    retired_discord_moderator_role: str | None = Field(
        default=None, validation_alias="QABOT_DISCORD_MODERATOR_ROLE", exclude=True
    )

    @field_validator("log_level", mode="before")
    @classmethod
    def _level_in_any_case(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        level = value.strip().upper()
        return {"WARN": "WARNING", "FATAL": "CRITICAL"}.get(level, level) or None  # as `logging` reads them

    @field_validator("telegram_api_base_url", "discord_api_base_url", mode="after")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        """A mistyped address failed only once the bot tried it, naming neither it nor the setting."""
        if value is None or not value.strip():
            return None if value is None else value
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http:// or https:// address")
        return value.strip()

    @field_validator("telegram_moderators", "telegram_home_chats", "discord_home_guilds", mode="before")
    @classmethod
    def _parse_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError:
                raise ValueError("must be numeric ids separated by commas, e.g. 12345,67890") from None
        return value

    @field_validator("discord_home_guilds", "discord_moderator_role_id", mode="after")
    @classmethod
    def _discord_ids(cls, value: frozenset[int] | int | None) -> frozenset[int] | int | None:
        """An id no Discord server or role has (0, negative, past 64 bits) failed only at the first
        command registration, with a traceback that stopped the bot."""
        ids = value if isinstance(value, frozenset) else {value} if value is not None else set()
        wrong = sorted(i for i in ids if not 0 < i < DISCORD_ID_END)
        if wrong:
            raise ValueError(
                f"{wrong[0]} is no Discord id: with Developer Mode on, right-click the server (or the "
                "role, in Server Settings → Roles) and Copy ID"
            )
        return value

    @field_validator("telegram_moderators", mode="after")
    @classmethod
    def _telegram_user_ids(cls, value: frozenset[int]) -> frozenset[int]:
        """A group's id (negative) among the moderators, whose ids are people's: no one would match."""
        wrong = sorted(i for i in value if i <= 0)
        if wrong:
            raise ValueError(
                f"{wrong[0]} is no person's id (a group's is negative): list the moderators' own "
                "user ids, and groups in QABOT_TELEGRAM_HOME_CHATS"
            )
        return value

    @model_validator(mode="after")
    def _no_retired_or_contradictory_settings(self) -> Settings:
        retired = [
            message
            for value, message in (
                (self.retired_discord_guild_id, RETIRED_SETTINGS["QABOT_DISCORD_GUILD_ID"]),
                (self.retired_discord_moderator_role, RETIRED_SETTINGS["QABOT_DISCORD_MODERATOR_ROLE"]),
            )
            if value is not None and value.strip()
        ]
        if retired:
            raise ValueError(" ".join(retired))
        if self.telegram_admins_moderate and not self.telegram_home_chats:
            raise ValueError(
                "QABOT_TELEGRAM_ADMINS_MODERATE=1 needs QABOT_TELEGRAM_HOME_CHATS: the ids of the groups "
                "whose administrators may change the shared knowledge base. Without it, the administrators "
                "of any group (anyone can create one) would moderate."
            )
        if (
            self.discord_moderator_role_id is not None
            and self.discord_moderator_role_id in self.discord_home_guilds
        ):
            raise ValueError(
                "QABOT_DISCORD_MODERATOR_ROLE_ID is a home server's own id, which Discord gives its "
                "@everyone role: every member would moderate. Copy the moderator role's id (Server "
                "Settings → Roles → the role's ⋯ → Copy Role ID)."
            )
        return self
