"""Sign-in throttling (issue 18, point 1): no oracle, no long lock-out, a growing wait."""

import re

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.auth import services, throttle
from portal.extensions import db
from tests.conftest import DEFAULT_PASSWORD, sign_in_as, submit_form, totp_code

TOO_MANY = "There have been too many attempts to sign in. Try again in a few minutes."
WRONG = "Enter a correct email address and password"
A_WRONG_PASSWORD = "a wrong password"  # noqa: S105


def attempt(client, email, password=A_WRONG_PASSWORD, address="192.0.2.10"):
    return submit_form(
        client, "/staff/sign-in", {"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def answer(page, email) -> str:
    """The page without what differs by nature: the CSRF token, the script nonce and the email typed back."""
    html = re.sub(r'(name="csrf_token"[^>]*value|nonce)="[^"]+"', "", page.text)
    return html.replace(email, "EMAIL")


@pytest.mark.db
def test_an_unknown_account_is_answered_exactly_as_a_real_one(app, client, make_user, clock):
    user = make_user(email="real.person@academy.example")
    ghost = "no.such.person@academy.example"
    free = app.config["THROTTLE_ACCOUNT_FREE"]
    for number in range(free + 1):
        real, unknown = attempt(client, user.email), attempt(client, ghost)
        assert (real.status_code, unknown.status_code) == (200, 200)
        assert answer(real, user.email) == answer(unknown, ghost), number
        expected = WRONG if number < free else TOO_MANY
        assert expected in real.text and expected in unknown.text
    assert "This account is locked" not in real.text


def test_an_unknown_account_costs_a_password_hash_too(app, client, monkeypatch):
    hashed = []
    original = services.check_password_hash
    monkeypatch.setattr(services, "check_password_hash", lambda *a: hashed.append(a[0]) or original(*a))
    attempt(client, "nobody@academy.example")
    assert hashed == [services._DUMMY_HASH]
    assert services._DUMMY_HASH.startswith("scrypt:")


@pytest.mark.db
def test_after_the_free_failures_even_the_right_password_waits(app, client, make_user, clock):
    user = make_user()
    for _ in range(app.config["THROTTLE_ACCOUNT_FREE"]):
        attempt(client, user.email)
    page = attempt(client, user.email, DEFAULT_PASSWORD)
    assert page.status_code == 200 and TOO_MANY in page.text
    clock.advance(seconds=2)
    assert sign_in_as(client, user).status_code == 302


def test_the_wait_doubles_and_is_capped(app, make_user, clock):
    free, cap = app.config["THROTTLE_ACCOUNT_FREE"], app.config["THROTTLE_MAX_SECONDS"]
    with app.test_request_context():
        assert [throttle.delay_after(free + k, free) for k in range(5)] == [1, 2, 4, 8, 16]
        assert throttle.delay_after(free + 40, free) == cap
        assert throttle.delay_after(free - 1, free) == 0


def test_an_attacker_delays_a_colleague_by_minutes_at_most(app, make_user, clock):
    """Hammering an account as fast as it allows for an hour; attempts during a wait are not
    counted, so the wait never grows past the cap and the right password works after it."""
    user = make_user(role="admin")
    client = app.test_client()
    for _ in range(120):
        attempt(client, user.email, address="198.51.100.7")
        clock.advance(seconds=30)
    clock.advance(seconds=app.config["THROTTLE_MAX_SECONDS"])
    colleague = app.test_client()
    assert sign_in_as(colleague, user).status_code == 302


@pytest.mark.db
def test_one_address_trying_many_accounts_is_throttled(app, client, make_user, clock):
    victim = make_user()
    for number in range(app.config["THROTTLE_ADDRESS_FREE"]):
        attempt(client, f"guess{number}@academy.example", address="203.0.113.9")
    assert TOO_MANY in attempt(client, victim.email, DEFAULT_PASSWORD, address="203.0.113.9").text
    # From elsewhere the account is untouched.
    assert attempt(client, victim.email, DEFAULT_PASSWORD, address="192.0.2.200").status_code == 302


def test_wrong_codes_count_towards_the_wait(app, client, make_user, clock):
    user = make_user()
    submit_form(client, "/staff/sign-in", {"email": user.email, "password": DEFAULT_PASSWORD})
    wrong = "000000" if totp_code(user) != "000000" else "111111"
    for _ in range(app.config["THROTTLE_ACCOUNT_FREE"]):
        submit_form(client, "/staff/sign-in/code", {"code": wrong})
    page = submit_form(client, "/staff/sign-in/code", {"code": totp_code(user)})
    assert page.status_code == 200 and TOO_MANY in page.text
    clock.advance(seconds=2)
    assert submit_form(client, "/staff/sign-in/code", {"code": totp_code(user)}).status_code == 302


def test_failures_are_forgotten_after_a_while_and_at_sign_in(app, client, make_user, clock):
    user = make_user()
    for _ in range(app.config["THROTTLE_ACCOUNT_FREE"] - 1):
        attempt(client, user.email)
    clock.advance(minutes=app.config["THROTTLE_FORGET_MINUTES"] + 1)
    attempt(client, user.email)
    assert WRONG in attempt(client, user.email).text


@pytest.mark.parametrize("how", ["cli", "browser"])
def test_an_administrator_can_clear_the_wait(app, client, make_user, runner, clock, how):
    user = make_user()
    for _ in range(app.config["THROTTLE_ACCOUNT_FREE"] + 3):
        attempt(client, user.email)
    if how == "cli":
        result = runner.invoke(args=["users", "unlock", "--email", user.email])
        assert result.exit_code == 0, result.output
    else:
        admin_client = app.test_client()
        sign_in_as(admin_client, make_user(role="admin"))
        page = admin_client.get(f"/staff/admin/users/{user.id}")
        assert "waiting after failed sign-in attempts" in page.text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
        admin_client.post(f"/staff/admin/users/{user.id}/unlock", data={"csrf_token": token})
    assert sign_in_as(client, user).status_code == 302


@pytest.mark.db
def test_failed_sign_ins_are_audited_with_the_email_typed_never_the_password(app, client, make_user, clock):
    user = make_user(email="known@academy.example")
    attempt(client, "  Known@Academy.example ", "secret wrong password")
    attempt(client, "Stranger@academy.example", "another secret")
    for _ in range(app.config["THROTTLE_ACCOUNT_FREE"]):
        attempt(client, user.email)
    entries = db.session.execute(
        select(AuditEvent.detail, AuditEvent.object_id, AuditEvent.user_id).filter_by(action="sign_in_failed")
    ).all()
    details = [detail for detail, _id, _user in entries]
    assert details[0] == "wrong password: known@academy.example"
    assert details[1] == "unknown: stranger@academy.example"
    assert "throttled: known@academy.example" in details
    assert entries[0].object_id == str(user.id) and entries[1].object_id is None
    assert not any("secret" in detail for detail in details)
