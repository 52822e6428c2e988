"""What every `qabot` command shares: consoles, settings and service wiring, the error policy and
progress bars. Free of heavy imports, so `qabot --help` stays fast."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO, TypeVar

import typer

from bot.console import TerminalConsole
from index.errors import QabotError, UnknownSource

if TYPE_CHECKING:
    from bot.settings import Settings
    from index.eval import EvalSet
    from index.service import QAService
    from index.store.change_results import ChangeResult
    from index.store.knowledge_base import KnowledgeBase

# Not `emoji`: rich turns ":thumbs_up:" in a title or quote into 👍, and qabot prints what it stores.
out = TerminalConsole(highlight=False, soft_wrap=True, emoji=False)
err = TerminalConsole(stderr=True, highlight=False, soft_wrap=True, emoji=False)
log = logging.getLogger("qabot")
T = TypeVar("T")
SKIPPED_SHOWN = 10  # names listed of the files `kb sync` did not read


class _Seedable(Protocol):
    def ensure_seeded(self) -> list[ChangeResult]: ...


Seedable = TypeVar("Seedable", bound=_Seedable)


@contextmanager
def errors_to_exit() -> Iterator[None]:
    """User errors: one line and exit 1. Bugs: logged with the traceback, a short apology, exit 2."""
    try:
        yield
    except UnknownSource as error:
        err.print(f"error: {error} `qabot sources --all` lists each source's id.", markup=False)
        raise typer.Exit(1) from None
    except QabotError as error:
        err.print(f"error: {error}", markup=False)
        raise typer.Exit(1) from None
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception:
        log.exception("Unexpected error")
        err.print("Sorry, something went wrong inside qabot; the details are in the log above.", markup=False)
        raise typer.Exit(2) from None


def load_cli_settings() -> Settings:
    from bot.wiring import configure_logging, load_settings

    settings = load_settings()
    configure_logging(settings)
    return settings


def open_service(settings: Settings | None = None) -> QAService:
    from bot.wiring import build_service

    return build_service(settings or load_cli_settings())


def open_knowledge_base() -> KnowledgeBase:
    """The knowledge base alone, for listing sources: quicker to open than the service."""
    from bot.wiring import build_knowledge_base

    return build_knowledge_base(load_cli_settings())


def with_progress(label: str, work: Callable[[Callable[[int, int], None]], T]) -> T:
    """Runs `work(progress)`, showing a bar on a terminal and nothing when piped."""
    if not err.is_terminal:
        return work(lambda done, total: None)
    from rich.progress import Progress

    with Progress(console=err, transient=True) as bar:
        task = bar.add_task(label, total=None)
        return work(lambda done, total: bar.update(task, completed=done, total=total))


def seed_if_new(knowledge: Seedable) -> Seedable:
    """A knowledge base that never changed gets the bundled articles first: what `qabot sources`
    lists, and `qabot kb remove` removes, is what the bots would answer from."""
    for result in knowledge.ensure_seeded():
        err.print(result.describe(), markup=False)
    return knowledge


def prepare_for_questions(service: QAService) -> None:
    from bot.chat.startup import seed_and_load

    with_progress(
        "Loading the knowledge base",
        lambda progress: seed_and_load(service, lambda line: err.print(line, markup=False), progress),
    )


@contextmanager
def throwaway_service(settings: Settings, purpose: str) -> Iterator[QAService]:
    """A service over a new, empty knowledge base in a temporary home (SQLite), removed afterwards."""
    with tempfile.TemporaryDirectory(prefix=f"qabot-{purpose}-") as home:
        service = open_service(settings.model_copy(update={"home": Path(home), "database_url": None}))
        try:
            yield service
        finally:
            service.close()


@contextmanager
def eval_set_service(eval_set: EvalSet, settings: Settings) -> Iterator[QAService]:
    """The current knowledge base for a JSONL set; a throwaway one of its articles for SQuAD."""
    if not eval_set.documents:
        service = open_service(settings)
        try:
            yield service
        finally:
            service.close()
        return
    with throwaway_service(settings, "eval") as service:
        with_progress(
            f"Embedding {len(eval_set.documents)} articles",
            lambda progress: service.add_many(eval_set.documents, "eval", progress),
        )
        yield service


def bounded_lines(stream: TextIO, most: int) -> Iterator[str]:
    """Each line of `stream`; one over `most` characters as its first `most + 1` (too long to ask), the
    rest read past without being kept: a single line of 200 MB was held whole, and echoed back in full."""
    while line := stream.readline(most + 1):
        if len(line) > most and not line.endswith("\n"):
            while (rest := stream.readline(most)) and not rest.endswith("\n"):
                pass
        yield line


def not_read(skipped: list[Path]) -> str:
    """What `kb sync` passed over in a folder, by name (the first few)."""
    names = ", ".join(path.name + ("/" if path.is_dir() else "") for path in skipped[:SKIPPED_SHOWN])
    more = f" and {len(skipped) - SKIPPED_SHOWN} more" if len(skipped) > SKIPPED_SHOWN else ""
    return f"Not read (only Markdown, text and HTML files, not hidden ones): {names}{more}"
