"""Staff accounts in the browser (issue 18, point 3): invitations and reset links, disabling,
roles with a second administrator's approval, clearing the throttle and two-factor reset."""

import re

import pytest
from sqlalchemy import select

from portal.admin.accounts import RoleChangeRequest
from portal.audit.models import AuditEvent
from portal.auth.models import User
from portal.auth.tokens import AccountToken, issue_account_token
from portal.extensions import db
from tests.conftest import DEFAULT_PASSWORD, csrf_token_from, sign_in_as, submit_form

NEW_PASSWORD = "seven tidy lanterns by the canal"


@pytest.fixture(autouse=True)
def several_sign_ins_a_minute(app):
    app.config["TOTP_VALID_WINDOW"] = 10


@pytest.fixture
def admin(app, make_user):
    client = app.test_client()
    user = make_user(role="admin", name="Ada Admin")
    assert sign_in_as(client, user).status_code == 302
    client.user = user
    return client


def fresh(user_id) -> User:
    db.session.expire_all()
    return db.session.get(User, user_id)


def actions_on(user_id):
    return db.session.scalars(select(AuditEvent.action).filter_by(object_type="user", object_id=str(user_id))).all()


def link_from(page) -> str:
    return re.search(r"<code>http://localhost(/staff/set-password/[^<]+)</code>", page.text)[1]


def post_action(client, user_id, action):
    page = client.get(f"/staff/admin/users/{user_id}")
    return client.post(f"/staff/admin/users/{user_id}/{action}", data={"csrf_token": csrf_token_from(page.text)})


@pytest.mark.db
def test_an_administrator_creates_an_account_and_sees_the_link_once(app, admin, clock):
    page = submit_form(
        admin,
        "/staff/admin/users/new",
        {"email": "New.Colleague@Academy.example", "name": "New Colleague", "role": "manager"},
    )
    assert page.status_code == 200 and "Account created" in page.text
    assert "Send this link to them; it works once and expires in 72 hours" in page.text
    path = link_from(page)
    user = db.session.scalars(select(User).filter_by(email="new.colleague@academy.example")).one()
    assert user.role == "manager" and not user.two_factor_enrolled
    # Only a hash of the token is kept.
    token = db.session.scalars(select(AccountToken).filter_by(user_id=user.id)).one()
    assert token.purpose == "invite" and path.rsplit("/", 1)[1] not in token.token_hash
    assert {"create", "account_link"} <= set(actions_on(user.id))

    visitor = app.test_client()
    form = visitor.get(path)
    assert "Set your password" in form.text and "new.colleague@academy.example" in form.text
    weak = submit_form(visitor, path, {"password": "new.colleague rules", "confirm": "new.colleague rules"})
    assert "must not contain your email address" in weak.text
    done = submit_form(visitor, path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"] == "/staff/sign-in"
    # Used once: never again.
    assert visitor.get(path).status_code == 404
    # The first sign-in goes on to set up two-factor sign-in, as before.
    response = submit_form(visitor, "/staff/sign-in", {"email": user.email, "password": NEW_PASSWORD})
    assert response.headers["Location"] == "/staff/sign-in/set-up-two-factor"
    assert "password_set" in actions_on(user.id)


def test_a_link_expires_after_72_hours(app, make_user, clock):
    user = make_user()
    with app.test_request_context():
        path = issue_account_token(user, "reset")
    db.session.commit()
    client = app.test_client()
    clock.advance(hours=71, minutes=59)
    assert client.get(path).status_code == 200
    clock.advance(minutes=2)
    page = client.get(path)
    assert page.status_code == 404 and "This link does not work any more" in page.text


@pytest.mark.db
def test_a_made_up_or_older_link_does_not_work(app, make_user, clock):
    user = make_user()
    with app.test_request_context():
        older = issue_account_token(user, "reset")
        newer = issue_account_token(user, "reset")
    db.session.commit()
    client = app.test_client()
    assert client.get(older).status_code == 404
    assert client.get(newer).status_code == 200
    assert client.get(newer[:-3] + "abc").status_code == 404
    assert client.get("/staff/set-password/" + "x" * 43).status_code == 404


def test_an_account_that_exists_already_is_refused(admin, make_user):
    existing = make_user()
    page = submit_form(
        admin, "/staff/admin/users/new", {"email": existing.email.upper(), "name": "Twin", "role": "manager"}
    )
    assert "There is already an account with this email address" in page.text


def test_a_password_reset_link_ends_sessions_when_used(app, admin, make_user):
    user = make_user()
    theirs = app.test_client()
    sign_in_as(theirs, user)
    page = post_action(admin, user.id, "password-reset")
    assert "Password reset link" in page.text
    visitor = app.test_client()
    assert "Choose a new password" in visitor.get(link_from(page)).text
    submit_form(visitor, link_from(page), {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert theirs.get("/staff/").status_code == 302
    assert sign_in_as(app.test_client(), user, password=NEW_PASSWORD).status_code == 302


def test_disable_and_enable(app, admin, make_user):
    user = make_user()
    theirs = app.test_client()
    sign_in_as(theirs, user)
    post_action(admin, user.id, "disable")
    assert not fresh(user.id).active and theirs.get("/staff/").status_code == 302
    post_action(admin, user.id, "enable")
    assert fresh(user.id).active
    assert {"disable", "enable"} <= set(actions_on(user.id))


def test_an_administrator_cannot_disable_or_demote_themselves(admin):
    me = admin.user
    response = post_action(admin, me.id, "disable")
    assert response.status_code == 302 and fresh(me.id).active
    page = submit_form(admin, f"/staff/admin/users/{me.id}/role", {"role": "manager"})
    assert "You cannot change your own account here" in page.text and fresh(me.id).role == "admin"


def test_a_role_change_below_administrator_is_at_once(admin, make_user):
    user = make_user(role="academy_staff")
    submit_form(admin, f"/staff/admin/users/{user.id}/role", {"role": "outreach_adviser"})
    assert fresh(user.id).role == "outreach_adviser"
    assert "role_changed" in actions_on(user.id)


@pytest.mark.db
def test_making_an_administrator_needs_a_second_administrator(app, admin, make_user):
    user = make_user(role="manager")
    submit_form(admin, f"/staff/admin/users/{user.id}/role", {"role": "admin"})
    assert fresh(user.id).role == "manager"
    waiting = db.session.scalars(select(RoleChangeRequest)).one()
    # The one who asked cannot approve.
    page = admin.get(f"/staff/admin/users/{user.id}")
    assert "A different administrator must approve it" in page.text and "Approve" not in page.text
    admin.post(f"/staff/admin/role-requests/{waiting.id}/approve", data={"csrf_token": csrf_token_from(page.text)})
    assert fresh(user.id).role == "manager"
    # Nor the person it is about: only a different administrator.
    second = app.test_client()
    sign_in_as(second, make_user(role="admin", name="Second Admin"))
    assert "to be an administrator, asked by Ada Admin" in second.get("/staff/admin/users").text
    page = second.get(f"/staff/admin/users/{user.id}")
    second.post(f"/staff/admin/role-requests/{waiting.id}/approve", data={"csrf_token": csrf_token_from(page.text)})
    assert fresh(user.id).role == "admin"
    assert {"role_requested", "role_changed"} <= set(actions_on(user.id))


def test_a_second_administrator_can_decline(app, admin, make_user):
    user = make_user(role="manager")
    submit_form(admin, f"/staff/admin/users/{user.id}/role", {"role": "admin"})
    waiting = db.session.scalars(select(RoleChangeRequest)).one()
    second = app.test_client()
    sign_in_as(second, make_user(role="admin"))
    page = second.get(f"/staff/admin/users/{user.id}")
    second.post(f"/staff/admin/role-requests/{waiting.id}/decline", data={"csrf_token": csrf_token_from(page.text)})
    assert fresh(user.id).role == "manager" and "role_declined" in actions_on(user.id)


def test_a_waiting_request_is_withdrawn_when_the_account_changes_another_way(app, admin, make_user):
    user = make_user(role="manager")
    submit_form(admin, f"/staff/admin/users/{user.id}/role", {"role": "admin"})
    post_action(admin, user.id, "disable")
    assert db.session.scalars(select(RoleChangeRequest.outcome)).one() == "withdrawn"
    assert "Waiting for a second administrator" not in admin.get("/staff/admin/users").text


def test_reset_two_factor_in_the_browser(app, admin, make_user):
    user = make_user()
    post_action(admin, user.id, "reset-two-factor")
    assert not fresh(user.id).two_factor_enrolled and "two_factor_reset" in actions_on(user.id)
    response = submit_form(app.test_client(), "/staff/sign-in", {"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.headers["Location"] == "/staff/sign-in/set-up-two-factor"


@pytest.mark.parametrize("role", ["manager", "academy_staff", "outreach_adviser"])
def test_only_administrators_reach_accounts(client, sign_in, make_user, role):
    sign_in(role)
    other = make_user()
    assert client.get("/staff/admin/users/new").status_code == 403
    assert client.get(f"/staff/admin/users/{other.id}").status_code == 403
