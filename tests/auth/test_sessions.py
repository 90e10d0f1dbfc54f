"""Server-side staff sessions (issue 18, point 2): one row per sign-in, listed and ended by their
owner, ended by changes of access, and timed out on the server."""

import re

import pytest
from sqlalchemy import select

from portal.auth.sessions import StaffSession, describe_device
from portal.extensions import db
from tests.conftest import DEFAULT_PASSWORD, csrf_token_from, sign_in_as, submit_form

FIREFOX = {"HTTP_USER_AGENT": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"}
IPHONE = {
    "HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
}


@pytest.fixture(autouse=True)
def several_sign_ins_a_minute(app):
    # These tests sign one account in several times within a 30-second step, and a code is never
    # accepted twice: each sign-in takes the next step, which this window allows.
    app.config["TOTP_VALID_WINDOW"] = 10


def rows(user):
    db.session.expire_all()
    return db.session.scalars(select(StaffSession).filter_by(user_id=user.id).order_by(StaffSession.id)).all()


def signed_in(client) -> bool:
    return client.get("/staff/").status_code == 200


def device_client(app, environ):
    client = app.test_client()
    client.environ_base.update(environ)
    return client


def test_every_sign_in_has_its_own_session_row_and_only_a_hash_is_kept(app, make_user, clock):
    user = make_user()
    first, second = device_client(app, FIREFOX), device_client(app, IPHONE)
    sign_in_as(first, user)
    sign_in_as(second, user)
    found = rows(user)
    assert [row.device for row in found] == ["Firefox, Windows", "Safari, iPhone"]
    with first.session_transaction() as cookie:
        key = cookie["_user_id"]
    assert key not in {row.key_hash for row in found} and len(found[0].key_hash) == 64
    assert all(row.started_at == clock.now and row.ended_at is None for row in found)


def test_the_password_step_leaves_only_a_pending_marker(client, make_user):
    user = make_user()
    submit_form(client, "/staff/sign-in", {"email": user.email, "password": DEFAULT_PASSWORD})
    with client.session_transaction() as cookie:
        assert "_user_id" not in cookie
        assert set(cookie["pending_sign_in"]) == {"user", "started", "next"}
    assert rows(user) == [] and not signed_in(client)


def test_a_new_session_key_at_every_sign_in(client, make_user):
    user = make_user()
    sign_in_as(client, user)
    with client.session_transaction() as cookie:
        before = cookie["_user_id"]
    client.post("/staff/sign-out", data={"csrf_token": csrf_token_from(client.get("/staff/").text)})
    sign_in_as(client, user)
    with client.session_transaction() as cookie:
        assert cookie["_user_id"] != before
    assert [row.ended_reason for row in rows(user)] == ["signed_out", None]


@pytest.mark.db
def test_your_sessions_lists_them_marks_this_one_and_ends_another(app, make_user):
    user = make_user()
    here, phone = device_client(app, FIREFOX), device_client(app, IPHONE)
    sign_in_as(here, user)
    sign_in_as(phone, user)
    page = here.get("/staff/sessions")
    assert "Firefox, Windows (this one)" in page.text and "Safari, iPhone" in page.text
    other = rows(user)[1]
    response = here.post(f"/staff/sessions/{other.id}/end", data={"csrf_token": csrf_token_from(page.text)})
    assert response.status_code == 302
    assert "That session has ended" in here.get("/staff/sessions").text
    assert not signed_in(phone) and signed_in(here)


@pytest.mark.db
def test_ending_all_other_sessions_keeps_this_one(app, make_user):
    user = make_user()
    clients = [app.test_client() for _ in range(3)]
    for client in clients:
        sign_in_as(client, user)
    page = clients[0].get("/staff/sessions")
    assert "3 places where you are signed in" in page.text
    clients[0].post("/staff/sessions/end-others", data={"csrf_token": csrf_token_from(page.text)})
    assert [signed_in(client) for client in clients] == [True, False, False]


def test_no_one_ends_someone_elses_session(app, make_user):
    mine, theirs = app.test_client(), app.test_client()
    sign_in_as(mine, make_user())
    other = make_user()
    sign_in_as(theirs, other)
    page = mine.get("/staff/sessions")
    response = mine.post(f"/staff/sessions/{rows(other)[0].id}/end", data={"csrf_token": csrf_token_from(page.text)})
    assert response.status_code == 404 and signed_in(theirs)


def test_changing_the_password_ends_the_other_sessions(app, make_user):
    user = make_user()
    here, elsewhere = app.test_client(), app.test_client()
    sign_in_as(here, user)
    sign_in_as(elsewhere, user)
    new = "a sturdy new phrase for spring"
    wrong = submit_form(here, "/staff/password", {"current": "not it at all", "password": new, "confirm": new})
    assert "Your current password is not right" in wrong.text
    weak = submit_form(
        here, "/staff/password", {"current": DEFAULT_PASSWORD, "password": "password2024!", "confirm": "password2024!"}
    )
    assert "one many people use" in weak.text
    done = submit_form(here, "/staff/password", {"current": DEFAULT_PASSWORD, "password": new, "confirm": new})
    assert done.status_code == 302
    assert signed_in(here) and not signed_in(elsewhere)
    assert sign_in_as(app.test_client(), user, password=new).status_code == 302


def test_wrong_current_passwords_are_throttled_like_sign_ins(app, client, sign_in, clock):
    sign_in()
    for _ in range(app.config["THROTTLE_ACCOUNT_FREE"]):
        submit_form(client, "/staff/password", {"current": "a guess at it", "password": "x" * 12, "confirm": "x" * 12})
    page = submit_form(
        client, "/staff/password", {"current": DEFAULT_PASSWORD, "password": "y" * 12, "confirm": "y" * 12}
    )
    assert "too many attempts to sign in" in page.text


def test_idle_sessions_end_after_30_minutes(client, sign_in, clock):
    sign_in()
    clock.advance(minutes=29)
    assert signed_in(client)
    clock.advance(minutes=29)
    assert signed_in(client)
    clock.advance(minutes=31)
    response = client.get("/staff/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/staff/sign-in")
    assert "You were signed out to keep information safe" in client.get("/staff/sign-in").text


@pytest.mark.db
def test_sessions_end_after_the_absolute_limit_even_when_busy(app, client, sign_in, clock):
    user = sign_in()
    for _ in range(app.config["SESSION_ABSOLUTE_HOURS"] * 4):
        clock.advance(minutes=15)
        assert signed_in(client)
    clock.advance(minutes=1)
    assert not signed_in(client)
    assert rows(user)[0].ended_reason == "timed_out"


@pytest.mark.db
def test_a_page_view_writes_last_seen_at_most_once_a_minute(client, sign_in, clock):
    user = sign_in()
    started = rows(user)[0].last_seen_at
    clock.advance(seconds=30)
    client.get("/staff/")
    assert rows(user)[0].last_seen_at == started
    clock.advance(seconds=31)
    client.get("/staff/")
    assert rows(user)[0].last_seen_at == clock.now


def test_a_role_change_ends_the_sessions(app, make_user):
    user = make_user(role="academy_staff")
    theirs, admin = app.test_client(), app.test_client()
    sign_in_as(theirs, user)
    sign_in_as(admin, make_user(role="admin"))
    submit_form(admin, f"/staff/admin/users/{user.id}/role", {"role": "manager"})
    assert not signed_in(theirs)
    assert rows(user)[0].ended_reason == "role"


@pytest.mark.parametrize(
    ("agent", "device"),
    [
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/537.36 Chrome/131.0 Safari/537.36", "Chrome, macOS"),
        ("Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0", "Edge, Windows"),
        ("curl/8.5.0", "curl/8.5.0"),
        ("", ""),
        ("<script>" * 20, "script" * 10),
    ],
)
def test_devices_are_named_shortly(agent, device):
    assert describe_device(agent) == device[:60]


@pytest.mark.parametrize("next_url", ["/staff/%0d%0aSet-Cookie:%20x=1", "/staff/%0aadmin", "/staff/%09x", "/%7f"])
def test_a_control_character_in_next_goes_to_staff_home(client, make_user, next_url):
    response = sign_in_as(client, make_user(), next_url=next_url)
    assert response.status_code == 302 and response.headers["Location"] == "/staff/"
    assert re.fullmatch(r"/staff/", response.headers["Location"])
