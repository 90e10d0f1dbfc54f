"""The SQLite file deleted or replaced under a running portal: /healthz and every page answer 503
(a plain page that needs no database), writes are refused rather than lost, the log says why
without personal data, and no empty database is ever created outside `flask db upgrade`."""

import logging
import shutil

import pytest
from sqlalchemy import func, select

from portal import create_app
from portal.database_file import DatabaseFileGone
from portal.extensions import db
from portal.pipeline.models import Person
from tests.conftest import check_page
from tests.factories import PersonFactory


def make_database(path):
    app = create_app({"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        db.create_all()
        db.engine.dispose()


def portal(path):
    """A portal as it runs in production: it may not create its database."""
    return create_app(
        {"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SQLITE_CREATE_DATABASE": False}
    )


def remove(path):
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


@pytest.fixture
def running(tmp_path):
    path = tmp_path / "portal.db"
    make_database(path)
    app = portal(path)
    client = app.test_client()
    assert client.get("/healthz").json == {"status": "ok", "database": "up"}
    assert client.get("/").status_code == 200
    yield app, client, path
    with app.app_context():
        db.engine.dispose()


def test_a_deleted_database_file_is_503_everywhere_and_is_not_recreated(running, caplog):
    app, client, path = running
    with app.app_context():
        PersonFactory(first_name="Zeynep")
        db.session.commit()
    remove(path)
    caplog.set_level(logging.ERROR)
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json["database"] == "missing"
    page = client.get("/opportunities/")
    assert page.status_code == 503
    html = page.get_data(as_text=True)
    check_page(html, csrf=False)
    assert "Sorry, the service is unavailable" in html and "Traceback" not in html and "sqlite" not in html.lower()
    assert client.get("/staff/sign-in").status_code == 503
    assert not path.exists()
    assert "database file" in caplog.text and "missing" in caplog.text and "Zeynep" not in caplog.text


def test_writes_on_a_deleted_file_are_refused_not_lost(running):
    app, _client, path = running
    with app.app_context():
        db.session.scalar(select(func.count()).select_from(Person))  # a pooled connection holds the file open
        remove(path)
        with pytest.raises(DatabaseFileGone):
            db.session.add(Person(person_ref="LOST-1", first_name="Lost", last_name="Write", route="career_changer"))
            db.session.commit()
        db.session.rollback()
    assert not path.exists()


def test_a_replaced_database_file_is_503(running, tmp_path):
    app, client, path = running
    other = tmp_path / "other.db"
    make_database(other)
    remove(path)
    shutil.copy(other, path)
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json["database"] == "replaced"
    assert client.get("/").status_code == 503


def test_the_portal_never_creates_a_missing_database(tmp_path):
    path = tmp_path / "never-made.db"
    client = portal(path).test_client()
    assert client.get("/healthz").status_code == 503
    assert client.get("/careers/").status_code == 503
    assert not path.exists()


def test_flask_db_upgrade_creates_the_database(tmp_path):
    path = tmp_path / "new.db"
    app = portal(path)
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert path.exists()
    assert app.test_client().get("/healthz").json == {"status": "ok", "database": "up"}
