"""Academy staff log a session on a 375 px phone: three careers and two ambassadors found by typing
into the pick lists (no keyboard modifier), hours for each, an expired DBS check refused until
confirmed; then the session shows with each ambassador's hours. The staff home's work queues too."""

from datetime import date

from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS, assert_accessible, sign_in
from tests.conftest import ROOT

SHOTS = ROOT / "test-results" / "screenshots"


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{page.viewport_size['width']}.png"), full_page=True)


def no_horizontal_overflow(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def fill_date(scope, day: date):
    scope.get_by_label("Day").fill(str(day.day))
    scope.get_by_label("Month").fill(str(day.month))
    scope.get_by_label("Year").fill(str(day.year))


def test_log_a_session_on_a_phone_with_three_careers_and_two_ambassadors(page, live_server):
    page.set_viewport_size(VIEWPORTS["phone"])
    sign_in(page, live_server, "staff@demo.example")
    page.goto(f"{live_server}/staff/schools/sessions/new")
    assert_accessible(page)
    no_horizontal_overflow(page)
    page.get_by_label("School", exact=True).select_option(label="Eastmoor High School (900102)")
    fill_date(page.get_by_role("group", name="Date"), date.today())
    page.get_by_label("Activity").select_option("workshop")
    page.get_by_label("In person").check()
    page.get_by_label("Year 6").check()
    page.get_by_label("Pupils reached").fill("64")

    # Ambassadors: find by typing, tick, then each one's hours box appears under their name.
    find_ambassador = page.get_by_label("Find an ambassador")
    find_ambassador.fill("grace")
    expect(page.get_by_label("Priya Shah (Physiotherapist)")).to_be_hidden()
    page.get_by_label("Grace Mensah (Adult nurse)").check()
    page.get_by_label("Hours Grace Mensah gave").fill("2")
    find_ambassador.fill("dan")
    page.get_by_label("Dan Novak (Biomedical scientist)").check()
    page.get_by_label("Hours Dan Novak gave").fill("1.5")
    expect(page.get_by_text("DBS check expired")).to_be_visible()
    find_ambassador.fill("")
    expect(page.get_by_label("Priya Shah (Physiotherapist)")).to_be_visible()

    find_career = page.get_by_label("Find a career")
    for words, label in (("paramedic", "Paramedic"), ("adult nurse", "Adult nurse"), ("physio", "Physiotherapist")):
        find_career.fill(words)
        page.get_by_role("checkbox", name=label, exact=True).check()
    find_career.fill("")
    expect(page.locator("[data-module=app-pick-list] .app-pick-list__status").last).to_contain_text("3 ticked")
    assert_accessible(page)
    shoot(page, "session-log-filled")
    no_horizontal_overflow(page)

    # Dan Novak's DBS check has expired: refused until staff confirm they have checked.
    page.get_by_role("button", name="Save session").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("no current DBS check")
    expect(page.get_by_label("Hours Dan Novak gave")).to_have_value("1.5")
    assert_accessible(page)
    shoot(page, "session-log-dbs-refused")
    page.get_by_label("I have checked").check()
    page.get_by_role("button", name="Save session").click()

    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Session logged")
    expect(page.locator("h1")).to_have_text("Workshop at Eastmoor High School")
    main = page.locator("main")
    for words in ("Grace Mensah", "Dan Novak", "Paramedic", "Adult nurse", "Physiotherapist"):
        expect(main).to_contain_text(words)
    assert_accessible(page)
    no_horizontal_overflow(page)
    shoot(page, "session-logged")


def test_the_form_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    sign_in(page, live_server, "staff@demo.example")
    page.goto(f"{live_server}/staff/schools/sessions/new")
    expect(page.get_by_label("Find a career")).to_have_count(0)
    page.get_by_label("Paramedic", exact=True).check()
    expect(page.get_by_label("Hours Priya Shah gave")).to_be_visible()
    context.close()


def test_staff_home_work_queues_at_both_widths(page, live_server):
    sign_in(page, live_server, "staff@demo.example")
    for size in ("phone", "desktop"):
        page.set_viewport_size(VIEWPORTS[size])
        page.goto(f"{live_server}/staff/")
        queues = page.locator(".app-work-queues")
        expect(queues).to_contain_text("New session requests from schools")
        assert_accessible(page)
        no_horizontal_overflow(page)
        shoot(page, "staff-home")
    boxes = page.locator(".app-work-queue").evaluate_all("items => items.map(i => i.getBoundingClientRect().top)")
    assert len(set(boxes[:2])) == 1  # side by side on a wide screen
    page.get_by_role("link", name="Ambassadors whose DBS check expires within 60 days").click()
    expect(page.locator("h1")).to_have_text("Ambassadors")


def test_import_page_lists_allowed_values_and_templates(page, live_server):
    sign_in(page, live_server, "staff@demo.example")
    for size in ("phone", "desktop"):
        page.set_viewport_size(VIEWPORTS[size])
        page.goto(f"{live_server}/staff/imports/sessions")
        page.locator("summary", has_text="activity").first.click()
        expect(page.get_by_role("cell", name="Careers talk")).to_be_visible()
        expect(
            page.get_by_role("link", name="Excel template, with the allowed values as drop-down lists")
        ).to_be_visible()
        assert_accessible(page)
        shoot(page, "import-sessions")
        no_horizontal_overflow(page)
        page.goto(f"{live_server}/staff/schools/sessions/new")
        assert_accessible(page)
        no_horizontal_overflow(page)
        shoot(page, "session-log-empty")
