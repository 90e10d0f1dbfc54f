"""Database engine settings that depend on the backend."""

from sqlalchemy import event
from sqlalchemy.engine import Engine


def sql_in(column: str, values) -> str:
    """SQL for a CHECK constraint that a column holds one of a fixed set of values."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def configure_engine_events(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        # WAL lets readers carry on during a write; busy_timeout waits rather than failing with
        # "database is locked"; SQLite ignores foreign keys unless asked.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
