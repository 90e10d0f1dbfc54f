"""`flask db upgrade` from an empty database gives exactly the schema the models describe."""

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from portal import create_app
from portal.extensions import db
from tests.conftest import POSTGRES_URL


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrated.db'}"
        return
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL is not available: run the suite with scripts/test.sh")
    name = f"migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
    admin.dispose()


def test_upgrade_from_empty_matches_the_models(empty_database):
    app = create_app({"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == [], f"models and migrations disagree: {differences}"
        assert "pipeline_events" in inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_migrations_install_the_append_only_guard(empty_database):
    app = create_app({"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade()
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO people (person_ref, first_name, last_name, route) VALUES ('R1', 'A', 'B', 'in_education')"
                )
            )
            connection.execute(
                text("INSERT INTO pipeline_events (person_id, stage, occurred_on) VALUES (1, 'engaged', '2026-01-01')")
            )
        with pytest.raises(Exception, match="append-only"), db.engine.begin() as connection:
            connection.execute(text("UPDATE pipeline_events SET stage = 'employed'"))
        db.engine.dispose()


def test_downgrade_to_empty_and_back(empty_database):
    app = create_app({"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert "people" in inspect(db.engine).get_table_names()
        db.engine.dispose()
