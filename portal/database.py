"""Database engine settings that depend on the backend."""

from sqlalchemy import event
from sqlalchemy.engine import Engine


def sql_in(column: str, values) -> str:
    """SQL for a CHECK constraint that a column holds one of a fixed set of values."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def begin_write(session) -> None:
    """Start the session's transaction as a write transaction now.

    On SQLite a transaction that reads and then writes fails with "database is locked" when
    another writer got in between, whatever the busy timeout; BEGIN IMMEDIATE takes the write
    lock first, so concurrent writers queue instead. PostgreSQL needs nothing here.
    """
    session.rollback()
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def configure_engine_events(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        # WAL lets readers carry on during a write; busy_timeout waits rather than failing with
        # "database is locked"; SQLite ignores foreign keys unless asked.
        cursor = dbapi_connection.cursor()
        # busy_timeout first: even switching the journal mode has to wait for a busy writer.
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Erased words must not stay readable in the file's free space (and so in backups):
        # SQLite overwrites deleted content with zeros.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()
