"""A manager brings in last year's spreadsheets and shows the board the widening-participation
report, in a real browser, every page checked with axe-core."""

import csv
import io
from datetime import date

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import ROOT

SCREENSHOTS = ROOT / "test-results" / "screenshots"
YEAR = date.today().year - 1
PEOPLE = "person_ref,first_name,last_name,route,consent_date,ethnic_category,refugee_background\n" + "".join(
    f"BRW-{i:03d},Browser,Person{i},seldom_heard,{YEAR}-01-02,{'N' if i % 2 else 'A'},{'yes' if i % 3 == 0 else 'no'}\n"
    for i in range(20)
)
EVENTS = (
    "person_ref,stage,date,organisation\n"
    + "".join(f"BRW-{i:03d},engaged,{YEAR}-05-0{1 + i % 9},Browser Test Trust\n" for i in range(20))
    + "".join(f"BRW-{i:03d},applied,{YEAR}-06-01,Browser Test Trust\n" for i in range(10))
)


def upload(page, live_server, kind, name, text, tmp_path):
    path = tmp_path / name
    path.write_text(text)
    page.goto(f"{live_server}/staff/imports/{kind}")
    assert_accessible(page)
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("h1")).to_have_text(f"Check the import of {name}")
    assert_accessible(page)
    page.get_by_role("button", name="Import the file").click()
    expect(page.locator("main")).to_contain_text("The import is complete.", timeout=20000)
    assert_accessible(page)


def test_import_history_then_show_the_board(page, live_server, tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    sign_in(page, live_server, "manager@demo.example")
    page.goto(f"{live_server}/staff/imports/")
    assert_accessible(page)

    # A file with a mistake is refused whole, with the line named.
    bad = tmp_path / "bad.csv"
    bad.write_text("person_ref,first_name,last_name,route,consent_date\nX1,A,B,retired,2025-01-01\n")
    page.goto(f"{live_server}/staff/imports/people")
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("1 problem: nothing has been imported")
    expect(page.locator("main table")).to_contain_text("'retired' is not one of")
    assert_accessible(page)

    upload(page, live_server, "people", "people.csv", PEOPLE, tmp_path)
    upload(page, live_server, "events", "events.csv", EVENTS, tmp_path)

    fy = YEAR if date(YEAR, 5, 1) >= date(YEAR, 4, 1) else YEAR - 1
    page.goto(f"{live_server}/staff/reports/widening-participation")
    assert_accessible(page)
    page.get_by_label("Period", exact=True).select_option(f"fy{fy}")
    page.get_by_label("Organisation", exact=True).select_option(label="Browser Test Trust")
    page.get_by_role("button", name="Show the report").click()
    funnel = page.locator("#funnel-heading + figure + div table")
    expect(funnel.locator("tr", has_text="Engaged")).to_contain_text("20")
    expect(funnel.locator("tr", has_text="Applied")).to_contain_text("10")
    expect(page.locator("#refugee_background-heading")).to_be_visible()
    expect(page.locator("main")).to_contain_text("counts of 1 to 7 people are shown as *")
    page.get_by_text("Reached and conversion at every stage").first.click()
    expect(page.locator("details[open] table").first).to_contain_text("50.0%")
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / "widening-participation.png"), full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report (CSV)").click()
    rows = [
        {key: row[key] for key in ("characteristic", "group", "stage", "reached", "conversion_pct")}
        for row in csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig")))
    ]
    assert {"characteristic": "all", "group": "all", "stage": "engaged", "reached": "20", "conversion_pct": ""} in rows
    assert {
        "characteristic": "ethnic_group",
        "group": "black",
        "stage": "engaged",
        "reached": "10",
        "conversion_pct": "",
    } in rows
    with page.expect_download() as workbook:
        page.get_by_role("link", name="Download the report (Excel)").click()
    assert workbook.value.suggested_filename.endswith(".xlsx")

    page.get_by_role("link", name="Board pack for this period").click()
    expect(page.locator("h1")).to_have_text("Board pack")
    expect(page.locator("main svg").first).to_be_visible()
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.locator(".app-no-print").first).to_be_hidden()
    page.screenshot(path=str(SCREENSHOTS / "board-pack-print.png"), full_page=True)


def no_horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_board_pack_names_its_filters_opens_custom_dates_and_refuses_a_bad_period(page, live_server):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    sign_in(page, live_server, "manager@demo.example")
    page.goto(f"{live_server}/staff/reports/board-pack")
    assert_accessible(page)
    page.get_by_text("Change the period or filters").click()
    dates = page.locator("details[data-custom-dates]")
    expect(dates).not_to_have_attribute("open", "")
    page.get_by_label("Period", exact=True).select_option("custom")
    expect(dates).to_have_attribute("open", "")  # opened by portal.js as soon as it is chosen
    page.locator('input[name="start[day]"]').fill("31")
    page.locator('input[name="start[month]"]').fill("2")
    page.locator('input[name="start[year]"]').fill("2025")
    page.get_by_label("Route", exact=True).select_option(label="In education")
    page.get_by_role("button", name="Show the report").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Headlines")
    expect(page.locator('input[name="start[day]"]')).to_have_value("31")
    assert_accessible(page)

    page.goto(f"{live_server}/staff/reports/board-pack?route=in_education")
    expect(page.locator(".app-board-filters")).to_contain_text("In education")
    expect(page.locator(".app-headlines")).to_contain_text("Not filtered by route")
    expect(page.get_by_role("link", name="Download the board pack (PDF)")).to_be_visible()
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
        assert no_horizontal_overflow(page), width
        page.screenshot(path=str(SCREENSHOTS / f"board-pack-{width}.png"), full_page=True)
    # The headline table's cells sit side by side (it scrolls inside its own region on a phone).
    cells = page.locator(".app-headlines tbody tr").first.locator("td")
    first, second = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"]

    page.goto(f"{live_server}/staff/reports/opportunities-and-outcomes")
    expect(page.locator("h1")).to_have_text("Opportunities and outcomes")
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
        assert no_horizontal_overflow(page), width
        page.screenshot(path=str(SCREENSHOTS / f"outcomes-{width}.png"), full_page=True)
