"""An administrator invites a colleague, who sets a password from the link; staff see their
sessions and the change-password page. In Chromium, each page checked with axe-core and
photographed at phone and desktop widths."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS, assert_accessible, sign_in
from tests.conftest import ROOT

SHOTS = ROOT / "test-results" / "screenshots"


def check(page, name):
    """axe at both widths, and a full-page screenshot of each."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("phone", VIEWPORTS["phone"]), ("desktop", VIEWPORTS["desktop"])):
        page.set_viewport_size(size)
        assert_accessible(page)
        page.screenshot(path=str(SHOTS / f"accounts-{name}-{label}-{size['width']}.png"), full_page=True)


@pytest.mark.parametrize("email", ["invited.colleague@demo.example"])
def test_invite_a_colleague_who_sets_a_password(page, browser, live_server, email):
    sign_in(page, live_server, "admin@demo.example")
    page.goto(f"{live_server}/staff/admin/users")
    check(page, "list")
    page.get_by_role("button", name="Create an account").click()
    page.get_by_role("button", name="Create the account").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter their work email address")
    check(page, "create-errors")
    page.get_by_label("Work email address").fill(email)
    page.get_by_label("Name").fill("Invited Colleague")
    page.get_by_label("Manager").check()
    page.get_by_role("button", name="Create the account").click()
    expect(page.locator("h1")).to_have_text("Account created")
    expect(page.locator("main")).to_contain_text("it works once and expires in 72 hours")
    link = page.locator("main code").inner_text()
    check(page, "link")

    page.get_by_role("link", name="Go to their account").click()
    expect(page.locator("h1")).to_have_text("Invited Colleague")
    check(page, "detail")
    page.get_by_role("link", name="Change role").click()
    check(page, "role")

    visitor = browser.new_context(bypass_csp=True)
    from tests.browser.conftest import only_the_portal

    only_the_portal(visitor, live_server)
    other = visitor.new_page()
    other.goto(link)
    expect(other.locator("h1")).to_have_text("Set your password")
    other.get_by_label("New password", exact=True).fill("password2024!")
    other.get_by_label("Type the new password again").fill("password2024!")
    other.get_by_role("button", name="Set password").click()
    expect(other.locator(".nhsuk-error-summary")).to_contain_text("one many people use")
    check(other, "set-password")
    other.get_by_label("New password", exact=True).fill("seven tidy lanterns by the canal")
    other.get_by_label("Type the new password again").fill("seven tidy lanterns by the canal")
    other.get_by_role("button", name="Set password").click()
    expect(other.locator("main")).to_contain_text("Your password is set")
    other.goto(link)
    expect(other.locator("h1")).to_have_text("This link does not work any more")
    check(other, "link-used")
    visitor.close()


def test_your_sessions_and_change_password(page, live_server):
    sign_in(page, live_server, "staff@demo.example")
    page.goto(f"{live_server}/staff/sessions")
    expect(page.locator("main")).to_contain_text("(this one)")
    check(page, "sessions")
    page.goto(f"{live_server}/staff/password")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter your current password")
    check(page, "change-password")
    # Right to left, translated.
    page.goto(f"{live_server}/staff/sessions?lang=ar")
    expect(page.locator("h1")).to_have_text("جلساتك")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    check(page, "sessions-arabic")


def test_refused_and_failed_sign_ins_in_the_audit_log(page, live_server):
    page.goto(f"{live_server}/staff/sign-in")
    page.get_by_label("Email address").fill("Someone.Guessing@demo.example")
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter a correct email address and password")
    sign_in(page, live_server, "admin@demo.example")
    page.goto(f"{live_server}/staff/admin/audit?action=sign_in_failed")
    expect(page.locator("table")).to_contain_text("no such account: someone.guessing@demo.example")
    check(page, "audit-failed")
