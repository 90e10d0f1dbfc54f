"""Noticing that the SQLite file has been deleted or replaced under a running portal.

Open connections keep writing to a deleted file, which nobody will ever read again, and a new
connection would quietly create an empty database. So the portal never creates a database
outside ``flask db upgrade`` (connections open the file with ``mode=rw``), remembers which file
(device and inode) it opened first, and before every request and every commit checks that the
file at that path is still the same one. If not, it answers 503 with a plain page that needs no
database, and says so in the log, until the file is put back and the workers are restarted.
"""

import os
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app, has_app_context, render_template, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from werkzeug.exceptions import ServiceUnavailable

# Requests that never touch the database.
NO_DATABASE = {"static", "main.nhsuk_assets", "main.healthz"}
_creating = {"allowed": False}


class DatabaseFileGone(ServiceUnavailable):
    """The database file is missing or is not the one the portal opened."""


@contextmanager
def creating_allowed():
    """Within this block (``flask db upgrade``), a missing SQLite file may be created."""
    before = _creating["allowed"]
    _creating["allowed"] = True
    try:
        yield
    finally:
        _creating["allowed"] = before


class DatabaseFile:
    def __init__(self, path: str, may_create: bool):
        self.path = str(Path(path).absolute())
        self.may_create = may_create
        self.identity: tuple[int, int] | None = None

    def _stat(self) -> tuple[int, int] | None:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return None
        return stat.st_dev, stat.st_ino

    def opened(self) -> None:
        if self.identity is None:
            self.identity = self._stat()

    def problem(self) -> str | None:
        """None while the file is the one first opened; else "missing" or "replaced"."""
        now = self._stat()
        if now is None:
            return "missing" if self.identity is not None or not self.may_create else None
        if self.identity is not None and now != self.identity:
            return "replaced"
        return None


def _database_file(app) -> "DatabaseFile | None":
    return app.extensions.get("database_file")


def check(app) -> str | None:
    """The problem with the database file, logged, or None."""
    watched = _database_file(app)
    problem = watched.problem() if watched else None
    if problem:
        # The path is configuration, not personal data.
        app.logger.error(
            "database file %s is %s since the portal started: refusing requests; put it back (flask restore) "
            "and restart the portal",
            watched.path,
            problem,
        )
    return problem


def watch(app: Flask, engine: Engine) -> None:
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return
    if engine.url.query.get("uri"):
        return
    watched = DatabaseFile(engine.url.database, app.config.get("SQLITE_CREATE_DATABASE", False))
    app.extensions["database_file"] = watched

    @event.listens_for(engine, "do_connect")
    def _open_existing_only(_dialect, _record, cargs, cparams):
        if watched.may_create or _creating["allowed"]:
            return
        cargs[:] = [Path(watched.path).as_uri() + "?mode=rw"]
        cparams["uri"] = True

    @event.listens_for(engine, "connect")
    def _remember(_dbapi_connection, _record):
        watched.opened()

    @app.before_request
    def _refuse_when_gone():
        if request.endpoint not in NO_DATABASE and check(app):
            raise DatabaseFileGone()

    @app.errorhandler(DatabaseFileGone)
    def _unavailable(_error):
        return render_template("errors/unavailable.html"), 503


@event.listens_for(Session, "before_commit")
def _refuse_commit_when_gone(_session):
    if has_app_context() and _database_file(current_app) and check(current_app):
        raise DatabaseFileGone()
