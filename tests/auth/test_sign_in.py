"""Signing in and out."""

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.auth import sessions
from portal.extensions import db
from tests.conftest import DEFAULT_PASSWORD, csrf_token_from, sign_in_as, submit_form, totp_code


def test_sign_in_page_has_email_and_password_fields(client):
    html = client.get("/staff/sign-in").text
    assert 'autocomplete="username"' in html and 'type="password"' in html


def test_wrong_password_shows_error_next_to_field_and_keeps_email(client, make_user):
    user = make_user()
    page = submit_form(client, "/staff/sign-in", {"email": user.email, "password": "wrong password here"})
    assert page.status_code == 200
    assert "There is a problem" in page.text
    assert "Enter a correct email address and password" in page.text
    assert f'value="{user.email}"' in page.text
    assert "wrong password here" not in page.text
    assert page.text.count("nhsuk-error-message") >= 1
    assert "<title>Error:" in page.text


def test_unknown_email_gets_the_same_message_as_a_wrong_password(client):
    page = submit_form(client, "/staff/sign-in", {"email": "nobody@academy.example", "password": "whatever it is"})
    assert "Enter a correct email address and password" in page.text


def test_empty_fields_are_each_explained(client):
    page = submit_form(client, "/staff/sign-in", {"email": "", "password": ""})
    assert "Enter your email address" in page.text and "Enter your password" in page.text
    assert 'href="#email"' in page.text and 'href="#password"' in page.text


def test_sign_in_goes_to_staff_home_and_is_audited(client, make_user):
    user = make_user(role="manager")
    response = submit_form(client, "/staff/sign-in", {"email": user.email.upper(), "password": DEFAULT_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/staff/sign-in/code"
    # The password alone signs no one in.
    assert client.get("/staff/").status_code == 302
    response = submit_form(client, "/staff/sign-in/code", {"code": totp_code(user)})
    assert response.status_code == 302 and response.headers["Location"] == "/staff/"
    assert "Staff home" in client.get("/staff/").text
    actions = db.session.scalars(select(AuditEvent.action).filter_by(user_id=user.id)).all()
    assert "sign_in" in actions


def test_disabled_account_cannot_sign_in(client, make_user):
    user = make_user(active=False)
    page = submit_form(client, "/staff/sign-in", {"email": user.email, "password": DEFAULT_PASSWORD})
    assert page.status_code == 200 and "Enter a correct email address and password" in page.text


def test_sign_in_form_without_csrf_token_is_refused(client, make_user):
    user = make_user()
    page = client.post("/staff/sign-in", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert page.status_code == 400
    assert "The form had expired" in page.text


@pytest.mark.parametrize("next_url", ["/staff/admin/users", "/staff/reports/pipeline"])
def test_sign_in_returns_to_the_page_asked_for(client, make_user, next_url):
    user = make_user(role="admin")
    response = sign_in_as(client, user, next_url=next_url)
    assert response.headers["Location"] == next_url


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "staff"]
)
def test_sign_in_never_sends_people_to_another_site(client, make_user, next_url):
    user = make_user()
    from urllib.parse import quote

    response = sign_in_as(client, user, next_url=quote(next_url))
    assert response.headers["Location"] == "/staff/"


def test_session_is_renewed_at_sign_in(client, make_user):
    user = make_user()
    client.get("/staff/sign-in")
    before = client.get_cookie("session").value
    sign_in_as(client, user)
    assert client.get_cookie("session").value != before


def test_sign_out_ends_the_session_even_if_the_old_cookie_is_replayed(client, sign_in):
    sign_in("manager")
    stolen = client.get_cookie("session").value
    page = client.get("/staff/")
    response = client.post("/staff/sign-out", data={"csrf_token": csrf_token_from(page.text)})
    assert response.status_code == 302
    assert "You have signed out" in client.get(response.headers["Location"]).text
    client.set_cookie("session", stolen)
    replay = client.get("/staff/")
    assert replay.status_code == 302 and replay.headers["Location"].startswith("/staff/sign-in")


def test_disabling_an_account_ends_its_sessions(client, sign_in):
    user = sign_in("academy_staff")
    assert client.get("/staff/").status_code == 200
    user.active = False
    sessions.end_all(user.id, "ended")
    db.session.commit()
    assert client.get("/staff/").status_code == 302


def test_sign_out_needs_csrf_token(client, sign_in):
    sign_in()
    assert client.post("/staff/sign-out").status_code == 400
    assert client.get("/staff/").status_code == 200


def test_passwords_are_stored_with_a_modern_kdf(app):
    from portal.auth.services import create_user

    user = create_user(email="kdf@academy.example", name="K", role="admin", password="a long enough password")
    assert user.password_hash.startswith("scrypt:")
    assert "a long enough password" not in user.password_hash


def test_names_are_escaped_in_the_header(client, sign_in):
    sign_in(name="<script>alert('x')</script>")
    html = client.get("/staff/").text
    assert "<script>alert('x')</script>" not in html
    assert "&lt;script&gt;" in html
