"""The explorer for a reader of Arabic or Dari on a phone: careers in their language, the compare
table aligned with its first column fixed, results reached without scrolling past the filters, the
public-service pages, and the action-link arrow pointing their way. Axe on every page; screenshots
of each in test-results/screenshots/ for a person to look at."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS, assert_accessible

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
PHONE = VIEWPORTS["phone"]


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


@pytest.mark.parametrize("lang", ["ar", "prs"])
def test_careers_in_the_readers_language_on_a_phone(page, live_server, lang):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/careers/?lang={lang}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page)
    no_sideways_scroll(page)

    # The filters are folded away on a phone; searching lands on the results count.
    expect(page.locator(".app-filters-toggle")).not_to_have_attribute("open", "")
    page.locator("input[name=q]").fill("paramedic")
    page.locator("form.app-filters button").click()
    results = page.locator("#results")
    expect(results).to_be_visible()
    assert 0 <= results.bounding_box()["y"] < PHONE["height"], "the results count is on screen after searching"
    first = page.locator(".app-result h3 a").first
    expect(first.locator("bdi[lang=en]")).to_have_text("Paramedic")
    shot(page, f"careers-{lang}-375.png")

    first.click()
    expect(page.locator("h1 bdi[lang=en]")).to_have_text("Paramedic")
    assert_accessible(page)
    no_sideways_scroll(page)
    # The action link's arrow is on the reading side: right of its words in right-to-left pages.
    icon = page.locator(".nhsuk-action-link .nhsuk-icon").bounding_box()
    words = page.locator(".nhsuk-action-link .nhsuk-action-link__text").bounding_box()
    assert icon["x"] > words["x"], (icon, words)
    shot(page, f"role-{lang}-375.png")


@pytest.mark.parametrize("lang", ["ar", "prs"])
def test_compare_on_a_phone_keeps_rows_aligned_and_the_first_column_fixed(page, live_server, lang):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/careers/compare?role=physiotherapist&role=paramedic&role=porter&lang={lang}")
    expect(page.locator("th[scope=col]")).to_have_count(3)
    assert_accessible(page)
    no_sideways_scroll(page)
    rows = page.locator("table.app-compare tbody tr")
    for index in range(rows.count()):
        tops = (
            rows.nth(index)
            .locator("th, td")
            .evaluate_all("cells => cells.map(cell => Math.round(cell.getBoundingClientRect().y))")
        )
        assert len(set(tops)) == 1, (index, tops)
    heading = page.locator("table.app-compare tbody th").first
    before = heading.bounding_box()["x"]
    page.locator(".app-compare-scroll").evaluate(
        "box => { box.scrollLeft = -400; box.scrollLeft = box.scrollLeft || 400 }"
    )
    assert abs(heading.bounding_box()["x"] - before) < 2, "the row names stay put while the roles scroll"
    # Pay in plain words beside the band.
    expect(page.locator("table.app-compare")).to_contain_text("£31,000")
    shot(page, f"compare-{lang}-375.png")

    page.locator(".app-compare__remove").first.click()
    expect(page.locator("th[scope=col]")).to_have_count(2)


@pytest.mark.parametrize("lang", ["en", "uk", "ar", "prs", "ps"])
@pytest.mark.parametrize("path", ["/privacy", "/accessibility", "/cookies", "/contact"])
def test_service_pages_are_accessible_and_fit_a_phone(page, live_server, path, lang):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}{path}?lang={lang}")
    assert_accessible(page)
    no_sideways_scroll(page)
    expect(page.locator("footer a[href='/privacy']")).to_be_visible()
    if lang in {"en", "ar"}:
        shot(page, f"service{path.replace('/', '-')}-{lang}-375.png")


def test_service_pages_on_a_desktop(page, live_server):
    page.set_viewport_size(VIEWPORTS["desktop"])
    for path in ("/privacy", "/contact"):
        page.goto(f"{live_server}{path}?lang=prs")
        assert_accessible(page)
        shot(page, f"service{path.replace('/', '-')}-prs-1280.png")
