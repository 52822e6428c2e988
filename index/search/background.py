"""`BackgroundJob`: slow rebuilds (the keyword index of a large knowledge base) off the answering path."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

__all__ = ["BackgroundJob"]

log = logging.getLogger(__name__)


class BackgroundJob:
    """Runs the latest requested work in one daemon thread; requests made meanwhile coalesce into one."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()
        self._next: Callable[[], None] | None = None
        self._thread: threading.Thread | None = None

    def request(self, work: Callable[[], None]) -> None:
        with self._lock:
            self._next = work
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """True once no work is pending or running (for tests and the benchmark)."""
        with self._lock:
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return not self.running

    @property
    def running(self) -> bool:
        with self._lock:
            return self._thread is not None

    def _run(self) -> None:
        while True:
            with self._lock:
                work, self._next = self._next, None
                if work is None:
                    self._thread = None
                    return
            try:
                work()
            except Exception:
                log.exception("Background job %s failed; the previous result stays in use.", self.name)
