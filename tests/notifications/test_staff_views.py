"""Staff see what was sent: the person page, the Messages page and retrying a failed message."""

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.notifications import messages
from portal.notifications.models import Message
from tests.conftest import csrf_token_from
from tests.factories import PersonFactory


def _message_to(person, kind="application_received", status="kept"):
    message = messages.application_received(person.email, "en", person.first_name, "APP-9", "http://localhost/l",
                                            person_id=person.id)  # fmt: skip
    message.status, message.kind = status, kind
    db.session.commit()
    return message


@pytest.mark.parametrize(
    ("role", "reads_words"),
    [("admin", True), ("academy_staff", True), ("manager", True), ("outreach_adviser", False)],
)
def test_the_person_page_lists_messages_and_shows_the_words_only_to_roles_that_may_read_them(
    client, sign_in, role, reads_words
):
    person = PersonFactory()
    message = _message_to(person)
    sign_in(role)
    page = client.get(f"/staff/people/{person.person_ref}")
    assert page.status_code == 200
    assert "Emails and text messages sent to this person" in page.text
    assert ("We have your application APP-9" in page.text) is reads_words
    detail = client.get(f"/staff/messages/{message.id}")
    assert detail.status_code == 200
    assert ("Thank you for your application." in detail.text) is reads_words


def test_admins_see_failed_messages_and_retry_them(client, sign_in, app):
    person = PersonFactory()
    message = _message_to(person, status="failed")
    message.last_error = "SMTPDataError 451"
    db.session.commit()
    sign_in("admin")
    pending = app.extensions["portal_queue"].huey.pending_count()
    page = client.get("/staff/messages/?status=failed")
    assert "SMTPDataError 451" in page.text and "Retry" in page.text
    response = client.post(f"/staff/messages/{message.id}/retry", data={"csrf_token": csrf_token_from(page.text)})
    assert response.status_code == 302
    db.session.refresh(message)
    assert (message.status, message.attempts) == ("queued", 0)
    assert app.extensions["portal_queue"].huey.pending_count() == pending + 1


def test_only_admins_may_retry(client, sign_in):
    message = _message_to(PersonFactory(), status="failed")
    sign_in("academy_staff")
    page = client.get("/staff/messages/")
    assert page.status_code == 200
    response = client.post(f"/staff/messages/{message.id}/retry", data={"csrf_token": csrf_token_from(page.text)})
    assert response.status_code == 403
    assert db.session.scalar(select(Message.status)) == "failed"


def test_a_live_way_back_in_link_is_masked_for_staff(client, sign_in):
    from portal.notifications.links import new_return_link

    person = PersonFactory()
    link = new_return_link(person)
    message = messages.return_link(person.email, "en", person.first_name, link, days=7, person_id=person.id)
    db.session.commit()
    token = link.rsplit("/", 1)[1]
    sign_in("admin")
    page = client.get(f"/staff/messages/{message.id}")
    assert "Use this link to see your applications" in page.text
    assert token not in page.text and "/my-applications/…" in page.text


def test_messages_are_listed_in_words_not_codes(client, sign_in):
    person = PersonFactory()
    _message_to(person, kind="application_shortlisted", status="kept")
    sign_in("admin")
    page = client.get("/staff/messages/")
    assert page.status_code == 200
    assert "Application shortlisted" in page.text and "Kept here, not sent" in page.text
    assert "Email · English" in page.text
    assert ">application_shortlisted<" not in page.text and ">kept<" not in page.text
    assert ">Waiting to be sent</a>" in page.text  # the status filters, in words too
    arabic = client.get("/staff/messages/?lang=ar")
    assert "Application shortlisted" not in arabic.text and "Kept here, not sent" not in arabic.text
