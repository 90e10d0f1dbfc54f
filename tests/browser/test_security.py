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
    # The nonce'd inline script of the NHS.UK template ran, and so did the module script.
    expect(strict_page.locator("body")).to_have_class(re.compile("js-enabled"))
    expect(strict_page.locator("body")).to_have_class(re.compile("nhsuk-frontend-supported"))
    assert strict_page.violations == []


def test_staff_pages_break_no_content_security_policy_rule(strict_page, live_server):
    sign_in(strict_page, live_server)
    for path in ["/staff/", "/staff/pipeline/", "/staff/pipeline/people", "/staff/outreach/report"]:
        strict_page.goto(f"{live_server}{path}")
    assert strict_page.violations == []
