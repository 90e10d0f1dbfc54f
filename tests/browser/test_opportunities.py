"""The whole journey in a real browser: find an opportunity, apply, then staff take the person
through shortlisting, an offer, a placement and into a job that is still going at 13 weeks.
Every page on the way is checked with axe-core."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS, assert_accessible, sign_in


def fill_date(page, legend, day: date):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_from_finding_an_opportunity_to_a_job_that_lasts(page, live_server):
    # A person finds a volunteering role and applies.
    page.goto(f"{live_server}/opportunities/")
    assert_accessible(page)
    page.get_by_label("Type of opportunity").select_option("volunteering")
    page.get_by_role("button", name="Show opportunities").click()
    page.get_by_role("link", name="Hospital volunteer: patient experience").click()
    assert_accessible(page)
    page.get_by_role("button", name="Apply for this opportunity").click()
    assert_accessible(page)

    page.get_by_role("button", name="Send application").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter your first name")
    assert_accessible(page)

    page.get_by_label("First name").fill("Zahra")
    page.get_by_label("Last name").fill("Browser-Test")
    page.get_by_label("Email address").fill("zahra.browser@example.com")
    fill_date(page, "Date of birth", date(1996, 4, 9))
    page.get_by_label("New to the UK or needing extra support").check()
    page.get_by_label("I agree that the academy may keep my details").check()
    page.get_by_role("button", name="Send application").click()

    expect(page.locator("h1")).to_have_text("About you (optional)")
    assert_accessible(page)
    page.get_by_role("group", name="Have you come to the UK as a refugee or asylum seeker?").get_by_label("Yes").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".nhsuk-panel")).to_contain_text("APP-")
    assert_accessible(page)
    reference = page.locator(".nhsuk-panel strong").inner_text()

    # Staff take it from there.
    sign_in(page, live_server, "staff@demo.example")
    page.goto(f"{live_server}/staff/opportunities/applications")
    page.get_by_label("Name or reference").fill(reference)
    page.get_by_role("button", name="Search", exact=True).click()
    assert reference not in page.url
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()
    assert_accessible(page)
    for status in ("Reviewing", "Shortlisted", "Offered", "Accepted"):
        page.get_by_label("Move to").select_option(label=status)
        page.get_by_role("button", name="Change status").click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text(f"Status changed to {status}")

    page.get_by_role("button", name="Start the placement").click()
    assert_accessible(page)
    fill_date(page, "Start date", date.today() - timedelta(days=20))
    page.get_by_label("Expected hours (optional)").fill("40")
    page.get_by_role("button", name="Start placement").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Placement started")

    page.get_by_role("button", name="Record the end of the placement").click()
    page.get_by_role("group", name="Did they complete the placement?").get_by_label("Yes").check()
    page.get_by_label("Hours done").fill("38")
    fill_date(page, "Date it ended", date.today() - timedelta(days=1))
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Completed")

    page.get_by_role("link", name="Record a job for this person").click()
    assert_accessible(page)
    page.get_by_label("Employer", exact=True).select_option(label="Northvale Teaching Hospitals NHS Foundation Trust")
    page.get_by_label("Job title").fill("Healthcare support worker")
    page.get_by_label("Permanent").check()
    fill_date(page, "Start date", date.today() - timedelta(weeks=13))
    page.get_by_role("button", name="Save job").click()
    expect(page.locator("h1")).to_have_text("Zahra Browser-Test")
    expect(page.locator(".app-timeline")).to_contain_text("Employed")
    assert_accessible(page)

    page.goto(f"{live_server}/staff/opportunities/outcomes/checks-due")
    assert_accessible(page)
    page.get_by_role("link", name="Record the 13-week check – Zahra Browser-Test").click()
    page.get_by_label("Still in the job").check()
    page.get_by_role("button", name="Save check").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Check recorded")

    page.goto(f"{live_server}/staff/people/")
    page.get_by_label("Search by name, email or person reference").fill("zahra.browser@example.com")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name="Zahra Browser-Test").click()
    timeline = page.locator(".app-timeline")
    for stage in (
        "Applied",
        "Work experience or volunteering",
        "Employed",
        "Still employed at 13 weeks",
    ):
        expect(timeline).to_contain_text(stage)
    # A place on volunteering is not a job offer (docs/reports.md, the stage table).
    expect(timeline).not_to_contain_text("Offered a job")


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_opportunity_pages_are_accessible(page, live_server, viewport, lang):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(f"{live_server}/opportunities/?lang={lang}")
    assert_accessible(page)
    page.locator(".app-result h3 a").first.click()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("path", [
    "/staff/opportunities/", "/staff/opportunities/new", "/staff/opportunities/organisations",
    "/staff/opportunities/outcomes", "/staff/people/", "/staff/opportunities/applications",
])  # fmt: skip
def test_staff_pages_are_accessible(page, live_server, path):
    sign_in(page, live_server, "staff@demo.example")
    page.goto(live_server + path)
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)
