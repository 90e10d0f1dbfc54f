"""The audit log: every view, export and change of a person recorded with the client address;
append-only in the ORM and in the database; searched and exported by administrators."""

import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from portal.audit import services as audit
from portal.audit.models import AuditAppendOnlyError, AuditEvent
from portal.extensions import db
from portal.opportunities import services as opportunities
from tests.factories import OpportunityFactory, PersonFactory

CLIENT = {"REMOTE_ADDR": "192.0.2.44"}


def person_audit(person_ref):
    return db.session.execute(
        select(AuditEvent.action, AuditEvent.detail, AuditEvent.remote_addr, AuditEvent.user_id).filter_by(
            object_type="person", object_id=person_ref
        )
    ).all()


def apply(first_name="Amira"):
    opportunity = OpportunityFactory()
    details = {
        "first_name": first_name,
        "last_name": "Haddad",
        "email": f"{first_name}@example.com",
        "route": "career_changer",
    }
    return opportunities.apply(opportunity.id, details, consent_version="2026-11")


def test_viewing_a_person_is_audited_with_who_and_the_client_address(client, sign_in):
    user = sign_in("manager")
    person = PersonFactory()
    client.get(f"/staff/people/{person.person_ref}", environ_base=CLIENT)
    assert ("view", None, "192.0.2.44", user.id) in person_audit(person.person_ref)


def test_viewing_an_application_is_audited_as_seeing_the_person(client, sign_in):
    user = sign_in("academy_staff")
    application = apply()
    client.get(f"/staff/opportunities/applications/{application.id}", environ_base=CLIENT)
    assert ("view", "application", "192.0.2.44", user.id) in person_audit(application.person.person_ref)


def test_exports_audit_each_person_exported(client, sign_in):
    sign_in("academy_staff")
    first, second = apply("Amira"), apply("Bilal")
    client.get("/staff/opportunities/applications/export.csv", environ_base=CLIENT)
    for application in (first, second):
        assert person_audit(application.person.person_ref)[-1][:2] == ("export", "applications export")


@pytest.mark.db
def test_the_audit_log_cannot_be_changed_or_deleted(app, backend):
    entry = audit.record("view", "person", "HCA-TEST")
    db.session.commit()
    entry.detail = "rewritten"
    with pytest.raises(AuditAppendOnlyError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, entry.id))
    with pytest.raises(AuditAppendOnlyError):
        db.session.commit()
    db.session.rollback()
    for statement in ("UPDATE audit_events SET detail = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(DatabaseError):
            db.session.execute(text(statement))
        db.session.rollback()
    assert db.session.scalar(select(AuditEvent.detail).filter_by(id=entry.id)) is None


def test_admin_searches_by_who_action_record_and_date(client, sign_in, make_user):
    admin = sign_in("admin")
    other = make_user(role="manager", name="Maya Manager")
    audit.record("view", "person", "HCA-AAAA1111", user=other)
    audit.record("export", "person", "HCA-BBBB2222", user=other)
    audit.record("view", "person", "HCA-CCCC3333", user=admin)
    db.session.commit()

    html = client.get("/staff/admin/audit").text
    assert "HCA-AAAA1111" in html and "HCA-CCCC3333" in html and "Maya Manager" in html

    html = client.get(f"/staff/admin/audit?user={other.id}&action=view").text
    assert "HCA-AAAA1111" in html and "HCA-BBBB2222" not in html and "HCA-CCCC3333" not in html

    html = client.get("/staff/admin/audit?object_type=person&object_id=HCA-BBBB2222").text
    assert "HCA-BBBB2222" in html and "HCA-AAAA1111" not in html and "1 entry" in html

    tomorrow = date.today() + timedelta(days=1)
    html = client.get(
        f"/staff/admin/audit?start[day]={tomorrow.day}&start[month]={tomorrow.month}&start[year]={tomorrow.year}"
    ).text
    assert "The start of the period must be today or in the past" in html
    yesterday = date.today() - timedelta(days=1)
    html = client.get(
        f"/staff/admin/audit?end[day]={yesterday.day}&end[month]={yesterday.month}&end[year]={yesterday.year}"
    ).text
    assert "HCA-AAAA1111" not in html and "0 entries" in html


def test_admin_exports_the_audit_log_as_defused_csv(client, sign_in):
    sign_in("admin")
    audit.record("update", "person", "HCA-DDDD4444", detail='=HYPERLINK("http://evil.example")')
    db.session.commit()
    response = client.get("/staff/admin/audit/export.csv?object_id=HCA-DDDD4444", environ_base=CLIENT)
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == audit.CSV_HEADER
    assert len(rows) == 2 and rows[1][6].startswith("'=HYPERLINK")
    exported = db.session.scalars(select(AuditEvent).filter_by(action="export", object_type="audit_log")).one()
    assert exported.remote_addr == "192.0.2.44"


def test_audit_log_paginates(client, sign_in):
    sign_in("admin")
    for n in range(60):
        audit.record("view", "person", f"HCA-{n:08d}")
    db.session.commit()
    first = client.get("/staff/admin/audit").text
    assert "page=2" in first
    assert client.get("/staff/admin/audit?page=2").status_code == 200


@pytest.mark.parametrize("role", ["manager", "academy_staff", "outreach_adviser"])
def test_only_administrators_see_the_audit_log(client, sign_in, role):
    sign_in(role)
    assert client.get("/staff/admin/audit").status_code == 403
    assert client.get("/staff/admin/audit/export.csv").status_code == 403
