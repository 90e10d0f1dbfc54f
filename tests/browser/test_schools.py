"""The schools programme in a real browser: a session logged on a phone shows in the reach report,
pupils sign up from its QR page, a school asks for a session; every page checked with axe-core."""

from datetime import date

from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS, assert_accessible, sign_in


def fill_date(scope, day: date):
    scope.get_by_label("Day").fill(str(day.day))
    scope.get_by_label("Month").fill(str(day.month))
    scope.get_by_label("Year").fill(str(day.year))


def test_log_a_session_on_a_phone_then_see_it_in_the_report(page, live_server):
    page.set_viewport_size(VIEWPORTS["phone"])
    sign_in(page, live_server, "staff@demo.example")
    page.goto(f"{live_server}/staff/schools/sessions/new")
    assert_accessible(page)
    page.get_by_label("School", exact=True).select_option(label="Millbrook Primary School (900108)")
    fill_date(page.get_by_role("group", name="Date"), date.today())
    page.get_by_label("Activity").select_option("careers_talk")
    page.get_by_label("In person").check()
    page.get_by_label("Year 5").check()
    page.get_by_label("Year 6").check()
    page.get_by_label("Pupils reached").fill("137")
    page.get_by_role("checkbox", name="Priya Shah (Physiotherapist)").check()
    page.get_by_label("Hours Priya Shah gave").fill("1.5")
    page.get_by_label("5. Encounters with employers and employees").check()
    page.get_by_role("button", name="Save session").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Session logged")
    expect(page.locator("h1")).to_have_text("Careers talk at Millbrook Primary School")
    assert_accessible(page)
    session_url = page.url

    page.goto(f"{live_server}/staff/reports/schools")
    top = page.locator("table", has_text="Top schools")
    expect(top).to_contain_text("Millbrook Primary School")
    expect(top.locator("tr", has_text="Millbrook Primary School")).to_contain_text("137")
    expect(page.locator("svg.app-chart__svg").first).to_be_visible()
    assert_accessible(page)

    # Pupils sign up from the session's printable page.
    page.goto(session_url)
    page.get_by_role("link", name="Sign-up sheet with QR code").click()
    expect(page.locator("img.app-qr")).to_be_visible()
    assert_accessible(page)
    sign_up_url = page.locator("strong.app-break-anywhere").inner_text()

    page.goto(sign_up_url)
    assert_accessible(page)
    page.get_by_label("I am the pupil").check()
    page.get_by_label("Pupil's first name").fill("Maya")
    page.get_by_label("Pupil's last name").fill("Okafor")
    today = date.today()
    fill_date(page.get_by_role("group", name="Pupil's date of birth"), date(today.year - 11, 1, 15))
    page.get_by_label("Email address").fill("maya.okafor@example.com")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Send").click()
    expect(page.locator("main")).to_contain_text("We can only keep details of pupils aged 13 or over")
    assert_accessible(page)

    page.goto(sign_up_url)
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("I am their parent or carer").check()
    page.get_by_label("Pupil's first name").fill("Sam")
    page.get_by_label("Pupil's last name").fill("Okafor")
    fill_date(page.get_by_role("group", name="Pupil's date of birth"), date(today.year - 15, 1, 15))
    page.get_by_label("Phone number").fill("07700 900 123")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Send").click()
    expect(page.locator("h1")).to_have_text("Thank you")
    assert_accessible(page)


def test_staff_pages_of_the_schools_programme_are_accessible(page, live_server):
    sign_in(page, live_server, "staff@demo.example")
    for path in ("/staff/schools/", "/staff/schools/new", "/staff/schools/ambassadors", "/staff/schools/ambassadors/new",
                 "/staff/schools/sessions", "/staff/schools/requests", "/staff/schools/toolkit",
                 "/staff/schools/toolkit/new"):  # fmt: skip
        page.goto(f"{live_server}{path}")
        assert_accessible(page)
    page.goto(f"{live_server}/staff/schools/")
    page.get_by_role("link", name="Northvale Academy").click()
    assert_accessible(page)
    page.goto(f"{live_server}/staff/schools/ambassadors")
    page.get_by_role("link", name="Tom Reid").click()
    assert_accessible(page)
    page.goto(f"{live_server}/staff/schools/ambassadors?status=all")
    page.get_by_role("link", name="Dan Novak").click()
    expect(page.get_by_role("heading", name="DBS check needs renewing")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server}/staff/schools/sessions")
    page.locator("main table a").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Change this session").click()
    assert_accessible(page)

    # Matching: the demo request for a paramedic suggests Tom Reid; invite him and record his yes.
    page.goto(f"{live_server}/staff/schools/requests")
    page.locator("main table a").first.click()
    assert_accessible(page)
    page.get_by_label("Tom Reid").check()
    page.get_by_role("button", name="Record invitations").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("1 ambassador invited")
    page.get_by_role("button", name="Accepted: Tom Reid").click()
    expect(page.locator("main")).to_contain_text("Arranged")
    assert_accessible(page)


def test_a_school_finds_the_toolkit_and_requests_a_session(page, live_server):
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto(f"{live_server}/schools/")
    assert_accessible(page)
    page.get_by_role("link", name="Request a session").click()
    expect(page.locator("h1")).to_have_text("Request a session")
    assert_accessible(page)
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("School or college name").fill("Millbrook Primary School")
    page.get_by_label("Your name").fill("Ms Teacher")
    page.get_by_label("Your email address").fill("careers@millbrook.example")
    page.get_by_label("What kind of session?").select_option("assembly")
    page.get_by_label("Year 6").check()
    fill_date(page.get_by_role("group", name="Preferred date"), date(date.today().year + 1, 3, 10))
    page.get_by_label("In person").check()
    page.get_by_role("button", name="Send request").click()
    expect(page.locator("h1")).to_have_text("Request sent")
    assert_accessible(page)
