"""Staff account emails through a real SMTP server: invitations, "Forgotten your password?", the
administrator's password reset and the two-factor reset confirmation. Links are signed, single
use and expire; the forgotten-password form answers the same for any address and is limited."""

import re

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.auth.models import User
from portal.extensions import db
from portal.notifications.models import Message
from tests.conftest import csrf_token_from, sign_in_as, submit_form
from tests.notifications.conftest import burst, parts
from tests.test_security import limited_app  # noqa: F401 (a fixture)

LINK = re.compile(r"http://localhost(/staff/set-password/[\w.-]+)")
NEW_PASSWORD = "seven tidy lanterns by the canal"


@pytest.fixture
def admin(mail_app, make_user):
    client = mail_app.test_client()
    user = make_user(role="admin", name="Ada Admin")
    assert sign_in_as(client, user).status_code == 302
    return client


def emails_to(inbox, address):
    return [m["message"] for m in inbox.messages if address in m["to"]]


def set_password(client, path, password=NEW_PASSWORD):
    return submit_form(client, path, {"password": password, "confirm": password})


def test_an_invitation_is_emailed_in_the_chosen_language_and_its_link_works_once(mail_app, admin, smtp_server):
    page = submit_form(
        admin,
        "/staff/admin/users/new",
        {"email": "new.colleague@academy.example", "name": "New Colleague", "role": "manager", "language": "uk"},
    )
    assert page.status_code == 200 and "We have emailed New Colleague" in page.text
    assert "/staff/set-password/" not in page.text  # emailed, not shown to the administrator
    assert burst(mail_app) == 1
    [email] = emails_to(smtp_server, "new.colleague@academy.example")
    text, html = parts(email)
    assert email["Subject"] == "Вас запрошено до порталу академії"
    assert 'lang="uk"' in html
    path = LINK.search(text)[1]
    visitor = mail_app.test_client()
    assert "Set your password" in visitor.get(path).text
    assert set_password(visitor, path).status_code == 302
    user = db.session.scalars(select(User).filter_by(email="new.colleague@academy.example")).one()
    assert user.check_password(NEW_PASSWORD)
    assert visitor.get(path).status_code == 404  # single use


def test_the_invitation_is_written_in_the_same_transaction_as_the_account(mail_app, admin):
    submit_form(admin, "/staff/admin/users/new", {"email": "not-an-address", "name": "X", "role": "manager"})
    assert db.session.scalar(select(Message.id)) is None  # refused form: no account, no email


@pytest.mark.parametrize("address", ["known@academy.example", "nobody@academy.example", "gone@academy.example"])
def test_forgotten_password_answers_the_same_whatever_the_address(address, mail_app, make_user, smtp_server):
    make_user(role="academy_staff", email="known@academy.example")
    make_user(role="academy_staff", email="gone@academy.example", active=False)
    client = mail_app.test_client()
    assert "Forgotten your password?" in client.get("/staff/sign-in").text
    response = submit_form(client, "/staff/forgotten-password", {"email": address.upper()})
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/forgotten-password/check-your-email"
    page = client.get(response.headers["Location"])
    assert "If that address has a staff account, we have emailed it a link" in page.text
    burst(mail_app)
    sent = emails_to(smtp_server, address)
    assert len(sent) == (1 if address.startswith("known") else 0)
    # the audit log says what happened, without the address that was typed
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action.in_(("account_link", "refused")))).all()
    assert len(events) == 1 and address.split("@")[0] not in str(events[0].detail)


def test_forgotten_password_link_changes_the_password_once_and_expires(mail_app, make_user, smtp_server, clock):
    user = make_user(role="outreach_adviser", email="adviser@academy.example")
    client = mail_app.test_client()
    submit_form(client, "/staff/forgotten-password?lang=ar", {"email": "adviser@academy.example"})
    burst(mail_app)
    [email] = emails_to(smtp_server, "adviser@academy.example")
    text, html = parts(email)
    assert 'dir="rtl"' in html and email["Subject"] != "Reset your password"  # in the page's language
    path = LINK.search(text)[1]
    # a second request within the quiet period sends nothing more, and says the same
    assert submit_form(client, "/staff/forgotten-password", {"email": "adviser@academy.example"}).status_code == 302
    burst(mail_app)
    assert len(emails_to(smtp_server, "adviser@academy.example")) == 1
    # the link expires
    clock.advance(hours=73)
    assert client.get(path).status_code == 404
    # a fresh one (the quiet period is over) works once
    submit_form(client, "/staff/forgotten-password", {"email": "adviser@academy.example"})
    burst(mail_app)
    fresh = LINK.search(parts(emails_to(smtp_server, "adviser@academy.example")[-1])[0])[1]
    assert set_password(client, fresh).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(NEW_PASSWORD)
    assert client.get(fresh).status_code == 404


def test_a_made_up_link_is_refused(mail_app):
    assert mail_app.test_client().get("/staff/set-password/" + "x" * 43).status_code == 404


def test_forgotten_password_explains_an_empty_address(mail_app):
    page = submit_form(mail_app.test_client(), "/staff/forgotten-password", {"email": ""})
    assert page.status_code == 200 and "Enter your email address" in page.text


def test_forgotten_password_is_rate_limited(limited_app):  # noqa: F811
    client = limited_app.test_client()
    token = csrf_token_from(client.get("/staff/forgotten-password").text)
    for _ in range(3):
        client.post("/staff/forgotten-password", data={"csrf_token": token, "email": "a@academy.example"})
    response = client.post("/staff/forgotten-password", data={"csrf_token": token, "email": "a@academy.example"})
    assert response.status_code == 429


def test_an_administrators_password_reset_is_emailed(mail_app, admin, make_user, smtp_server):
    user = make_user(role="manager", email="manager@academy.example")
    page = admin.get(f"/staff/admin/users/{user.id}")
    response = admin.post(
        f"/staff/admin/users/{user.id}/password-reset", data={"csrf_token": csrf_token_from(page.text)}
    )
    assert "Password reset sent" in response.text and "/staff/set-password/" not in response.text
    burst(mail_app)
    [email] = emails_to(smtp_server, "manager@academy.example")
    assert email["Subject"] == "Reset your password" and LINK.search(parts(email)[0])


def test_a_two_factor_reset_sends_a_confirmation_in_the_invitations_language(mail_app, admin, smtp_server):
    submit_form(
        admin,
        "/staff/admin/users/new",
        {"email": "farsi@academy.example", "name": "Dari Speaker", "role": "academy_staff", "language": "prs"},
    )
    user = db.session.scalars(select(User).filter_by(email="farsi@academy.example")).one()
    page = admin.get(f"/staff/admin/users/{user.id}")
    admin.post(f"/staff/admin/users/{user.id}/reset-two-factor", data={"csrf_token": csrf_token_from(page.text)})
    burst(mail_app)
    confirmation = [e for e in emails_to(smtp_server, "farsi@academy.example") if "set-password" not in parts(e)[0]]
    [email] = confirmation
    text, html = parts(email)
    assert 'lang="prs"' in html and "http://localhost/staff/sign-in" in text
    message = db.session.scalars(select(Message).filter_by(kind="account_two_factor_reset")).one()
    assert message.language == "prs" and message.to_user_id == user.id


def test_staff_messages_are_written_in_the_language_the_member_of_staff_was_invited_in(mail_app, admin, smtp_server):
    """A school asking for a session is told to academy staff each in their own language."""
    from portal.notifications import staff

    submit_form(
        admin,
        "/staff/admin/users/new",
        {"email": "ukr@academy.example", "name": "Olena Staff", "role": "academy_staff", "language": "uk"},
    )
    user = db.session.scalars(select(User).filter_by(email="ukr@academy.example")).one()
    user.active = True

    class Request:
        id = 7

    sent = [m for m in staff.session_requested(Request()) if m is not None]
    db.session.commit()
    [message] = [m for m in sent if m.to_user_id == user.id]
    assert message.language == "uk"
    assert message.subject != "A school has asked for a session (request 7)" and "7" in message.subject
