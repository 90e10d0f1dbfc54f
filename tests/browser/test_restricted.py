"""In Chromium: another adviser sees a restricted case only as "restricted" in the referral queue,
on the referral page and on the person page. Axe-checked and photographed at 375 and 1280 px."""

import threading

import pyotp
import pytest
from flask_migrate import upgrade
from playwright.sync_api import expect
from werkzeug.serving import make_server

from portal import create_app
from portal.extensions import db
from tests.browser.conftest import only_the_portal
from tests.browser.test_account_emails import check
from tests.factories import DEFAULT_PASSWORD, TEST_TOTP_SECRET

SECRET = "Please do not call my husband's phone"


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    database = tmp_path_factory.mktemp("restricted") / "portal.db"
    app = create_app({"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    with app.app_context():
        upgrade()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


def test_another_adviser_sees_only_that_the_record_is_restricted(browser, portal):
    from portal.outreach import services
    from tests.factories import UserFactory

    app, base = portal
    with app.app_context():
        owner = UserFactory(role="outreach_adviser", name="Rana Owner")
        UserFactory(role="outreach_adviser", email="other.adviser@academy.example", name="Omar Other")
        referral = services.refer_self(
            {"first_name": "Shirin", "last_name": "Ahmadi", "email": "shirin@example.com", "route": "seldom_heard",
             "needs": ["english"], "message": SECRET},
            consent_version="2026-11",
        )  # fmt: skip
        case = services.open_case(referral, owner, restricted=True, user=owner)
        referral_id, person_ref = referral.id, case.person.person_ref
        services.refer_self(
            {"first_name": "Open", "last_name": "Person", "email": "open@example.com", "route": "seldom_heard"},
            consent_version="2026-11",
        )
        db.session.commit()
        db.session.remove()

    context = only_the_portal(browser.new_context(bypass_csp=True), base)
    page = context.new_page()
    page.goto(f"{base}/staff/sign-in")
    page.get_by_label("Email address").fill("other.adviser@academy.example")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(pyotp.TOTP(TEST_TOTP_SECRET).now())
    page.get_by_role("button", name="Continue").click()

    page.goto(f"{base}/staff/outreach/referrals?status=")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("tbody")).to_contain_text("Restricted")
    expect(page.locator("tbody")).not_to_contain_text("Shirin")
    # the table's cells sit side by side on a desktop
    page.set_viewport_size({"width": 1280, "height": 900})
    cells = rows.first.locator("td")
    assert cells.nth(0).bounding_box()["y"] == cells.nth(1).bounding_box()["y"]
    check(page, "restricted-referral-list")

    page.goto(f"{base}/staff/outreach/referrals/{referral_id}")
    expect(page.locator("h1")).to_have_text("This referral is restricted")
    expect(page.locator("main")).not_to_contain_text(SECRET)
    check(page, "restricted-referral")

    page.goto(f"{base}/staff/people/{person_ref}")
    expect(page.locator("main")).to_contain_text("Restricted record")
    expect(page.locator("main")).not_to_contain_text("Engaged")
    check(page, "restricted-person")
    context.close()
