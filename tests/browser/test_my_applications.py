"""The public's way back in, in a real browser: asking for a link, and the page the link opens,
axe-clean on a phone and a desktop, in English and in Arabic (right to left)."""

import threading

import pytest
from flask_migrate import upgrade
from playwright.sync_api import expect
from werkzeug.serving import make_server

from portal import create_app
from portal.extensions import db
from portal.notifications.links import new_return_link
from tests.browser.conftest import VIEWPORTS, assert_accessible, only_the_portal
from tests.conftest import ROOT

SHOTS = ROOT / "test-results" / "screenshots"


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """A portal of its own, so the test can make people and links in its database."""
    database = tmp_path_factory.mktemp("way-back") / "portal.db"
    app = create_app({"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    with app.app_context():
        upgrade()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["PUBLIC_URL"] = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield app, app.config["PUBLIC_URL"]
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


def _link(app, language: str) -> str:
    from tests.factories import PersonFactory, UserFactory
    from tests.notifications.helpers import make_application

    with app.app_context():
        person = PersonFactory(
            preferred_language=language, first_name="Layla" if language == "en" else "ليلى", phone="07700 900789"
        )
        make_application(person=person, status="shortlisted")
        make_application(person=person, status="unsuccessful")
        from portal.outreach import services
        from portal.people import intake

        referral = services.refer_self(
            {"first_name": person.first_name, "last_name": "H", "email": person.email, "route": "seldom_heard"},
            consent_version="2026-11",
        )
        manager = UserFactory(role="manager")
        intake.link(referral.intake, person, manager)  # the same email is held until staff say who asked
        services.open_case(referral, UserFactory(role="outreach_adviser", name="Sam Adviser"), restricted=False,
                           user=manager)  # fmt: skip
        link = new_return_link(person)
        db.session.commit()
        db.session.remove()
        return link


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_way_back_in_is_accessible_on_a_phone_and_a_desktop(browser, portal, language, viewport):
    app, base = portal
    context = only_the_portal(browser.new_context(bypass_csp=True, viewport=VIEWPORTS[viewport]), base)
    page = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    direction = "rtl" if language == "ar" else "ltr"

    page.goto(f"{base}/my-applications?lang={language}")
    expect(page.locator("html")).to_have_attribute("dir", direction)
    assert_accessible(page)
    page.locator("form button.nhsuk-button").click()  # no address: the error is explained
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(SHOTS / f"my-applications-ask-{language}-{viewport}.png"), full_page=True)
    page.locator("input[name=email]").fill("someone@example.com")
    page.locator("form button.nhsuk-button").click()
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(SHOTS / f"my-applications-sent-{language}-{viewport}.png"), full_page=True)

    page.goto(_link(app, language))
    expect(page).to_have_url(f"{base}/my-applications/yours")
    expect(page.locator("html")).to_have_attribute("dir", direction)
    expect(page.locator("text=Sam Adviser")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(SHOTS / f"my-applications-{language}-{viewport}.png"), full_page=True)
    page.locator("form button.nhsuk-button--secondary").first.click()
    expect(page.locator(".nhsuk-notification-banner")).to_be_visible()
    assert_accessible(page)
    context.close()
