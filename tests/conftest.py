"""Test fixtures: an app on a fresh database per test (SQLite, and PostgreSQL for tests marked
``db``), a test client that checks every page it fetches, and sign-in helpers."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import text

from portal import create_app
from portal.config import LANGUAGES, RTL_LANGUAGES
from portal.extensions import db
from tests.factories import DEFAULT_PASSWORD, TEST_TOTP_SECRET

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        backends = ["sqlite"]
        if metafunc.definition.get_closest_marker("db"):
            backends.append("postgresql")
        metafunc.parametrize("backend", backends, scope="function")


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """The portal reads compiled catalogues; compile them once so tests see real translations."""
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "compile", "-d", "translations"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="session")
def postgres_schema():
    """Create the schema once per run on the throwaway cluster; tests then empty it."""
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL is not available: run the suite with scripts/test.sh")
    app = create_app({"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": POSTGRES_URL})
    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        db.create_all()
        db.engine.dispose()
    return POSTGRES_URL


def _database_url(backend, request, tmp_path):
    if backend == "postgresql":
        return request.getfixturevalue("postgres_schema")
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def app(backend, request, tmp_path):
    url = _database_url(backend, request, tmp_path)
    app = create_app({"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url, "SERVER_NAME": "localhost"})
    app.test_client_class = PageCheckingClient
    with app.app_context():
        if backend == "sqlite":
            db.create_all()
        yield app
        db.session.remove()
        if backend == "postgresql":
            tables = ", ".join(t.name for t in db.metadata.sorted_tables)
            with db.engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


class Clock:
    """A clock a test moves by hand (the app's CLOCK setting): no test sleeps."""

    def __init__(self, start):
        self.now = start

    def __call__(self):
        return self.now

    def advance(self, **delta):
        from datetime import timedelta

        self.now += timedelta(**delta)


@pytest.fixture
def clock(app):
    from datetime import datetime

    app.config["CLOCK"] = moved = Clock(datetime(2026, 12, 1, 9, 0))
    return moved


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    from tests.factories import UserFactory

    return UserFactory


@pytest.fixture
def sign_in(client, make_user):
    """Sign in through the real form as a new user with the given role; returns the user."""

    def _sign_in(role="academy_staff", **fields):
        user = make_user(role=role, **fields)
        response = sign_in_as(client, user)
        assert response.status_code == 302, response.text
        return user

    return _sign_in


def totp_code(user, secret=TEST_TOTP_SECRET) -> str:
    """The next authenticator code the portal will accept for the user: the current one, or the
    one after if the current one was already used (codes are never accepted twice)."""
    import time

    import pyotp

    with db.engine.connect() as connection:
        last = connection.execute(text("SELECT totp_last_step FROM users WHERE id = :id"), {"id": user.id}).scalar()
    step = max(int(time.time() // 30), (last or -1) + 1)
    return pyotp.TOTP(secret).generate_otp(step)


def _token_or_nothing(html: str) -> dict:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    return {"csrf_token": match.group(1)} if match else {}


def sign_in_as(client, user, password=DEFAULT_PASSWORD, next_url=None):
    """Both steps of signing in through the real forms (password, then authenticator code).
    Returns the response to the code form (a redirect when it worked)."""
    url = "/staff/sign-in" + (f"?next={next_url}" if next_url else "")
    page = client.get(url)
    response = client.post(url, data={**_token_or_nothing(page.text), "email": user.email, "password": password})
    if response.status_code != 302 or not response.headers["Location"].startswith("/staff/sign-in/code"):
        return response
    page = client.get("/staff/sign-in/code")
    return client.post("/staff/sign-in/code", data={**_token_or_nothing(page.text), "code": totp_code(user)})


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def submit_form(client, url, data, **kwargs):
    """Fetch a form page, then post to it with its CSRF token, as a browser would."""
    page = client.get(url)
    return client.post(url, data={"csrf_token": csrf_token_from(page.text), **data}, **kwargs)


class PageProblem(AssertionError):
    pass


def check_page(html: str, csrf: bool = True) -> BeautifulSoup:
    """What every page of ours must get right, checked on every page a test fetches."""
    soup = BeautifulSoup(html, "html.parser")
    root = soup.find("html")
    if root is None:
        raise PageProblem("not an HTML page")
    lang, direction = root.get("lang"), root.get("dir")
    if lang not in LANGUAGES:
        raise PageProblem(f"html lang={lang!r} is not one of ours")
    expected = "rtl" if lang in RTL_LANGUAGES else "ltr"
    if direction != expected:
        raise PageProblem(f"html dir={direction!r}, expected {expected!r} for lang={lang}")
    headings = soup.find_all("h1")
    if len(headings) != 1:
        raise PageProblem(f"expected one h1, found {len(headings)}")
    h1 = " ".join(headings[0].get_text().split())
    title = " ".join(soup.head.title.get_text().split())
    bare_title = re.sub(r"^\S+:\s", "", title) if title and not title.startswith(h1) else title
    if not h1 or not bare_title.startswith(h1):
        raise PageProblem(f"title {title!r} does not start with the h1 {h1!r}")
    for form in soup.find_all("form"):
        if form.get("action") is None:
            raise PageProblem("a form has no action")
        is_post = (form.get("method") or "get").lower() == "post"
        if csrf and is_post and not form.find("input", attrs={"name": "csrf_token"}):
            raise PageProblem(f"POST form to {form.get('action')} has no CSRF token")
    return soup


class PageCheckingClient(FlaskClient):
    def open(self, *args, **kwargs):
        # Each request gets its own app context (so its own `g` and database session), as it
        # would in a real server, even though the test holds one open for its factories. What
        # the test wrote through services before it (they flush; a request or command commits)
        # is its own unit of work, committed here as a command would.
        if has_app_context():
            db.session.commit()
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and not 300 <= response.status_code < 400:
            check_page(response.get_data(as_text=True), csrf=self.application.config.get("WTF_CSRF_ENABLED", True))
        return response
