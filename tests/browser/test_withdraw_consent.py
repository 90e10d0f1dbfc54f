"""Withdrawing consent through the way back in, in a real browser: the link on the person's page,
the confirm step, and the page that says it is done; axe-clean, no sideways scrolling, on a phone
and a desktop, in English and in Arabic (right to left)."""

import threading

import pytest
from flask_migrate import upgrade
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.serving import make_server

from portal import create_app
from portal.extensions import db
from portal.notifications.links import new_return_link
from tests.browser.conftest import VIEWPORTS, assert_accessible, only_the_portal
from tests.conftest import ROOT

SHOTS = ROOT / "test-results" / "screenshots"
WORDS = {
    "en": ("Withdraw your consent for the academy to contact you", "Withdraw my consent", "Your consent is withdrawn"),
    "ar": ("اسحب موافقتك على تواصل الأكاديمية معك", "اسحب موافقتي", "تم سحب موافقتك"),
}


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    database = tmp_path_factory.mktemp("withdraw-consent") / "portal.db"
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


def _person_with_a_link(app, language: str) -> tuple[int, str]:
    from portal.people import consent
    from tests.factories import PersonFactory
    from tests.notifications.helpers import make_application

    with app.app_context():
        person = PersonFactory(preferred_language=language, first_name="Layla" if language == "en" else "ليلى")
        consent.give(person, given_on=person.consent_date, version="2026-11", how="web_form")
        make_application(person=person, status="submitted")
        link = new_return_link(person)
        db.session.commit()
        person_id = person.id
        db.session.remove()
        return person_id, link


def _no_sideways_scrolling(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_person_withdraws_their_consent_through_the_way_back_in(browser, portal, language, viewport):
    from portal.people import consent
    from portal.pipeline.models import Person

    app, base = portal
    person_id, link = _person_with_a_link(app, language)
    context = only_the_portal(browser.new_context(bypass_csp=True, viewport=VIEWPORTS[viewport]), base)
    page = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    open_link, button, done = WORDS[language]

    page.goto(f"{base}/my-applications?lang={language}")  # the language they read the site in
    page.goto(link)
    expect(page).to_have_url(f"{base}/my-applications/yours")
    page.get_by_role("link", name=open_link).click()
    expect(page).to_have_url(f"{base}/my-applications/yours/withdraw-consent")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    assert_accessible(page)
    _no_sideways_scrolling(page)
    page.screenshot(path=str(SHOTS / f"withdraw-consent-{language}-{viewport}.png"), full_page=True)
    with app.app_context():
        assert consent.may_contact(db.session.get(Person, person_id))  # the page alone changes nothing
        db.session.remove()

    page.get_by_role("button", name=button).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(done)
    assert_accessible(page)
    _no_sideways_scrolling(page)
    page.screenshot(path=str(SHOTS / f"withdraw-consent-done-{language}-{viewport}.png"), full_page=True)
    with app.app_context():
        person = db.session.get(Person, person_id)
        assert not consent.may_contact(person)
        assert [row.withdrawn_how for row in consent.history(person)] == ["way_back_in"]
        assert db.session.scalar(select(Person.id).where(Person.id == person_id)) == person_id
        db.session.remove()
    context.close()
