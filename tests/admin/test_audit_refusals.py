"""Refused pages and failed sign-ins in the audit log (issue 18, point 4)."""

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.extensions import db
from tests.conftest import sign_in_as, submit_form


@pytest.mark.db
def test_a_refused_page_is_audited_with_who_and_the_path_without_its_query(client, sign_in):
    user = sign_in("outreach_adviser")
    response = client.get("/staff/admin/audit?user=1&action=view", environ_base={"REMOTE_ADDR": "192.0.2.61"})
    assert response.status_code == 403
    entry = db.session.scalars(select(AuditEvent).filter_by(action="refused")).one()
    assert (entry.user_id, entry.object_type, entry.detail, entry.remote_addr) == (
        user.id,
        "page",
        "/staff/admin/audit",
        "192.0.2.61",
    )
    assert entry.occurred_at is not None


def test_a_refused_post_keeps_nothing_but_the_refusal(client, sign_in, make_user):
    sign_in("manager")
    other = make_user()
    page = client.get("/staff/")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    assert client.post(f"/staff/admin/users/{other.id}/disable", data={"csrf_token": token}).status_code == 403
    db.session.expire_all()
    assert other.active
    assert db.session.scalars(select(AuditEvent.detail).filter_by(action="refused")).all() == [
        f"/staff/admin/users/{other.id}/disable"
    ]


@pytest.mark.db
def test_the_audit_log_shows_and_filters_refusals_and_failed_sign_ins_in_words(app, sign_in, make_user):
    known = make_user(email="known@academy.example")
    visitor = app.test_client()
    submit_form(visitor, "/staff/sign-in", {"email": "KNOWN@academy.example", "password": "not the password"})
    submit_form(visitor, "/staff/sign-in", {"email": "ghost@academy.example", "password": "not the password"})
    nosy = app.test_client()
    sign_in_as(nosy, make_user(role="academy_staff", name="Nosy Colleague"))
    nosy.get("/staff/admin/audit")

    admin = app.test_client()
    sign_in_as(admin, make_user(role="admin"))
    failed = admin.get("/staff/admin/audit?action=sign_in_failed").text
    assert "Failed sign-in" in failed
    assert "wrong password: known@academy.example" in failed and "no such account: ghost@academy.example" in failed
    assert "not the password" not in failed
    one = admin.get("/staff/admin/audit?email=Ghost@academy.example").text
    assert "no such account: ghost@academy.example" in one and "wrong password: known" not in one
    refused = admin.get("/staff/admin/audit?action=refused").text
    assert "Refused" in refused and "/staff/admin/audit" in refused and "Nosy Colleague" in refused
    assert '<option value="refused"' in refused and ">Failed sign-in</option>" in refused
    assert known.id
