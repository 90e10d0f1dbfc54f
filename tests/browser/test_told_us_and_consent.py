"""A staff journey in a real browser: a visitor answers the Journey to Work and asks for an
adviser; the adviser sees the answers on the referral, opens a case that carries them as "what
they told us", checks them, and later records on the person's word that they withdraw their
consent. Every page axe-checked; the case and person pages photographed at 375 and 1280 px."""

from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS, assert_accessible, only_the_portal, sign_in
from tests.conftest import ROOT

SHOTS = ROOT / "test-results" / "screenshots"
NAME = ("Zainab", "Told-Us-Browser")


def continue_(page):
    page.locator("form button.nhsuk-button").last.click()


def _ask_for_an_adviser(browser, live_server):
    context = only_the_portal(browser.new_context(), live_server)
    page = context.new_page()
    page.goto(f"{live_server}/journey-to-work/questions/situation")
    page.locator('input[value="new_to_uk"]').check()
    continue_(page)
    page.locator("input[name=answer]").fill("31")
    continue_(page)
    for value in ("not_sure", "learning", "abroad_health", "no"):  # right to work, English, qualification, ENIC
        page.locator(f'input[value="{value}"]').check()
        continue_(page)
    page.locator('input[value="not_sure"]').check()
    continue_(page)
    page.locator('input[value="part_time"]').check()
    continue_(page)
    expect(page).to_have_url(f"{live_server}/journey-to-work/check-answers")
    page.goto(f"{live_server}/journey-to-work/adviser")
    page.locator("#first_name").fill(NAME[0])
    page.locator("#last_name").fill(NAME[1])
    page.locator("#phone").fill("07700 900713")
    page.locator("input[name=consent]").check()
    continue_(page)
    expect(page).to_have_url(f"{live_server}/journey-to-work/adviser/about-you")
    context.close()


def _shots(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for viewport in ("phone", "desktop"):
        page.set_viewport_size(VIEWPORTS[viewport])
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (name, viewport)
        page.screenshot(path=str(SHOTS / f"{name}-{viewport}.png"), full_page=True)
    page.set_viewport_size(VIEWPORTS["desktop"])


def test_an_adviser_checks_what_they_told_us_then_records_a_withdrawal(browser, page, live_server):
    _ask_for_an_adviser(browser, live_server)
    sign_in(page, live_server, "adviser@demo.example")
    page.goto(f"{live_server}/staff/outreach/referrals")
    full_name = " ".join(NAME)
    while not page.get_by_role("link", name=full_name).count():
        page.get_by_role("link", name="Next").first.click()
    page.get_by_role("link", name=full_name).click()
    expect(page.get_by_role("heading", name="Journey to Work answers")).to_be_visible()
    expect(page.locator("main")).to_contain_text("I am just starting to learn")
    assert_accessible(page)

    page.get_by_role("button", name="Open case").click()
    expect(page.locator("h1")).to_have_text(full_name)
    told_us = page.locator(".nhsuk-summary-list").nth(1)
    expect(told_us.locator(".nhsuk-tag", has_text="What they told us")).to_have_count(6)
    assert_accessible(page)
    _shots(page, "case-told-us")
    english = told_us.locator(".nhsuk-summary-list__row", has_text="How good is your English?")
    english.get_by_role("button", name="Mark as checked").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Answer marked as checked")
    expect(told_us.locator(".nhsuk-tag", has_text="What they told us")).to_have_count(5)
    page.get_by_role("button", name="Mark every answer as checked").click()
    expect(told_us.locator(".nhsuk-tag", has_text="Checked")).to_have_count(6)
    assert_accessible(page)

    page.get_by_role("link", name="Person record").click()
    page.get_by_role("link", name="They have told you they withdraw their consent").click()
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw consent").click()  # not ticked: said next to the box
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Tick the box to confirm they asked for this")
    assert_accessible(page)
    page.get_by_label("Anything to note (optional)").fill("Rang on Tuesday")
    page.get_by_label("They told me they no longer want the academy to contact them").check()
    page.get_by_role("button", name="Withdraw consent").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Consent withdrawn")
    expect(page.locator("main")).to_contain_text("Do not contact: consent withdrawn")
    expect(page.locator("main table")).to_contain_text("Told a member of staff")
    assert_accessible(page)
    _shots(page, "person-consent-withdrawn")
