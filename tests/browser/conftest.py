"""Browser tests: the portal served on 127.0.0.1 and driven in Debian's Chromium by Playwright.

Chromium comes from apt (scripts/test.sh installs it); Playwright's own browser download is never
used. Every request that is not to the portal itself is aborted, which also keeps the NHS font CDN
out of the tests.
"""

import os
import threading
from urllib.parse import urlsplit

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from portal import create_app
from portal.demo.academy import seed_demo
from portal.demo.reference import seed_reference
from portal.extensions import db
from tests.conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NEW_STARTER = "new.starter@demo.example"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # assert_accessible injects axe-core as an inline script, which the portal's
    # Content-Security-Policy rightly refuses; tests/browser/test_security.py checks the policy
    # in a context that does not bypass it.
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The portal on a free loopback port, with a migrated database and the demo academy."""
    database = tmp_path_factory.mktemp("browser") / "portal.db"
    # The browser tests sign the same demo accounts in many times a minute, and a code is never
    # accepted twice: sign_in() below moves on one step each time, which this window allows.
    app = create_app(
        {"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "TOTP_VALID_WINDOW": 2000}
    )
    with app.app_context():
        upgrade()
        list(seed_reference())
        list(seed_demo(people=60))
        # One account that has not set up two-factor sign-in yet (tests/browser/test_security.py).
        from portal.auth.services import create_user
        from portal.demo.academy import DEMO_PASSWORD

        create_user(email=NEW_STARTER, name="New Starter", role="academy_staff", password=DEMO_PASSWORD)
        db.session.commit()  # the service flushes; set-up is its own unit of work, like a command
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


def only_the_portal(context, live_server):
    """Abort every request that is not to the portal under test."""
    portal_host = urlsplit(live_server).netloc

    def route_request(route):
        if urlsplit(route.request.url).netloc == portal_host:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route_request)
    return context


@pytest.fixture
def context(context, live_server):
    return only_the_portal(context, live_server)


def assert_accessible(page):
    """axe-core finds no WCAG 2.2 A or AA violation on the page as it is now."""
    # After a click the pointer stays where it was; on a phone that can be over the header menu of
    # the next page, and axe would judge nhsuk-frontend's hover colours rather than the page.
    page.locator("h1").first.hover()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: tags})", WCAG_TAGS)
    problems = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at {[n['target'] for n in violation['nodes']][:3]}"
        for violation in result["violations"]
    ]
    assert problems == [], "\n".join(problems)


_LAST_STEP: dict[str, int] = {}


def demo_code(email: str) -> str:
    """A fresh authenticator code for a demo account: a later step than any used before."""
    import time

    import pyotp

    from portal.demo.academy import DEMO_TOTP_SECRET

    step = max(int(time.time() // 30), _LAST_STEP.get(email, -1) + 1)
    _LAST_STEP[email] = step
    return pyotp.TOTP(DEMO_TOTP_SECRET).generate_otp(step)


def enter_code(page, email):
    page.get_by_label("Code").fill(demo_code(email))
    page.get_by_role("button", name="Continue").click()


def sign_in(page, live_server, email="manager@demo.example"):
    from portal.demo.academy import DEMO_PASSWORD

    page.goto(f"{live_server}/staff/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    enter_code(page, email)
