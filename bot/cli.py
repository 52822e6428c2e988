"""The `qabot` command: ask questions, manage the knowledge base, run the bots.

Heavy libraries (torch, faiss, transformers) load only inside commands that need them, so
`qabot --help` and `qabot sources` start fast.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from bot.cli_support import (
    bounded_lines,
    errors_to_exit,
    not_read,
    open_knowledge_base,
    open_service,
    out,
    prepare_for_questions,
    seed_if_new,
    with_progress,
)
from bot.console import terminal_json
from index.errors import QabotError

app = typer.Typer(
    help="qabot: answers questions by quoting its sources verbatim, with attribution.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
kb_app = typer.Typer(help="Change and list the knowledge base.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")
app.add_typer(db_app, name="db")

log = logging.getLogger("qabot")


def main() -> None:
    # What qabot writes (the database with what people asked, indexes, models) is for its owner only:
    # folders 0700, files 0600.
    os.umask(0o077)
    app()


@app.command()
def ask(
    question: Annotated[
        str, typer.Argument(help="The question, or - to read one question per line from stdin.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per answer.")] = False,
) -> None:
    """Answer a question by quoting the best passage, with its source."""
    from index.search.question_text import MAX_RAW_QUESTION_CHARS
    from index.service import MAX_QUESTION_CHARS, clean_question

    with errors_to_exit():
        if question == "-":
            if not as_json:
                raise QabotError("Reading questions from stdin (-) needs --json.")
            service = open_service()
            prepare_for_questions(service)
            for line in bounded_lines(sys.stdin, MAX_RAW_QUESTION_CHARS):
                if not line.strip():
                    continue
                try:
                    payload = service.ask(line).to_json()
                except QabotError as error:
                    shown = line.rstrip("\n")[:MAX_QUESTION_CHARS]  # a refused line is named, not echoed
                    payload = {"question": shown, "answered": False, "error": str(error)}
                out.print(terminal_json(payload), markup=False)
            return
        clean_question(question)
        service = open_service()
        prepare_for_questions(service)
        answer = service.ask(question)
        if as_json:
            out.print(terminal_json(answer.to_json()), markup=False)
        else:
            from bot.console import print_answer

            print_answer(out, answer)


@app.command()
def sources(
    as_json: Annotated[bool, typer.Option("--json")] = False,
    everything: Annotated[
        bool, typer.Option("--all", help="Also the communities' own collections, each marked.")
    ] = False,
) -> None:
    """List the sources of the shared knowledge base (with --all, every community's too)."""
    from index.visibility import EVERYWHERE, SHARED_ONLY

    with errors_to_exit():
        summaries = seed_if_new(open_knowledge_base()).sources(EVERYWHERE if everything else SHARED_ONLY)
        if as_json:
            payload = [
                {
                    **s.source.to_json(), "passages": s.passages, "added_at": s.added_at.isoformat(),
                    "collection": s.collection,
                }
                for s in summaries
            ]  # fmt: skip
            out.print(terminal_json(payload, indent=2), markup=False)
        else:
            from bot.console import print_sources

            print_sources(out, summaries)


@kb_app.command("list")
def kb_list(
    as_json: Annotated[bool, typer.Option("--json")] = False,
    everything: Annotated[
        bool, typer.Option("--all", help="Also the communities' own collections, each marked.")
    ] = False,
) -> None:
    """List the sources (same as `qabot sources`)."""
    sources(as_json, everything)


@kb_app.command("add")
def kb_add(
    target: Annotated[str, typer.Argument(help="A file (.md, .txt, .html), an http(s) URL, or - for stdin.")],
    title: Annotated[str | None, typer.Option(help="Title to use instead of the document's.")] = None,
    author: Annotated[str | None, typer.Option()] = None,
    publisher: Annotated[str | None, typer.Option()] = None,
    published: Annotated[str | None, typer.Option(help="Publication date, YYYY-MM-DD.")] = None,
    url: Annotated[str | None, typer.Option(help="Link to the original.")] = None,
    source_id: Annotated[
        str | None, typer.Option("--id", help="Source id (default: from the file name).")
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Take over the id even if another file or URL added it.")
    ] = False,
) -> None:
    """Add a source to the shared knowledge base, or replace it when its content changed."""
    overrides: dict[str, Any] = {
        "title": title, "author": author, "publisher": publisher, "published": published, "url": url,
        "id": source_id,
    }  # fmt: skip
    with errors_to_exit():
        service = open_service()
        if target == "-":
            # One byte past the limit is enough to refuse: reading all of a huge pipe first held it in memory.
            data = sys.stdin.buffer.read(service.settings.max_upload_bytes + 1)
            # No file name to name it by: its front matter's id, --title, its own title or its text does,
            # as in chat. Named "stdin.md", each piped article replaced the last.
            filename = f"{title}.md" if title else "stdin"
            result = service.add_bytes(data, filename, "cli", overrides, origin="stdin", replace=replace)
        elif target.startswith(("http://", "https://")):
            result = service.add_url(target, "cli", overrides, replace=replace)
        else:
            result = service.add_path(Path(target), "cli", overrides, replace=replace)
        out.print(result.describe(), markup=False)


@kb_app.command("remove")
def kb_remove(
    source_id: Annotated[str, typer.Argument(help="The id shown by `qabot sources --all`.")],
) -> None:
    """Remove a source and its passages, from the shared knowledge base or any community's collection."""
    with errors_to_exit():
        service = seed_if_new(open_service())
        out.print(service.remove(source_id, "cli", any_collection=True).describe(), markup=False)


@kb_app.command("sync")
def kb_sync(
    folder: Annotated[
        Path | None, typer.Argument(help="Folder of articles (default: the bundled knowledge/).")
    ] = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace", help="Let a file replace a source added from elsewhere (the folder moved)."
        ),
    ] = False,
) -> None:
    """Make the knowledge base match a folder: new files added, changed replaced, deleted removed."""
    with errors_to_exit():
        service = open_service()
        results = with_progress(
            "Syncing", lambda progress: service.sync(folder, progress=progress, replace=replace)
        )
        for result in results:
            out.print(result.describe(), markup=False)
        if skipped := service.files_not_synced(folder):
            out.print(not_read(skipped), markup=False)
        if not results:
            out.print("Nothing to sync: the folder holds no Markdown, text or HTML file.", markup=False)


@app.command()
def chat() -> None:
    """An interactive console that answers the way the bots do (no token needed)."""
    from bot.console import print_answer

    with errors_to_exit():
        service = open_service()
        prepare_for_questions(service)
        titles = ", ".join(s.source.title or s.source.id for s in service.sources())
        out.print(f"Ask me about: {titles}. Empty line or Ctrl-D to quit.", markup=False)
        while True:
            try:
                question = input("? ")
            except EOFError:
                break
            if not question.strip():
                break
            try:
                print_answer(out, service.ask(question), show_alternatives=True)
            except QabotError as error:
                out.print(str(error), markup=False)
            out.print()


@app.command()
def stats(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Questions asked in chat, answered ratio, feedback, and the most frequent unanswered questions."""
    with errors_to_exit():
        result = open_service().stats()
        if as_json:
            payload = {
                "questions": result.questions,
                "answered": result.answered,
                "answered_ratio": round(result.answered_ratio, 4),
                "thumbs_up": result.thumbs_up,
                "thumbs_down": result.thumbs_down,
                "top_unanswered": [{"question": q, "count": n} for q, n in result.top_unanswered],
                "refused_changes": result.refused_changes,
                "recent_refusals": [
                    {
                        "at": r.at.isoformat(),
                        "who": r.actor,
                        "where": r.place,
                        "action": r.action,
                        "what": r.target,
                    }
                    for r in result.recent_refusals
                ],
            }
            out.print(terminal_json(payload, indent=2), markup=False)
            return
        out.print(
            f"Questions: {result.questions} · answered: {result.answered} ({result.answered_ratio:.0%}) "
            f"· 👍 {result.thumbs_up} · 👎 {result.thumbs_down}",
            markup=False,
        )
        if result.top_unanswered:
            out.print("Most frequent unanswered questions:")
            for question, count in result.top_unanswered:
                out.print(f"  {count:>4}  {question}", markup=False)
        out.print(f"Refused attempts to change the knowledge base: {result.refused_changes}", markup=False)
        for refusal in result.recent_refusals:
            line = f"  {refusal.at:%Y-%m-%d %H:%M} {refusal.actor} in {refusal.place}: "
            out.print(line + f"{refusal.action} {refusal.target}", markup=False)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database schema up to date (every other command also does it on start)."""
    from bot.cli_support import load_cli_settings
    from index.service import migrate
    from index.store.engine import make_engine, shown_url

    with errors_to_exit():
        settings = load_cli_settings()
        migrate(settings)
        where = shown_url(make_engine(settings.resolved_database_url()).url)
        out.print(f"Database schema is up to date ({where}).")


def _register_optional_commands() -> None:
    """Commands that live beside their adapters; their modules import nothing heavy at load."""
    from bot.discord_command import discord_command
    from bot.eval_command import eval_command
    from bot.telegram_command import telegram_command
    from bot.train_command import train_ranker_command

    app.command("telegram")(telegram_command)
    app.command("discord")(discord_command)
    app.command("eval")(eval_command)
    app.command("train-ranker")(train_ranker_command)


_register_optional_commands()

if __name__ == "__main__":
    main()
