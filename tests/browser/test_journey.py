"""The Journey to Work in a real browser: a refugee who reads Dari, on a phone, finds a route and
asks for an adviser, right to left and axe-clean; and every Journey page in every language."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS, assert_accessible
from tests.conftest import ROOT

LOCALES = ["en", "uk", "ar", "prs", "ps"]


SHOTS = ROOT / "test-results" / "screenshots"


def shot(page, name):
    """Screenshots of the right-to-left journey, for a person to look over."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"dari-phone-{name}.png"), full_page=True)


def continue_(page):
    page.locator("form button.nhsuk-button").last.click()


def test_a_refugee_reading_dari_finds_a_route_and_asks_for_an_adviser_on_a_phone(page, live_server):
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto(f"{live_server}/?lang=prs")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator('a[href="/journey-to-work/seldom-heard"]').first.click()
    assert_accessible(page)
    page.goto(f"{live_server}/journey-to-work/")
    assert_accessible(page)
    page.locator('a[href="/journey-to-work/questions/situation"]').click()

    continue_(page)  # no answer: the error is explained, in Dari
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "prs")
    assert_accessible(page)
    shot(page, "1-question-error")

    for value in ("new_to_uk",):
        page.locator(f'input[value="{value}"]').check()
        continue_(page)
    page.locator("input[name=answer]").fill("29")
    continue_(page)
    for value in ("yes", "some", "abroad_health", "no"):  # right to work, English, qualification, ENIC
        page.locator(f'input[value="{value}"]').check()
        assert_accessible(page)
        continue_(page)
    page.locator('input[value="nursing"]').check()
    continue_(page)
    page.locator('input[value="part_time"]').check()
    continue_(page)

    expect(page).to_have_url(f"{live_server}/journey-to-work/check-answers")
    assert_accessible(page)
    page.locator('a[href="/journey-to-work/result"]').click()
    expect(page.locator("main")).to_contain_text("UK ENIC")
    assert_accessible(page)
    shot(page, "2-suggestions")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    page.locator('main a[href="/journey-to-work/adviser"]').first.click()
    expect(page.locator("#preferred_language")).to_have_value("prs")
    expect(page.locator('input[name=route][value="seldom_heard"]')).to_be_checked()
    page.locator("#first_name").fill("Farid")
    page.locator("#last_name").fill("Dari-Browser")
    page.locator("#phone").fill("07700 900456")
    page.locator('input[name=needs][value="qualifications"]').check()
    page.locator("input[name=consent]").check()
    assert_accessible(page)
    shot(page, "3-adviser-form")
    continue_(page)
    expect(page).to_have_url(f"{live_server}/journey-to-work/adviser/about-you")
    assert_accessible(page)
    page.locator('a[href="/journey-to-work/adviser/sent"]').click()
    expect(page.locator(".nhsuk-panel")).to_contain_text("REF-")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page)
    shot(page, "4-request-sent")

    heading = page.locator("h2").first.bounding_box()
    main = page.locator("main").bounding_box()
    assert abs((heading["x"] + heading["width"]) - (main["x"] + main["width"])) < 40  # right-aligned


@pytest.mark.parametrize("lang", LOCALES)
def test_journey_pages_are_accessible_in_every_language(page, live_server, lang):
    page.set_viewport_size(VIEWPORTS["phone"])
    for path in (
        "/journey-to-work/",
        "/journey-to-work/seldom-heard",
        "/journey-to-work/questions/situation",
        "/journey-to-work/adviser",
    ):
        page.goto(f"{live_server}{path}?lang={lang}")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        assert_accessible(page)


@pytest.mark.parametrize("lang", LOCALES)
def test_public_pages_are_accessible_in_every_language(page, live_server, lang):
    for path in ("/", "/careers/", "/careers/paramedic", "/opportunities/", "/no-such-page"):
        page.goto(f"{live_server}{path}?lang={lang}")
        assert_accessible(page)
