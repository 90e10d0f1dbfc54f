"""Staff say who sent a held form, in a real browser, every page checked with axe-core."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import ROOT

SHOTS = ROOT / "test-results" / "screenshots"


def test_staff_check_who_sent_a_held_application(page, live_server):
    sign_in(page, live_server, "staff@demo.example")
    page.get_by_role("link", name="Forms to check").click()
    expect(page.locator("h1")).to_have_text("Who is this? Forms to check")
    assert_accessible(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"intake-list-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator("main table a").first.click()
    expect(page.locator("h1")).to_contain_text("Who sent REF-")
    assert_accessible(page)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"intake-detail-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The comparison reads across: what they typed and what is on record, side by side.
    cells = page.locator("main table").first.locator("tbody tr").first.locator("td")
    boxes = [cells.nth(i).bounding_box() for i in range(cells.count())]
    assert len(boxes) == 2 and boxes[0]["x"] != boxes[1]["x"] and abs(boxes[0]["y"] - boxes[1]["y"]) < 2
    page.get_by_role("button", name="link it").first.click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("is now part of")
    assert_accessible(page)
