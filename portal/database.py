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


WROTE = "portal_wrote"  # session.info key: this transaction has written (and so holds SQLite's write lock)


def begin_write(session) -> None:
    """Make sure the session's transaction may write without "database is locked".

    On SQLite a transaction that reads and then writes fails with "database is locked" when
    another writer got in between, whatever the busy timeout; BEGIN IMMEDIATE takes the write
    lock first, so concurrent writers queue instead. Only a transaction that has not written yet
    is begun again: what this request has already written (and flushed) is kept, and that
    transaction already holds the lock. PostgreSQL needs nothing here.
    """
    if session.new or session.dirty or session.deleted:
        session.flush()
    if session.info.get(WROTE):
        return
    session.rollback()
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


AFTER_COMMIT = "portal_after_commit"  # session.info key: what to do once the transaction commits


def after_commit(session, action) -> None:
    """Run ``action`` once the session's transaction commits (never if it rolls back): for what
    cannot be undone, such as removing a replaced file."""
    session.info.setdefault(AFTER_COMMIT, []).append(action)


def _run_after_commit(session) -> None:
    for action in session.info.pop(AFTER_COMMIT, ()):
        action()


def _drop_after_commit(session) -> None:
    session.info.pop(AFTER_COMMIT, None)


AT_COMMIT = "portal_at_commit"  # session.info key: rows to add as the transaction commits


def add_at_commit(session, row) -> None:
    """Add ``row`` only as the transaction commits (dropped if it rolls back). For the record of a
    read (an audit "view"): written with the request's commit, it holds SQLite's one write lock
    for the commit alone, not for the whole page while it renders."""
    session.info.setdefault(AT_COMMIT, []).append(row)


def _add_rows_at_commit(session) -> None:
    rows = session.info.pop(AT_COMMIT, None)
    if rows:
        session.add_all(rows)


def _drop_rows_at_commit(session) -> None:
    session.info.pop(AT_COMMIT, None)


def _note_write(session, _flush_context) -> None:
    session.info[WROTE] = True


def _forget_write(session, *_args) -> None:
    session.info.pop(WROTE, None)


def init_unit_of_work(app, db) -> None:
    """One unit of work per request, as Indico's operations have: services add and flush, and the
    request commits once at its end, so a service composes with others without flags. A request
    that ends in a server error commits nothing (the error handlers roll back). Commands and the
    worker's jobs are units of work of their own and commit where they finish.

    Registered before every other after-request hook so that it runs last, after those that write
    (the audit of refused pages)."""
    if not event.contains(Session, "after_flush", _note_write):
        event.listen(Session, "after_flush", _note_write)
        event.listen(Session, "after_commit", _forget_write)
        event.listen(Session, "after_rollback", _forget_write)
        event.listen(Session, "after_commit", _run_after_commit)
        event.listen(Session, "after_rollback", _drop_after_commit)
        event.listen(Session, "before_commit", _add_rows_at_commit)
        event.listen(Session, "after_rollback", _drop_rows_at_commit)

    @app.after_request
    def _commit_the_request(response):
        if not db.session.registry.has():
            return response  # the request never asked for a session (a kept page)
        session = db.session()
        if response.status_code >= 500:
            session.rollback()
        elif _has_work(session):
            session.commit()
        return response


def _has_work(session) -> bool:
    """Whether the request used the database or left something for its commit. A kept public page
    touches neither, and beginning and committing an empty transaction cost it a fifth of its time."""
    return bool(
        session.in_transaction()
        or session.new
        or session.dirty
        or session.deleted
        or session.info.get(AT_COMMIT)
        or session.info.get(AFTER_COMMIT)
    )


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
