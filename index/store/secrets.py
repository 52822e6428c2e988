"""`InstallSecrets`: keys made once per installation and kept in the database, shared by every replica.

Button signatures and the user-id hash key must be the same in every process that serves one bot, and
must survive restarts; the database is what they all share. Made with `secrets.token_urlsafe` the
first time a key is asked for; two processes asking at once end with the same key.
"""

from __future__ import annotations

import secrets
import threading

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from index.store.models import InstallSecret

__all__ = ["InstallSecrets"]

KEY_BYTES = 32


class InstallSecrets:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._known: dict[str, str] = {}
        self._lock = threading.Lock()

    def get(self, name: str) -> str:
        """The installation's key called `name`, made on first use."""
        with self._lock:
            if name not in self._known:
                self._known[name] = self._read_or_make(name)
            return self._known[name]

    def _read_or_make(self, name: str) -> str:
        with self._sessions() as session:
            stored = session.get(InstallSecret, name)
            if stored is not None:
                return stored.value
        try:
            with self._sessions.begin() as session:
                session.add(InstallSecret(name=name, value=secrets.token_urlsafe(KEY_BYTES)))
        except IntegrityError:  # another process made it first: theirs is the key
            pass
        with self._sessions() as session:
            stored = session.get(InstallSecret, name)
            assert stored is not None
            return stored.value
