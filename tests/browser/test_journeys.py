"""The main journeys in a real browser, each page checked with axe-core (WCAG 2.2 AA) in English
and Arabic, at desktop and phone widths."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS, assert_accessible, enter_code, sign_in

LANGS = ["en", "ar"]


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", LANGS)
def test_home_page_is_accessible(page, live_server, lang, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(f"{live_server}/?lang={lang}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", LANGS)
def test_sign_in_page_and_its_errors_are_accessible(page, live_server, lang, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(f"{live_server}/staff/sign-in?lang={lang}")
    assert_accessible(page)
    page.locator("button.nhsuk-button").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", LANGS)
def test_staff_home_is_accessible(page, live_server, lang, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    sign_in(page, live_server)
    page.goto(f"{live_server}/staff/?lang={lang}")
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_pipeline_overview_and_staff_accounts_are_accessible(page, live_server, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    sign_in(page, live_server, "admin@demo.example")
    for path in ("/staff/reports/pipeline", "/staff/admin/users"):
        page.goto(live_server + path)
        assert_accessible(page)


def test_error_page_is_accessible(page, live_server):
    page.goto(f"{live_server}/no-such-page?lang=ar")
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)


def test_staff_sign_in_to_pipeline_and_sign_out(page, live_server):
    page.goto(f"{live_server}/staff/reports/pipeline")
    expect(page).to_have_url(f"{live_server}/staff/sign-in?next=%2Fstaff%2Freports%2Fpipeline")
    page.get_by_label("Email address").fill("manager@demo.example")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter a correct email address and password")
    expect(page.get_by_label("Email address")).to_have_value("manager@demo.example")

    from portal.demo.academy import DEMO_PASSWORD

    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Enter your sign-in code")
    assert_accessible(page)
    enter_code(page, "manager@demo.example")
    expect(page.locator("h1")).to_have_text("Pipeline overview")
    expect(page.locator("table")).to_contain_text("Engaged")

    page.get_by_role("button", name="Sign out").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("You have signed out")
    page.goto(f"{live_server}/staff/")
    expect(page.locator("h1")).to_have_text("Sign in")


def test_choosing_arabic_lays_the_page_out_right_to_left_and_is_remembered(page, live_server):
    page.goto(live_server)
    page.get_by_role("link", name="العربية").click()
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.goto(f"{live_server}/staff/sign-in")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    heading = page.locator("h1").bounding_box()
    main = page.locator("main").bounding_box()
    # Right-aligned: the heading hugs the right edge of the main column.
    assert abs((heading["x"] + heading["width"]) - (main["x"] + main["width"])) < 40


def test_phone_menu_and_page_fit_without_sideways_scrolling(page, live_server):
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto(f"{live_server}/?lang=ar")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.goto(f"{live_server}/?lang=en")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
