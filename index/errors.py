"""Errors whose message is meant for the person using qabot.

Anything raised as a `QabotError` is shown to the user as it is (CLI, Telegram, Discord);
every other exception is a bug: adapters log it with its traceback and apologise, except the
database being unreachable or too slow (`is_storage_outage`), which is no bug and has its own message.
"""

SOURCES_UNREACHABLE = "I can't reach my sources right now. Please try again in a minute."


class QabotError(Exception):
    """An error the user caused or can fix; `str(error)` is the message to show them."""


class BadQuestion(QabotError):
    pass


class UnknownSource(QabotError):
    """No source has the id given; each front end says where the ids are listed."""


class BadDocument(QabotError):
    """A file, upload or page that cannot become a source: empty, binary, not UTF-8, bad front matter."""


class FetchError(QabotError):
    """A URL that could not be fetched, or that qabot refuses to fetch."""


class StorageFull(QabotError):
    """The database cannot be written: the disk is full, or the database or its folder is read-only."""


class StorageUnavailable(QabotError):
    """The database cannot be reached, or did not answer in time: nothing can be quoted meanwhile."""


def is_storage_outage(error: BaseException) -> bool:
    """Whether `error` means the database is down, unreachable, locked or past a time limit (not a bug:
    the person is told `SOURCES_UNREACHABLE`, and it passes when the database is back)."""
    # Imported here: every command imports this module, and SQLAlchemy alone took `qabot --help`
    # from 0.1 to 0.25 s.
    from sqlalchemy.exc import InterfaceError, OperationalError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    return isinstance(error, OperationalError | InterfaceError | PoolTimeout)


class NotAllowed(QabotError):
    """The person may not do this (e.g. change the knowledge base without being a moderator)."""


class CollectionFull(NotAllowed):
    """A community's collection would hold more sources or passages than the deployment allows."""


def shown(value: str, limit: int = 80) -> str:
    """`value` as an error message quotes what was typed: in quotes, and cut to `limit` characters, so
    an error about a 4,000-character argument stays a readable message."""
    quoted = repr(value[: limit + 1])  # escapes ("\\u200b") can make it six times as long
    return quoted if len(quoted) <= limit else quoted[: limit - 1] + "…"
