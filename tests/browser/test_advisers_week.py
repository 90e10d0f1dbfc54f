"""An adviser's week in a real browser: triage a referral, open a case, plan an action and correct
it, fill in the UK ENIC statement's date when it arrives, record a 37.5-hour job with a new
employer, and record the 13-week check with a date of contact and notes. Every page is checked
with axe-core; the case page and the checks due list are photographed at 375 and 1280 px."""

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_outreach import fill_date
from tests.conftest import ROOT

SHOTS = ROOT / "test-results" / "screenshots"
TODAY = date.today()


def photograph(page, name):
    """Both widths: nothing wider than the screen, and a full-page picture to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} overflows at {width}px"
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_advisers_week(page, live_server):
    sign_in(page, live_server, "adviser@demo.example")

    # Monday: triage. The list says how long each person has waited against the 5-day promise.
    page.goto(f"{live_server}/staff/outreach/referrals")
    expect(page.get_by_role("columnheader", name="Waiting")).to_be_visible()
    expect(page.locator("main tbody tr").first).to_contain_text("working day")
    assert_accessible(page)
    page.locator("main tbody tr").filter(has_not_text="Check who sent it").first.locator("a").click()
    name = page.locator("h1").inner_text().split(": ", 1)[1]
    page.get_by_role("button", name="Open case").click()
    expect(page.locator("h1")).to_have_text(name)
    case_url = page.url

    # Plan an action, then correct its due date: the history keeps both dates.
    page.get_by_text("Add an action").click()
    page.get_by_label("What needs doing").fill("Send the UK ENIC application")
    page.get_by_label("Who will do it").fill("Adviser")
    fill_date(page.get_by_role("group", name="Due date"), TODAY + timedelta(days=2))
    page.get_by_role("button", name="Add action").click()
    action = page.locator(".app-action", has_text="Send the UK ENIC application")
    action.get_by_role("link", name=re.compile("^Change")).click()
    expect(page.locator("h1")).to_have_text("Change the action")
    assert_accessible(page)
    fill_date(page.get_by_role("group", name="Due date"), TODAY + timedelta(days=7))
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Changes saved")
    expect(page.locator(".app-history__item").first).to_contain_text("Changed an action")
    expect(page.locator(".app-history__item").first).to_contain_text("Due date:")

    # Done, then undone: pressed by mistake.
    action.get_by_role("button", name=re.compile("^Mark as done")).click()
    expect(action).to_contain_text("Done")
    action.get_by_role("button", name=re.compile("^Mark as not done")).click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("The action is open again")

    # The qualification goes to UK ENIC...
    page.get_by_text("Add a qualification").click()
    page.get_by_label("Qualification", exact=True).fill("Bachelor of Nursing")
    page.get_by_label("Country").fill("Ukraine")
    fill_date(page.get_by_role("group", name="UK ENIC statement requested on (optional)"), TODAY - timedelta(days=30))
    page.get_by_role("button", name="Save qualification").click()
    expect(page.locator("main")).to_contain_text("UK ENIC statement requested")

    # ...and on Wednesday the statement arrives: its date and outcome are filled in.
    page.locator(".app-note", has_text="Bachelor of Nursing").get_by_role("link", name=re.compile("^Change")).click()
    expect(page.locator("h1")).to_have_text("Change the qualification")
    assert_accessible(page)
    fill_date(page.get_by_role("group", name="UK ENIC statement received on (optional)"), TODAY)
    page.get_by_label("Outcome (optional)").fill("Comparable to a UK bachelor's degree")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("main")).to_contain_text("UK ENIC statement received")
    history = page.locator(".app-history__item").first
    expect(history).to_contain_text("Changed a qualification")
    expect(history).to_contain_text("UK ENIC statement received on:")
    photograph(page, "case-history")

    # Friday: a job, 37.5 hours a week, with an employer not yet on the list. It started 13 weeks
    # ago (the live server's clock is the real one), so its 13-week check is due now.
    page.goto(case_url)
    page.get_by_role("link", name="Person record").click()
    person_url = page.url
    page.get_by_role("button", name="Record a job").click()
    assert_accessible(page)
    page.get_by_label("Employer", exact=True).select_option(label="Add a new employer")
    page.get_by_label("Name of the new employer").fill("Riverside Care Home")
    page.get_by_label("Kind of organisation").select_option(label="Care provider")
    page.get_by_label("Job title").fill("Healthcare assistant")
    page.get_by_label("Permanent").check()
    page.get_by_label("Hours a week (optional)").fill("37.5")
    fill_date(page.get_by_role("group", name="Start date"), TODAY - timedelta(weeks=13))
    page.get_by_role("button", name="Save job").click()
    expect(page.locator(".app-timeline")).to_contain_text("Riverside Care Home")

    # The 13-week check has come due: the staff home says so, and its queue leads to the list.
    page.goto(f"{live_server}/staff/")
    queue = page.get_by_role("link", name=re.compile("Job checks due in the next two weeks or overdue"))
    expect(queue).to_contain_text(re.compile(r"[1-9]"))
    queue.click()
    expect(page).to_have_url(re.compile(r"/staff/opportunities/outcomes/checks-due"))
    row = page.locator("main tbody tr").filter(has_text="Healthcare assistant, Riverside Care Home")
    expect(row).to_contain_text("13 weeks")
    photograph(page, "checks-due")
    row.get_by_role("link", name="Record the 13-week check").click()
    assert_accessible(page)
    page.get_by_label("Still in the job").check()
    fill_date(page.get_by_role("group", name="Date of contact"), TODAY - timedelta(days=1))
    page.get_by_label("Notes (optional)").fill("Settled in; asking about the nursing associate apprenticeship")
    page.get_by_role("button", name="Save check").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Check recorded")
    expect(page.locator("main")).not_to_contain_text("Healthcare assistant, Riverside Care Home")
    page.goto(person_url)
    expect(page.locator(".app-timeline")).to_contain_text("13 weeks")
