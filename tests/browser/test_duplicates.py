"""Possible duplicates in a real browser: the queue, the two records side by side, a merge choosing a
field, the person shown once, and undoing the merge; every new page checked with axe-core."""

import threading
from datetime import date

import pytest
from flask_migrate import upgrade
from playwright.sync_api import expect
from werkzeug.serving import make_server

from portal import create_app
from portal.demo.academy import seed_demo
from portal.demo.reference import seed_reference
from portal.extensions import db
from tests.browser.conftest import assert_accessible, only_the_portal, sign_in
from tests.conftest import ROOT

SHOTS = ROOT / "test-results" / "screenshots"


@pytest.fixture(scope="module")
def duplicates_server(tmp_path_factory):
    """Its own portal: the merge changes people that other browser tests count."""
    database = tmp_path_factory.mktemp("duplicates") / "portal.db"
    app = create_app(
        {"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "TOTP_VALID_WINDOW": 2000}
    )
    with app.app_context():
        upgrade()
        list(seed_reference())
        list(seed_demo(people=8))
        from portal.people.merging import refresh_candidates
        from portal.pipeline.services import create_person, record_event

        # The same refugee written two ways: at a school event, and by a charity's referral.
        first = create_person(
            person_ref="HCA-AAAA1111", first_name="Mohammad", last_name="Haidari", email="m.haidari@example.com",
            date_of_birth=date(2004, 3, 9), postcode="SO16 6YD", route="in_education", consent_date=date(2026, 1, 5),
        )  # fmt: skip
        second = create_person(
            person_ref="HCA-BBBB2222", first_name="Muhammad", last_name="Haydari", email="m.haidari@example.com",
            phone="07700 900123", date_of_birth=date(2004, 3, 9), route="seldom_heard", consent_date=date(2026, 2, 1),
        )  # fmt: skip
        record_event(first, "engaged", date(2026, 1, 5))
        record_event(second, "advised", date(2026, 2, 1))
        refresh_candidates()
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


def shots(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} overflows at {width}px"
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def dup_page(browser, browser_context_args, duplicates_server):
    """A page on this module's portal (the shared ``page`` would start the shared demo server too)."""
    context = only_the_portal(browser.new_context(**browser_context_args), duplicates_server)
    yield context.new_page()
    context.close()


def test_queue_side_by_side_merge_choosing_a_field_then_undo(dup_page, duplicates_server):
    page = dup_page
    sign_in(page, duplicates_server, "manager@demo.example")
    page.get_by_role("link", name="Possible duplicates").first.click()
    expect(page.locator("h1")).to_have_text("Possible duplicates")
    expect(page.locator("main table")).to_contain_text("first names match after transliteration")
    assert_accessible(page)
    shots(page, "duplicates-list")
    # In Arabic: right to left, the reasons translated, the references marked as English.
    page.get_by_role("link", name="العربية").click()
    expect(page.locator("h1")).to_have_text("سجلات مكررة محتملة")
    assert page.locator("html").get_attribute("dir") == "rtl"
    expect(page.locator("main table")).to_contain_text("الاسمان الأولان متطابقان بعد النقل الحرفي")
    assert_accessible(page)
    shots(page, "duplicates-list-ar")
    page.get_by_role("link", name="English").click()
    expect(page.locator("h1")).to_have_text("Possible duplicates")

    page.get_by_role("link", name="Mohammad Haidari").click()
    expect(page.locator("h1")).to_have_text("Are these one person?")
    assert_accessible(page)
    shots(page, "duplicates-detail")
    # The two records read across, side by side, at both widths.
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        cells = page.locator("main table").first.locator("tbody tr").first.locator("td")
        boxes = [cells.nth(i).bounding_box() for i in range(cells.count())]
        assert len(boxes) == 2 and boxes[0]["x"] < boxes[1]["x"] and abs(boxes[0]["y"] - boxes[1]["y"]) < 2

    # Keep the first record's reference and names, and take the second's phone number.
    page.get_by_role("group", name="Which reference should the person keep?").get_by_label(
        "HCA-AAAA1111 (the record made first)"
    ).check()
    page.get_by_role("group", name="Phone").get_by_label("HCA-BBBB2222: 07700 900123").check()
    page.get_by_role("button", name="Merge the two records").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("HCA-BBBB2222 is now part of HCA-AAAA1111")
    expect(page.locator("h1")).to_have_text("Mohammad Haidari")
    expect(page.locator("main")).to_contain_text("07700 900123")
    expect(page.locator("main")).to_contain_text("Records merged into this one")
    assert_accessible(page)
    shots(page, "duplicates-merged-person")

    # Once in the list of people; the old reference leads to the kept record.
    page.goto(f"{duplicates_server}/staff/people/")
    expect(page.locator("main").get_by_text("Haidari")).to_have_count(1)
    expect(page.locator("main")).not_to_contain_text("Haydari")
    page.goto(f"{duplicates_server}/staff/people/HCA-BBBB2222")
    expect(page.locator("h1")).to_have_text("Mohammad Haidari")
    page.goto(f"{duplicates_server}/staff/people/duplicates")
    expect(page.locator("main")).to_contain_text("There are no possible duplicates to check.")

    page.goto(f"{duplicates_server}/staff/people/HCA-AAAA1111")
    page.get_by_role("button", name="Undo the merge of HCA-BBBB2222").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("HCA-BBBB2222 is a separate record again")
    expect(page.locator("main")).not_to_contain_text("07700 900123")
    assert_accessible(page)
    page.goto(f"{duplicates_server}/staff/people/HCA-BBBB2222")
    expect(page.locator("h1")).to_have_text("Muhammad Haydari")
