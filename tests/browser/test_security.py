"""The Content-Security-Policy in a real browser: no page breaks it, and the page scripts run."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import only_the_portal, sign_in

PUBLIC_PAGES = ["/", "/careers/", "/opportunities/", "/journey-to-work/", "/journey-to-work/questions/situation"]


@pytest.fixture
def strict_page(browser, live_server):
    """A page in a context that enforces the CSP (the other browser tests bypass it for axe)."""
    context = only_the_portal(browser.new_context(bypass_csp=False), live_server)
    page = context.new_page()
    page.violations = []
    page.on(
        "console",
        lambda message: page.violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page
    context.close()


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_break_no_content_security_policy_rule(strict_page, live_server, path):
    strict_page.goto(f"{live_server}{path}")
    # The NHS.UK template's inline script ran (allowed by its hash), and so did the module script.
    expect(strict_page.locator("body")).to_have_class(re.compile("js-enabled"))
    expect(strict_page.locator("body")).to_have_class(re.compile("nhsuk-frontend-supported"))
    assert strict_page.violations == []


def test_staff_pages_break_no_content_security_policy_rule(strict_page, live_server):
    sign_in(strict_page, live_server)
    for path in ["/staff/", "/staff/reports/pipeline", "/staff/people/", "/staff/reports/outreach"]:
        strict_page.goto(f"{live_server}{path}")
    assert strict_page.violations == []


def test_first_sign_in_sets_up_two_factor_with_a_qr_code(page, live_server):
    import pyotp

    from portal.demo.academy import DEMO_PASSWORD
    from tests.browser.conftest import NEW_STARTER, assert_accessible

    page.goto(f"{live_server}/staff/sign-in")
    page.get_by_label("Email address").fill(NEW_STARTER)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Set up your authenticator app")
    expect(page.get_by_role("img", name="QR code for adding this account to an authenticator app")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_accessible(page)

    secret = page.locator(".app-secret-key").inner_text().replace(" ", "")
    page.get_by_label("Enter the 6-digit code the app shows").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Save your recovery codes")
    expect(page.locator(".app-recovery-codes li")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Staff home")


def test_audit_log_and_rights_pages_are_accessible(page, live_server):
    from tests.browser.conftest import assert_accessible

    sign_in(page, live_server, "admin@demo.example")
    page.goto(f"{live_server}/staff/admin/audit")
    expect(page.locator("h1")).to_have_text("Audit log")
    expect(page.locator("table")).to_contain_text("Signed in")
    assert_accessible(page)
    page.get_by_label("Action").select_option("sign_in")
    page.get_by_role("button", name="Search the audit log").click()
    expect(page).to_have_url(re.compile(r"action=sign_in"))
    assert_accessible(page)

    page.goto(f"{live_server}/staff/people/")
    page.locator("table a").first.click()
    expect(page.get_by_role("link", name="Erase this person's details")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Erase this person's details").click()
    expect(page.locator("h1")).to_have_text("Erase this person's details")
    page.get_by_role("button", name="Erase details").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Type the person reference to confirm")
    assert_accessible(page)
