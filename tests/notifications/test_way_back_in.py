"""The public's way back in: ask by email, open the link once, see, withdraw, ask for a copy."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.notifications.links import new_return_link
from portal.notifications.models import Message, ReturnLink
from portal.opportunities.models import ApplicationStatusChange
from portal.pipeline.models import PipelineEvent
from tests.conftest import submit_form
from tests.factories import PersonFactory, UserFactory
from tests.notifications.helpers import make_application


def _path(link: str) -> str:
    return re.sub(r"^http://localhost", "", link)


def _open(client, person):
    link = new_return_link(person)
    db.session.commit()
    response = client.get(_path(link))
    assert response.status_code == 302
    return link


def test_asking_for_a_link_answers_the_same_whether_or_not_the_address_is_known(client):
    person = PersonFactory(email="Known@Example.com", preferred_language="prs")
    known = submit_form(client, "/my-applications", {"email": "known@example.com"})
    unknown = submit_form(client, "/my-applications", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    [message] = db.session.scalars(select(Message)).all()
    assert message.to_address == "Known@Example.com" and message.language == "prs"
    assert message.kind == "return_link" and message.to_person_id == person.id
    assert "/my-applications/" in message.body_text
    page = client.get(known.headers["Location"])
    assert "If we have your email address" in page.text
    assert "academy@example.nhs.uk" in page.text  # the academy's contact details, from configuration


def test_a_badly_typed_address_is_named_next_to_the_field(client):
    response = submit_form(client, "/my-applications", {"email": "not an address"})
    assert response.status_code == 200
    assert "Enter an email address in the correct format" in response.text
    assert db.session.scalar(select(Message.id)) is None


@pytest.mark.db
def test_the_link_works_once_then_the_page_is_open_for_a_while(client):
    application = make_application()
    link = _open(client, application.person)
    page = client.get("/my-applications/yours")
    assert application.reference in page.text and "Submitted" in page.text
    again = client.get(_path(link))
    assert again.status_code == 404 and "expired or has been used" in again.text


def test_an_expired_or_unknown_link_opens_nothing(client):
    person = PersonFactory()
    link = new_return_link(person)
    db.session.execute(update(ReturnLink).values(expires_at=ReturnLink.expires_at - timedelta(days=8)))
    db.session.commit()
    assert client.get(_path(link)).status_code == 404
    assert client.get("/my-applications/not-a-token").status_code == 404
    assert client.get("/my-applications/yours").headers["Location"] == "/my-applications"


def test_only_a_hash_of_the_token_is_kept(client):
    person = PersonFactory()
    token = new_return_link(person).rsplit("/", 1)[1]
    db.session.commit()
    assert token not in db.session.scalar(select(ReturnLink.token_hash))


@pytest.mark.db
def test_withdrawing_goes_through_the_workflow_and_tells_the_person(client):
    application = make_application(status="shortlisted")
    _open(client, application.person)
    page = client.get("/my-applications/yours")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    response = client.post(f"/my-applications/yours/applications/{application.id}/withdraw", data={"csrf_token": token})
    assert response.status_code == 302
    db.session.refresh(application)
    assert application.status == "withdrawn"
    change = db.session.scalars(select(ApplicationStatusChange).order_by(ApplicationStatusChange.id.desc())).first()
    assert (change.to_status, change.changed_by_id) == ("withdrawn", None)
    assert db.session.scalar(select(PipelineEvent.stage).where(PipelineEvent.person_id == application.person_id)) == (
        "withdrawn"
    )
    assert "application_withdrawn" in db.session.scalars(select(Message.kind)).all()
    assert "has been withdrawn" in client.get("/my-applications/yours").text


def test_no_one_can_withdraw_someone_elses_application(client):
    mine = make_application()
    theirs = make_application()
    _open(client, mine.person)
    page = client.get("/my-applications/yours")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    response = client.post(f"/my-applications/yours/applications/{theirs.id}/withdraw", data={"csrf_token": token})
    assert response.status_code == 404
    db.session.refresh(theirs)
    assert theirs.status == "submitted"


def test_asking_for_a_copy_of_the_data_tells_the_admins_and_is_audited(client):
    admin = UserFactory(role="admin")
    person = PersonFactory()
    _open(client, person)
    page = client.get("/my-applications/yours")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    assert client.post("/my-applications/yours/copy-of-my-data", data={"csrf_token": token}).status_code == 302
    [message] = db.session.scalars(select(Message).where(Message.kind == "data_request")).all()
    assert message.to_user_id == admin.id and person.person_ref in message.subject
    assert db.session.scalar(
        select(AuditEvent.id).where(AuditEvent.action == "subject_access", AuditEvent.object_id == person.person_ref)
    )


def test_the_page_shows_the_adviser_request_and_who_the_adviser_is(client):
    from portal.outreach import services

    adviser = UserFactory(role="outreach_adviser", name="Sam Adviser")
    referral = services.refer_self(
        {"first_name": "Nadia", "last_name": "K", "email": "nadia@example.com", "route": "seldom_heard"},
        consent_version="2026-11",
    )
    services.open_case(referral, adviser, restricted=False, user=UserFactory(role="manager"))
    _open(client, referral.person)
    page = client.get("/my-applications/yours")
    assert "Your adviser is Sam Adviser" in page.text


def test_a_person_with_a_phone_can_choose_text_messages(client):
    from portal.notifications import notify

    application = make_application(phone="07700 900456")
    _open(client, application.person)
    page = client.get("/my-applications/yours")
    assert "How should we tell you about your applications?" in page.text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    response = client.post("/my-applications/yours/contact-by", data={"csrf_token": token, "contact_by": "sms"})
    assert response.status_code == 302
    db.session.refresh(application.person)
    assert application.person.contact_by == "sms"
    application.status = "offered"
    message = notify.application_status_changed(application)
    assert (message.channel, message.to_address) == ("sms", "07700 900456")
    assert message.body_html == ""


def test_no_phone_no_choice_of_text_messages(client):
    application = make_application(phone=None)
    _open(client, application.person)
    assert "How should we tell you" not in client.get("/my-applications/yours").text
