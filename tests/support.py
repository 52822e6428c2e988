"""Helpers shared by test modules (fixtures live in conftest.py)."""

from __future__ import annotations

from typing import Any

from index.service import QAService, migrate
from index.settings import CoreSettings


def open_service(settings: CoreSettings, **options: Any) -> QAService:
    """A service as the entry points build it: the schema migrated first, then the service."""
    migrate(settings)
    return QAService(settings, **options)
