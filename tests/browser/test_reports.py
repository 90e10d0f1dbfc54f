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
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
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
