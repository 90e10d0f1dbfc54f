"""In Chromium, against a portal that sends its email to a real SMTP server: a member of staff who
forgot their password asks for a link, gets the email, chooses a new password and is signed in;
and a person changes their contact details from their emailed link. Each page axe-checked and
photographed at 375 and 1280 px, with no sideways scrolling."""

import email
import re
import threading
from email import policy

import pyotp
import pytest
from aiosmtpd.controller import Controller
from flask_migrate import upgrade
from playwright.sync_api import expect
from werkzeug.serving import make_server

from portal import create_app
from portal.extensions import db
from tests.browser.conftest import VIEWPORTS, assert_accessible, only_the_portal
from tests.conftest import ROOT
from tests.factories import TEST_TOTP_SECRET
from tests.notifications.conftest import free_port

SHOTS = ROOT / "test-results" / "screenshots"
NEW_PASSWORD = "seven tidy lanterns by the canal"


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    database = tmp_path_factory.mktemp("account-emails") / "portal.db"
    app = create_app(
        {
            "PORTAL_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "MAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
        }
    )
    with app.app_context():
        upgrade()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["PUBLIC_URL"] = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield app, app.config["PUBLIC_URL"], inbox
    server.shutdown()
    smtp.stop()
    with app.app_context():
        db.engine.dispose()


def send_mail(app):
    with app.app_context():
        app.extensions["portal_queue"].burst()
        db.session.remove()


def check(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("phone", VIEWPORTS["phone"]), ("desktop", VIEWPORTS["desktop"])):
        page.set_viewport_size(size)
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (name, label)
        page.screenshot(path=str(SHOTS / f"{name}-{label}-{size['width']}.png"), full_page=True)


def test_forgotten_password_email_link_new_password_signed_in(browser, portal):
    from tests.factories import UserFactory

    app, base, inbox = portal
    with app.app_context():
        UserFactory(role="academy_staff", email="forgetful@academy.example", name="Fran Forgetful")
        db.session.commit()
        db.session.remove()
    context = only_the_portal(browser.new_context(bypass_csp=True), base)
    page = context.new_page()
    page.goto(f"{base}/staff/sign-in")
    check(page, "sign-in")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.locator("h1")).to_have_text("Forgotten your password?")
    page.get_by_role("button", name="Email me a link").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter your email address")
    check(page, "forgotten-password-error")
    page.get_by_label("Email address").fill("forgetful@academy.example")
    page.get_by_role("button", name="Email me a link").click()
    expect(page.locator("main")).to_contain_text("If that address has a staff account")
    check(page, "forgotten-password-sent")

    send_mail(app)
    [message] = [m for m in inbox.messages if "forgetful@academy.example" in m["To"]]
    assert message["Subject"] == "Reset your password"
    text = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://127\.0\.0\.1:\d+/staff/set-password/[\w.-]+", text)[0]

    page.goto(link)
    expect(page.locator("h1")).to_have_text("Choose a new password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Type the new password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    expect(page.locator("main")).to_contain_text("Your password is set")
    page.get_by_label("Email address").fill("forgetful@academy.example")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(pyotp.TOTP(TEST_TOTP_SECRET).now())
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("main")).to_contain_text("You are signed in as Fran Forgetful")
    # the link worked once
    page.goto(link)
    expect(page.locator("h1")).to_have_text("This link does not work any more")
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_person_changes_their_contact_details_from_their_link(browser, portal, language):
    from portal.notifications.links import new_return_link
    from portal.people.models import Intake
    from tests.factories import PersonFactory

    app, base, _inbox = portal
    with app.app_context():
        person = PersonFactory(preferred_language=language, email=f"old-{language}@example.com", phone="07700 900111")
        link = new_return_link(person)
        person_id = person.id
        db.session.commit()
        db.session.remove()
    context = only_the_portal(browser.new_context(bypass_csp=True), base)
    page = context.new_page()
    page.goto(f"{base}/my-applications?lang={language}")
    page.goto(link)
    expect(page).to_have_url(f"{base}/my-applications/yours")
    page.locator("a[href='/my-applications/yours/contact-details']").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(page.locator("input[name=email]")).to_have_value(f"old-{language}@example.com")
    check(page, f"contact-details-{language}")
    page.locator("input[name=email]").fill("not an address")
    page.locator("form button.nhsuk-button").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    expect(page.locator("input[name=email]")).to_have_value("not an address")
    check(page, f"contact-details-error-{language}")
    page.locator("input[name=email]").fill(f"new-{language}@example.com")
    page.locator("input[name=contact_by][value=sms]").check()
    page.locator("form button.nhsuk-button").click()
    expect(page).to_have_url(f"{base}/my-applications/yours")
    expect(page.locator(".nhsuk-notification-banner")).to_be_visible()
    context.close()
    with app.app_context():
        [intake] = [
            i for i in db.session.query(Intake).filter_by(kind="contact_update") if i.candidate_ids == [person_id]
        ]
        assert (intake.email, intake.contact_by) == (f"new-{language}@example.com", "sms")
        from portal.pipeline.models import Person

        assert db.session.get(Person, person_id).email == f"old-{language}@example.com"
        db.session.remove()
