"""After someone withdraws their consent nobody contacts them: the outbox neither queues nor sends
a message to them (checked at both ends), their way back in still answers them, and the person
can withdraw themselves from the way back in."""

import re

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.notifications import messages, notify, outbox
from portal.notifications.links import new_return_link
from portal.notifications.models import Message
from portal.people import consent
from portal.people.consent import Consent
from tests.conftest import submit_form
from tests.factories import PersonFactory
from tests.notifications.conftest import burst
from tests.notifications.helpers import make_application


def _queue_status_message(application):
    application.status = "shortlisted"
    message = notify.application_status_changed(application)
    db.session.commit()
    return message


@pytest.mark.db
def test_withdrawal_stops_a_queued_message_being_sent(mail_app, smtp_server):
    application = make_application(email="amira@example.org")
    message = _queue_status_message(application)
    assert message is not None and message.status == "queued"
    consent.withdraw(application.person, how="staff_on_their_word")
    db.session.commit()
    burst(mail_app)
    db.session.refresh(message)
    assert message.status == "failed" and message.last_error == outbox.NOT_CONTACTED
    assert smtp_server.messages == []


def test_a_message_queued_before_the_withdrawal_is_stopped_at_the_moment_of_sending(mail_app, smtp_server):
    application = make_application(email="amira@example.org")
    message = _queue_status_message(application)
    # The withdrawal written without its announcement (another process, a restore): the worker still asks.
    db.session.add(
        Consent(person_id=application.person_id, given_on=application.submitted_at.date(), how="web_form",
                withdrawn_on=application.submitted_at.date(), withdrawn_how="way_back_in")
    )  # fmt: skip
    db.session.commit()
    assert outbox.deliver(message.id, channel=None, reschedule=None) == "withheld"
    db.session.refresh(message)
    assert message.status == "failed" and message.last_error == outbox.NOT_CONTACTED
    assert smtp_server.messages == []


def test_nothing_is_queued_for_someone_who_withdrew_but_the_link_they_ask_for_still_goes(client):
    application = make_application(email="amira@example.org")
    consent.withdraw(application.person, how="way_back_in")
    db.session.commit()
    assert _queue_status_message(application) is None
    # The same rule for every builder of a message to a person: it lives in messages._queue.
    assert messages.adviser_assigned(
        "amira@example.org", "en", "Amira", adviser_name="Sam", link="x", person_id=application.person_id
    ) is None  # fmt: skip
    submit_form(client, "/my-applications", {"email": "amira@example.org"})
    assert db.session.scalars(select(Message.kind)).all() == ["return_link"]


def _open(client, person):
    link = new_return_link(person)
    db.session.commit()
    assert client.get(re.sub(r"^http://localhost", "", link)).status_code == 302


def _token(html):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


@pytest.mark.db
def test_the_person_withdraws_through_the_way_back_in(client):
    application = make_application(email="amira@example.org")
    person = application.person
    consent.give(person, given_on=application.submitted_at.date(), version="2026-11", how="web_form")
    waiting = _queue_status_message(application)
    _open(client, person)
    page = client.get("/my-applications/yours").text
    assert 'href="/my-applications/yours/withdraw-consent"' in page
    confirm = client.get("/my-applications/yours/withdraw-consent")
    assert confirm.status_code == 200 and "Withdraw my consent" in confirm.text
    assert consent.may_contact(person)  # looking is not withdrawing
    done = client.post("/my-applications/yours/withdraw-consent", data={"csrf_token": _token(confirm.text)})
    assert done.status_code == 302 and done.headers["Location"] == "/my-applications/yours/withdraw-consent"
    db.session.expire_all()
    [row] = consent.history(person)
    assert row.withdrawn_how == "way_back_in" and row.withdrawn_by_id is None
    assert not consent.may_contact(person)
    assert db.session.get(Message, waiting.id).status == "failed"
    audited = db.session.scalar(select(AuditEvent).where(AuditEvent.object_type == "consent"))
    assert (audited.object_id, audited.detail) == (person.person_ref, "withdrawn (way_back_in)")
    after = client.get(done.headers["Location"]).text
    assert "Your consent is withdrawn" in after and "Withdraw my consent" not in after
    assert db.session.get(type(application), application.id).status == "shortlisted"  # applications stay


def test_the_withdrawal_page_needs_the_way_back_in_and_its_token(client):
    person = PersonFactory()
    assert client.get("/my-applications/yours/withdraw-consent").headers["Location"] == "/my-applications"
    _open(client, person)
    assert client.post("/my-applications/yours/withdraw-consent", data={}).status_code == 400
    assert consent.may_contact(person)


def test_the_applications_export_counts_them_but_leaves_their_name_out(client, sign_in):
    make_application(first_name="Nadia", last_name="Rahimi")
    unnamed = make_application(first_name="Amira", last_name="Haddad")
    consent.withdraw(unnamed.person, how="staff_on_their_word")
    db.session.commit()
    sign_in("academy_staff")
    text = client.get("/staff/opportunities/applications/export.csv").get_data(as_text=True)
    assert "Nadia" in text and "Amira" not in text and "Haddad" not in text
    assert unnamed.reference in text and unnamed.person.person_ref in text


def test_the_applications_inbox_says_who_may_not_be_contacted(client, sign_in):
    make_application(first_name="Nadia")
    unnamed = make_application(first_name="Amira")
    consent.withdraw(unnamed.person, how="staff_on_their_word")
    db.session.commit()
    sign_in("academy_staff")
    page = client.get("/staff/opportunities/applications").text
    assert page.count("Do not contact: consent withdrawn") == 1
