"""Two-factor sign-in and recovery codes (throttling: test_throttle.py; sessions: test_sessions.py)."""

import re
import time
from datetime import UTC, datetime

import pyotp
import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.auth.models import RecoveryCode, User
from portal.extensions import db
from tests.conftest import DEFAULT_PASSWORD, submit_form, totp_code


def utcnow():
    return datetime.now(UTC).replace(tzinfo=None)


def password_step(client, user, password=DEFAULT_PASSWORD):
    return submit_form(client, "/staff/sign-in", {"email": user.email, "password": password})


def fresh(user) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def enrol(client, user):
    """Sign in for the first time and set up the app; returns the recovery codes page."""
    response = password_step(client, user)
    assert response.headers["Location"] == "/staff/sign-in/set-up-two-factor"
    page = client.get("/staff/sign-in/set-up-two-factor")
    secret = fresh(user).totp_secret
    assert secret and "data:image/svg+xml;base64," in page.text
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page.text
    return submit_form(client, "/staff/sign-in/set-up-two-factor", {"code": pyotp.TOTP(secret).now()}), secret


def test_first_sign_in_sets_up_the_authenticator_and_shows_recovery_codes_once(client, make_user):
    user = make_user(role="manager", totp_secret=None, totp_enrolled_at=None)
    # Before enrolment the account cannot reach a staff page.
    password_step(client, user)
    assert client.get("/staff/").status_code == 302

    page, _secret = enrol(client, user)
    assert page.status_code == 200 and "Save your recovery codes" in page.text
    codes = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})</code>", page.text)
    assert len(codes) == 10 and len(set(codes)) == 10
    # Kept only as hashes.
    hashes = db.session.scalars(select(RecoveryCode.code_hash).filter_by(user_id=user.id)).all()
    assert len(hashes) == 10 and not set(codes) & set(hashes)
    assert fresh(user).totp_enrolled_at is not None
    assert client.get("/staff/").status_code == 200
    actions = db.session.scalars(select(AuditEvent.action).filter_by(object_id=str(user.id))).all()
    assert "two_factor_enrolled" in actions and "sign_in" in actions


def test_a_wrong_code_at_enrolment_is_explained_and_enrols_nothing(client, make_user):
    user = make_user(totp_secret=None, totp_enrolled_at=None)
    password_step(client, user)
    client.get("/staff/sign-in/set-up-two-factor")
    page = submit_form(client, "/staff/sign-in/set-up-two-factor", {"code": "000000"})
    assert page.status_code == 200 and "Enter the 6-digit code shown in your authenticator app" in page.text
    assert fresh(user).totp_enrolled_at is None
    assert client.get("/staff/").status_code == 302


def test_the_code_page_needs_the_password_first(client):
    assert client.get("/staff/sign-in/code").headers["Location"] == "/staff/sign-in"
    assert client.get("/staff/sign-in/set-up-two-factor").headers["Location"] == "/staff/sign-in"


def test_wrong_code_is_refused_with_a_message(client, make_user):
    user = make_user()
    password_step(client, user)
    page = submit_form(client, "/staff/sign-in/code", {"code": "123456" if totp_code(user) != "123456" else "654321"})
    assert page.status_code == 200
    assert "Enter the code shown in your authenticator app, or a recovery code" in page.text
    assert client.get("/staff/").status_code == 302


def test_a_code_is_never_accepted_twice(client, make_user):
    user = make_user()
    password_step(client, user)
    code = totp_code(user)
    assert submit_form(client, "/staff/sign-in/code", {"code": code}).status_code == 302
    client.post("/staff/sign-out", data={"csrf_token": re.search(r'value="([^"]+)"', client.get("/staff/").text)[1]})
    password_step(client, user)
    page = submit_form(client, "/staff/sign-in/code", {"code": code})
    assert page.status_code == 200 and client.get("/staff/").status_code == 302


def test_an_old_code_is_refused(client, make_user):
    user = make_user()
    password_step(client, user)
    stale = pyotp.TOTP(user.totp_secret).at(time.time() - 120)
    assert submit_form(client, "/staff/sign-in/code", {"code": stale}).status_code == 200


def test_a_recovery_code_signs_in_once(app, make_user):
    user = make_user(totp_secret=None, totp_enrolled_at=None)
    first = app.test_client()
    page, _secret = enrol(first, user)
    code = re.findall(r"<code>([a-z2-7-]{19})</code>", page.text)[3]

    second = app.test_client()
    password_step(second, user)
    assert submit_form(second, "/staff/sign-in/code", {"code": code.upper().replace("-", " ")}).status_code == 302
    third = app.test_client()
    password_step(third, user)
    assert submit_form(third, "/staff/sign-in/code", {"code": code}).status_code == 200
    assert "recovery_code" in db.session.scalars(select(AuditEvent.action)).all()


def test_resetting_two_factor_ends_sessions_and_enrols_again(client, sign_in, runner):
    user = sign_in()
    result = runner.invoke(args=["users", "reset-two-factor", "--email", user.email])
    assert result.exit_code == 0, result.output
    assert client.get("/staff/").status_code == 302
    assert password_step(client, user).headers["Location"] == "/staff/sign-in/set-up-two-factor"


def test_disabling_an_account_ends_its_sessions_at_once(client, sign_in, runner):
    user = sign_in()
    assert client.get("/staff/").status_code == 200
    result = runner.invoke(args=["users", "disable", "--email", user.email])
    assert result.exit_code == 0, result.output
    assert client.get("/staff/").status_code == 302


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "at least 12 characters"),
        ("x" * 129, "128 characters or fewer"),
        ("me@academy.example", "must not contain your email address"),
    ],
)
def test_password_rules_refuse_short_long_and_the_email(app, password, problem):
    from portal.auth.services import AccountError, create_user

    with pytest.raises(AccountError, match=problem):
        create_user(email="me@academy.example", name="Me", role="admin", password=password)


def test_no_composition_rules(app):
    from portal.auth.services import create_user

    assert create_user(email="a@academy.example", name="A", role="admin", password="all lower case words")
