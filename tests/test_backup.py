"""`flask backup` and `flask restore` for SQLite: online-safe copies that pass the integrity check."""

import sqlite3
import threading
import time

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from portal import create_app
from portal.extensions import db


@pytest.fixture
def migrated(tmp_path):
    database = tmp_path / "portal.db"
    app = create_app({"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    with app.app_context():
        upgrade()
        yield app, database
        db.session.remove()
        db.engine.dispose()


def count(path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM organisations").fetchone()[0]


def test_backup_while_the_portal_writes(migrated, tmp_path):
    app, database = migrated
    stop = threading.Event()
    written = []

    def writer():
        connection = sqlite3.connect(database, timeout=30)
        connection.execute("PRAGMA journal_mode=WAL")
        n = 0
        while not stop.is_set():
            connection.execute("INSERT INTO organisations (name, kind) VALUES (?, 'other')", (f"Org {n}",))
            connection.commit()
            written.append(n)
            n += 1
        connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    time.sleep(0.3)
    target = tmp_path / "copy.db"
    result = app.test_cli_runner().invoke(args=["backup", "--to", str(target)])
    before_stop = len(written)
    stop.set()
    thread.join()
    assert result.exit_code == 0, result.output
    assert "integrity check ok" in result.output
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # A consistent snapshot taken while writing went on: some rows, never more than were written.
    assert 0 < count(target) <= before_stop


def test_backup_by_default_goes_to_instance_backups(migrated):
    app, _database = migrated
    result = app.test_cli_runner().invoke(args=["backup"])
    assert result.exit_code == 0, result.output
    assert "/backups/portal-" in result.output


def test_restore_brings_back_the_backup_and_keeps_a_safety_copy(migrated, tmp_path):
    app, database = migrated
    runner = app.test_cli_runner()
    db.session.execute(text("INSERT INTO organisations (name, kind) VALUES ('Kept', 'other')"))
    db.session.commit()
    target = tmp_path / "before.db"
    assert runner.invoke(args=["backup", "--to", str(target)]).exit_code == 0
    db.session.execute(text("INSERT INTO organisations (name, kind) VALUES ('Added after', 'other')"))
    db.session.commit()

    result = runner.invoke(args=["restore", str(target)], input="y\n")
    assert result.exit_code == 0, result.output
    names = db.session.execute(text("SELECT name FROM organisations")).scalars().all()
    assert names == ["Kept"]
    safety = list(tmp_path.glob("portal-before-restore-*.db"))
    assert len(safety) == 1 and count(safety[0]) == 2
    # The portal carries on with the restored data.
    assert app.test_client().get("/healthz").status_code == 200


def test_restore_refuses_what_is_not_a_portal_backup(migrated, tmp_path):
    app, _database = migrated
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    result = app.test_cli_runner().invoke(args=["restore", str(junk), "--yes"])
    assert result.exit_code != 0 and "not a SQLite database" in result.output
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).execute("CREATE TABLE t (x)").connection.close()
    result = app.test_cli_runner().invoke(args=["restore", str(empty), "--yes"])
    assert result.exit_code != 0 and "not a portal database" in result.output


def test_backup_on_postgresql_points_to_pg_dump(tmp_path):
    app = create_app({"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u@localhost/portal"})
    result = app.test_cli_runner().invoke(args=["backup"])
    assert result.exit_code != 0 and "pg_dump" in result.output
