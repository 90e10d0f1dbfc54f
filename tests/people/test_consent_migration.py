"""The migration that made consent a history turns each person's consent so far into rows."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from portal import create_app
from portal.extensions import db
from tests.test_migrations import empty_database  # noqa: F401 - the fixture (SQLite and PostgreSQL)

REVISION = "7f3b9d1c5e20"


def test_existing_consent_becomes_the_first_rows_of_each_history(empty_database):  # noqa: F811
    app = create_app({"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade()
        downgrade(revision=f"{REVISION}-1")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO people (person_ref, first_name, last_name, route, source, consent_date, consent_version) "
                    "VALUES ('R1', 'A', 'B', 'in_education', 'school_session', '2025-01-10', '2024-09'), "
                    "('R2', 'C', 'D', 'seldom_heard', 'website', '2026-11-20', '2026-11'), "
                    "('R3', 'E', 'F', 'career_changer', NULL, NULL, NULL)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO intakes (reference, kind, status, received_on, first_name, last_name, answers, "
                    "consent_version, consent_how, candidate_ids, fields_taken, person_id) VALUES "
                    "('REF-1', 'adviser_request', 'created', '2026-11-20', 'C', 'D', '{}', '2026-11', 'web_form', "
                    "'[]', '[]', (SELECT id FROM people WHERE person_ref = 'R2'))"
                )
            )
        upgrade(revision=REVISION)
        with db.engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT p.person_ref, c.given_on, c.version, c.how, c.intake_id IS NOT NULL, c.withdrawn_on "
                    "FROM consents c JOIN people p ON p.id = c.person_id ORDER BY p.person_ref"
                )
            ).all()
        assert [(ref, str(given), version, how, from_intake, withdrawn) for ref, given, version, how, from_intake, withdrawn in rows] == [
            ("R1", "2025-01-10", "2024-09", "school_sign_up", False, None),
            ("R2", "2026-11-20", "2026-11", "web_form", True, None),
        ]  # fmt: skip
        downgrade(revision=f"{REVISION}-1")
        upgrade()
        db.engine.dispose()
