"""The staff Messages list on a phone, in English and in Arabic: each message reads as a stack of
labelled rows, and nothing is wider than the screen."""

import pytest

from tests.browser.conftest import assert_accessible, sign_in


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_messages_fit_a_phone_in_english_and_arabic(page, live_server, lang, tmp_path):
    sign_in(page, live_server, "admin@demo.example")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server}/staff/messages/?lang={lang}")
    assert page.locator("tbody tr").count() > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=tmp_path / f"messages-phone-{lang}.png")
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    first = page.locator("tbody tr").first.locator("td")
    boxes = [first.nth(n).bounding_box() for n in range(3)]
    assert abs(boxes[0]["y"] - boxes[2]["y"]) < 2  # the cells of a row side by side on a desktop
