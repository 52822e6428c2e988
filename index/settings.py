"""Core settings, read from the environment (and a `.env` file) by pydantic-settings.

Each field names its environment variable; an invalid value fails at start with that name.
Chat-platform settings live in `bot.settings`, which extends this class.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "all-MiniLM-L6-v2"


# The rankers QABOT_RANKER names rather than gives a file of (`index.search.ranker`).
LEARNED, HAND_TUNED = "learned", "hand-tuned"


def default_home() -> Path:
    return Path(platformdirs.user_data_dir("qabot", appauthor=False))


class CoreSettings(BaseSettings):
    # An empty value is no value: `.env.example` lists every setting as `NAME=`, and an empty
    # QABOT_HOME was the working directory (its database there, seeded from the files there).
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", env_ignore_empty=True)

    home: Path = Field(default_factory=default_home, validation_alias="QABOT_HOME")
    database_url: SecretStr | None = Field(default=None, validation_alias="DATABASE_URL")
    model: str = Field(default=DEFAULT_MODEL, validation_alias="QABOT_MODEL")
    min_score: float | None = Field(
        default=None, validation_alias="QABOT_MIN_SCORE", ge=-1.0, le=1.0, allow_inf_nan=False
    )
    # "learned" (the packaged model), "hand-tuned" (the fallback), or the path of a ranker model file.
    ranker: str = Field(default=LEARNED, validation_alias="QABOT_RANKER", min_length=1)
    # Upper bounds too: "1000000 days" (for ever) overflowed a date at every start.
    max_upload_bytes: int = Field(
        default=5 * 1024 * 1024, validation_alias="QABOT_MAX_UPLOAD_BYTES", gt=0, le=1024**3
    )
    fetch_timeout: float = Field(
        default=5.0, validation_alias="QABOT_FETCH_TIMEOUT", gt=0, le=600, allow_inf_nan=False
    )
    allow_private_urls: bool = Field(default=False, validation_alias="QABOT_ALLOW_PRIVATE_URLS")
    question_retention_days: int = Field(
        default=30, validation_alias="QABOT_QUESTION_RETENTION_DAYS", ge=0, le=36_500
    )
    # Keys the hash of stored user ids; without it a numeric chat id could be recovered by trying them all.
    user_hash_key: SecretStr | None = Field(default=None, validation_alias="QABOT_USER_HASH_KEY")
    knowledge_dir: Path | None = Field(default=None, validation_alias="QABOT_KNOWLEDGE_DIR")
    # Anyone can make a group or server and administer it: what one community may keep is bounded.
    community_max_sources: int = Field(default=100, validation_alias="QABOT_COMMUNITY_MAX_SOURCES", ge=1)
    community_max_passages: int = Field(default=5000, validation_alias="QABOT_COMMUNITY_MAX_PASSAGES", ge=1)
    communities_max_passages: int = Field(
        default=100_000, validation_alias="QABOT_COMMUNITIES_MAX_PASSAGES", ge=1
    )
    # Bulk passage batches on torch in bfloat16 (where the CPU has the units): twice as fast, and 400 MB
    # that stay with the process. None: the command decides (the CLI yes; the bots, which run for months
    # in memory a container limits, no).
    embed_bulk_with_torch: bool | None = Field(default=None, validation_alias="QABOT_EMBED_BULK_WITH_TORCH")

    @model_validator(mode="before")
    @classmethod
    def _blank_is_unset(cls, values: object) -> object:
        """A value of spaces is no value, as an empty one is (`env_ignore_empty` drops only ""): a
        QABOT_HOME of three spaces was a folder of that name in the working directory."""
        if not isinstance(values, dict):
            return values
        return {
            name: value
            for name, value in values.items()
            if not (isinstance(value, str) and not value.strip())
        }

    @field_validator("ranker", mode="after")
    @classmethod
    def _ranker_named(cls, value: str) -> str:
        """A mistyped file failed every answer, with a message about the server, once the bot was up."""
        if value in (LEARNED, HAND_TUNED) or Path(value).expanduser().is_file():
            return value
        raise ValueError("must be learned, hand-tuned or the path of a model file from qabot train-ranker")

    @field_validator("home", "knowledge_dir", mode="after")
    @classmethod
    def _expand_home(cls, value: Path | None) -> Path | None:
        return value.expanduser() if value is not None else None  # in `.env` no shell expands "~"

    def resolved_database_url(self) -> str:
        if self.database_url is not None:
            return self.database_url.get_secret_value()
        return f"sqlite:///{self.home / 'qabot.db'}"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"


def bundled_knowledge_dir() -> Path:
    """The `knowledge/` folder of this checkout (the seed articles)."""
    return Path(__file__).resolve().parent.parent / "knowledge"
