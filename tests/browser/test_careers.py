"""Careers in a real browser: search, a role, compare — at desktop and phone widths, axe-clean."""

import os
from pathlib import Path

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
    expect(page).to_have_url(f"{live_server}/careers/?lang=en&q=physio&family=&band=#results")
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
    page.locator(".app-filters-toggle > summary").click()  # without JavaScript the filters open with a tap
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


COMPARE_THREE = "/careers/compare?role=physiotherapist&role=paramedic&role=dentist"


def screenshot(page, name):
    """For a person to look at: SCREENSHOT_DIR=/tmp/shots keeps each page as a PNG there."""
    if os.environ.get("SCREENSHOT_DIR"):
        folder = Path(os.environ["SCREENSHOT_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / name), full_page=True)


def cell_boxes(page, row_heading):
    return (
        page.locator("table.app-compare tbody tr", has=page.locator(f"th:text-is('{row_heading}')"))
        .locator("td")
        .evaluate_all("cells => cells.map(cell => { const box = cell.getBoundingClientRect(); return [box.x, box.y] })")
    )


def test_compare_shows_three_roles_side_by_side_on_a_desktop(page, live_server):
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto(f"{live_server}{COMPARE_THREE}")
    expect(page.locator("th[scope=col]")).to_have_count(3)
    for row in ["How to get in", "Degree needed", "Qualifications", "Training", "Apprenticeship level", "Pay"]:
        boxes = cell_boxes(page, row)
        assert len(boxes) == 3, row
        assert len({round(x) for x, _y in boxes}) == 3, (row, boxes)
        assert len({round(y) for _x, y in boxes}) == 1, (row, boxes)
    screenshot(page, "compare-1280.png")
    assert_accessible(page)


def test_compare_of_three_roles_fits_a_phone_and_scrolls_in_its_own_box(page, live_server):
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto(f"{live_server}{COMPARE_THREE}")
    expect(page.locator("th[scope=col]")).to_have_count(3)
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    scroller = page.locator(".app-table-scroll")
    assert scroller.evaluate("box => box.scrollWidth > box.clientWidth"), "the table scrolls inside its own box"
    screenshot(page, "compare-375.png")
    assert_accessible(page)
