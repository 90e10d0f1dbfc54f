"""Database engine settings that depend on the backend."""

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session


def sql_in(column: str, values) -> str:
    """SQL for a CHECK constraint that a column holds one of a fixed set of values."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def append_only(model: type, error: type[Exception], message: str) -> None:
    """Refuse, at flush, any change to or deletion of a ``model`` row: a correction is a new row.
    (The database refuses too, by triggers the migrations create, so raw SQL cannot either.)"""

    @event.listens_for(Session, "before_flush")
    def _refuse_changes(session, _flush_context, _instances):
        for obj in list(session.dirty) + list(session.deleted):
            if isinstance(obj, model) and (obj in session.deleted or session.is_modified(obj)):
                raise error(message)


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
