"""Container health: the settings are valid and the database answers. Exit 0 when healthy, 1 when not.

Kept light on purpose (no model, no index, no migration), since it runs every 30 seconds beside a bot.
"""

from __future__ import annotations

import sys

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot.wiring import load_settings
from index.errors import QabotError
from index.store import engine as db


def main() -> int:
    try:
        settings = load_settings()
        engine = db.make_engine(settings.resolved_database_url())
    except QabotError as error:
        print(f"unhealthy: {error}", file=sys.stderr)
        return 1
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        # The class only: driver messages can quote the connection string.
        where = db.shown_url(engine.url)  # a password given as ?password= too
        print(f"unhealthy: cannot reach the database {where} ({type(error).__name__})", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
