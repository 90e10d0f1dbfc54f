"""Careers in a real browser: search, a role, compare — at desktop and phone widths, axe-clean."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS, assert_accessible, only_the_portal


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_search_then_role_then_compare(page, live_server, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(f"{live_server}/careers/")
    assert_accessible(page)

    page.get_by_label("Search for a job or a subject").fill("physio")
    page.get_by_role("button", name="Show roles").click()
    expect(page).to_have_url(f"{live_server}/careers/?lang=en&q=physio&family=&band=")
    first = page.locator(".app-result h3 a").first
    expect(first).to_have_text("Physiotherapist")
    assert_accessible(page)

    first.click()
    expect(page.locator("h1")).to_have_text("Physiotherapist")
    expect(page.locator("main")).to_contain_text("ST0519")
    assert_accessible(page)

    page.get_by_role("link", name="Compare this role with others").click()
    page.get_by_label("Add a role to compare").select_option("paramedic")
    page.get_by_role("button", name="Add to comparison").click()
    expect(page.locator("th[scope=col]")).to_have_count(2)
    expect(page).to_have_url(f"{live_server}/careers/compare?role=physiotherapist&role=paramedic")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_filters_work_without_javascript(browser, live_server, viewport):
    context = only_the_portal(
        browser.new_context(java_script_enabled=False, bypass_csp=True, viewport=VIEWPORTS[viewport]), live_server
    )
    page = context.new_page()
    page.goto(f"{live_server}/careers/")
    page.get_by_label("Career family").select_option("midwifery")
    page.get_by_label("Apprenticeship available").check()
    page.get_by_role("button", name="Show roles").click()
    expect(page.locator(".app-result h3 a").first).to_be_visible()
    assert "family=midwifery" in page.url and "route=apprenticeship" in page.url
    expect(page.get_by_label("Apprenticeship available")).to_be_checked()
    context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_family_page_and_empty_search_are_accessible(page, live_server, lang):
    page.goto(f"{live_server}/careers/families/nursing?lang={lang}")
    assert_accessible(page)
    page.goto(f"{live_server}/careers/?q=astronaut&lang={lang}")
    assert_accessible(page)
