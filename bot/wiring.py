"""Settings → objects, in one place for every entry point."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from pydantic import ValidationError

from bot.settings import Settings
from bot.settings_names import known_names, settings_file_problems
from index.errors import QabotError

if TYPE_CHECKING:
    from index.service import QAService
    from index.store.knowledge_base import KnowledgeBase


def load_settings(*, long_running: bool = False) -> Settings:
    """The settings, or a `QabotError` naming each environment variable that is wrong.

    `long_running` (the bots): what is left to the command is chosen for a process that stays up.
    """
    problems = settings_file_problems(known_names(Settings.model_fields))
    if problems:
        raise QabotError("Invalid setting: " + "; ".join(problems))
    try:
        settings = Settings()
    except ValidationError as error:
        problems = []
        for item in error.errors():
            name = ".".join(str(part) for part in item["loc"])
            message = str(item["msg"]).removeprefix("Value error, ")
            problems.append(f"{name}: {message}" if name else message)
        raise QabotError("Invalid setting: " + "; ".join(problems)) from None
    if long_running and settings.embed_bulk_with_torch is None:
        settings = settings.model_copy(update={"embed_bulk_with_torch": False})
    return settings


def configure_logging(settings: Settings, default_level: str = "WARNING") -> None:
    logging.basicConfig(
        level=(settings.log_level or default_level).upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for noisy in ("httpx", "bm25s", "sentence_transformers", "transformers", "alembic", "faiss"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def build_service(settings: Settings) -> QAService:
    """The service every entry point uses: the schema is migrated first, explicitly, here."""
    # Imported here: the search modules are a third of the start of a command that only lists sources.
    from index.service import QAService, migrate

    migrate(settings)
    return QAService(settings)


def build_knowledge_base(settings: Settings) -> KnowledgeBase:
    """The knowledge base without the service's search index, for commands that only read the list of
    sources (`qabot sources`): the schema migrated first, as by `build_service`."""
    from index.model.embedder import Embedder
    from index.store.engine import make_engine, make_sessionmaker, upgrade
    from index.store.knowledge_base import KnowledgeBase

    engine = make_engine(settings.resolved_database_url())
    upgrade(engine)  # to the head, or a `QabotError` for a schema newer than this qabot
    # No index in this process to refresh after seeding: services elsewhere see the change themselves.
    return KnowledgeBase(make_sessionmaker(engine), Embedder(settings), settings, after_change=lambda: None)
