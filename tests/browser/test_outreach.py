"""An outreach adviser's day in a real browser, every page checked with axe-core."""

from datetime import date, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in


def fill_date(scope, day: date):
    scope.get_by_label("Day").fill(str(day.day))
    scope.get_by_label("Month").fill(str(day.month))
    scope.get_by_label("Year").fill(str(day.year))


def test_an_advisers_day(page, live_server):
    sign_in(page, live_server, "adviser@demo.example")
    page.goto(f"{live_server}/staff/outreach/referrals")
    assert_accessible(page)

    # Triage: open a case for the first person waiting.
    page.locator("main table a").first.click()
    assert_accessible(page)
    name = page.locator("h1").inner_text().split(": ", 1)[1]
    page.get_by_role("button", name="Open case").click()
    expect(page.locator("h1")).to_have_text(name)
    assert_accessible(page)
    case_url = page.url

    # Log an intervention.
    page.get_by_text("Record an intervention").click()
    page.get_by_label("Type").select_option("careers_advice")
    fill_date(page.get_by_role("group", name="Date", exact=True), date.today())
    page.get_by_label("Minutes").fill("40")
    page.get_by_label("Phone").check()
    page.get_by_role("button", name="Record intervention").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Intervention recorded")

    # Add an action that is already overdue, so it stands out.
    page.get_by_text("Add an action").click()
    page.get_by_label("What needs doing").fill("Bring qualification certificates")
    page.get_by_label("Who will do it").fill(name)
    fill_date(page.get_by_role("group", name="Due date"), date.today() - timedelta(days=1))
    page.get_by_role("button", name="Add action").click()
    expect(page.locator(".app-action--overdue")).to_contain_text("Bring qualification certificates")
    assert_accessible(page)

    # Record a group session for this person.
    page.goto(f"{live_server}/staff/outreach/group-sessions/new")
    assert_accessible(page)
    page.get_by_label("Title").fill("Working in the NHS: information session")
    fill_date(page.get_by_role("group", name="Date", exact=True), date.today())
    page.get_by_label("Minutes").fill("90")
    page.get_by_label("In person").check()
    page.get_by_label(name).first.check()
    page.get_by_role("button", name="Save session").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Session recorded for 1 person")
    expect(page.locator("h1")).to_have_text("My caseload")
    assert_accessible(page)

    # Record a job from the person's record.
    page.goto(case_url)
    page.get_by_role("link", name="Person record").click()
    page.get_by_role("button", name="Record a job").click()
    assert_accessible(page)
    page.get_by_label("Employer", exact=True).select_option(label="Larchfield Care Homes")
    page.get_by_label("Job title").fill("Care worker")
    page.get_by_label("Permanent").check()
    fill_date(page.get_by_role("group", name="Start date"), date.today())
    page.get_by_role("button", name="Save job").click()
    expect(page.locator(".app-timeline")).to_contain_text("Employed")
    page.goto(case_url)
    timeline = page.locator(".app-timeline")
    expect(timeline).to_contain_text("Careers advice and guidance")
    expect(timeline).to_contain_text("Group information session")

    page.goto(f"{live_server}/staff/reports/outreach")
    assert_accessible(page)
