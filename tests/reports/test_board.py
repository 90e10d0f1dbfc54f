"""Board reporting round 2: the board pack states and applies its filters, refuses an invalid
period, compares with earlier periods and downloads as a PDF; the opportunities-and-outcomes
report; open caseload by adviser; and the 13/26-week due dates."""

import csv
import io
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from portal.extensions import db
from portal.opportunities import services as opportunities
from portal.opportunities.models import Application, EmploymentOutcome, Placement
from portal.outreach.models import Case
from portal.pipeline.services import create_person, record_event
from portal.reports.board import change
from portal.reports.period import comparison_periods
from tests.factories import OpportunityFactory, OrganisationFactory, PersonFactory

PERIOD = "period=fy2025"  # 1 April 2025 to 31 March 2026


def soup(response):
    return BeautifulSoup(response.text, "html.parser")


def person(ref, route):
    return create_person(person_ref=ref, first_name="Test", last_name=ref, route=route, consent_date=date(2025, 1, 1))


@pytest.fixture
def academy(app, make_user):
    """12 people on two routes with events in the period, applications on both routes, one
    volunteering opportunity filled by 9 placements, and 9 jobs, 8 still in work at 13 weeks."""
    host = OrganisationFactory(name="Northvale Hospital")
    volunteering = OpportunityFactory(kind="volunteering", organisation=host, places=10, closes_on=date(2025, 6, 1))
    for i in range(12):
        someone = person(f"B{i}", "seldom_heard" if i < 9 else "in_education")
        record_event(someone, "engaged", date(2025, 5, 1))
        application = Application(reference=f"APP-B{i}", opportunity=volunteering, person=someone, status="started")
        db.session.add(application)
        db.session.flush()
        application.submitted_at = date(2025, 5, 2)
        if i < 9:
            db.session.add(
                Placement(application_id=application.id, person_id=someone.id, organisation_id=host.id,
                          starts_on=date(2025, 6, 2), completed=i < 8)
            )  # fmt: skip
            db.session.add(
                EmploymentOutcome(person_id=someone.id, organisation_id=host.id, job_title="Porter",
                                  contract_type="permanent", started_on=date(2025, 7, 1),
                                  check_13w_result="still_employed" if i < 8 else "left")
            )  # fmt: skip
    adviser = make_user(role="outreach_adviser", name="Ola Outreach")
    for _ in range(9):
        db.session.add(Case(person=PersonFactory(), adviser_id=adviser.id, opened_on=date(2025, 5, 1)))
    db.session.commit()
    return host


def test_board_pack_names_its_filters_and_marks_what_they_do_not_filter(client, sign_in, academy):
    sign_in("manager")
    page = client.get(f"/staff/reports/board-pack?{PERIOD}&route=seldom_heard")
    assert page.status_code == 200
    text = page.text
    assert "Filters applied" in text and "New to the UK or needing extra support" in text
    assert "1 April 2025 to 31 March 2026" in text
    assert "Not filtered by route" in text  # school sessions and outreach figures
    rows = {
        row.th.get_text(" ", strip=True).split(" Not filtered")[0]: row
        for row in soup(page).select(".app-headlines tbody tr")
    }
    reached = [cell.get_text(strip=True) for cell in rows["People reached"].select("td")]
    assert reached[0] == "10"  # 9 on that route, rounded to the nearest 5 (12 without the filter)
    assert "Not filtered" not in rows["Applications received"].get_text()
    applications = [cell.get_text(strip=True) for cell in rows["Applications received"].select("td")]
    assert applications[0] == "10"  # 9 applications from people on that route


def test_board_pack_compares_with_the_previous_period_and_last_year(client, sign_in, academy):
    sign_in("manager")
    page = client.get("/staff/reports/board-pack?period=fy2026")
    assert "Previous period" in page.text and "Same period last year" in page.text
    row = next(r for r in soup(page).select(".app-headlines tbody tr") if "People reached" in r.th.get_text())
    now, previous, change_previous, last_year, change_last_year = (c.get_text(strip=True) for c in row.select("td"))
    assert (now, previous, change_previous, last_year, change_last_year) == ("0", "10", "−10", "10", "−10")


def test_an_invalid_period_is_an_error_and_never_the_whole_year(client, sign_in, academy):
    sign_in("manager")
    page = client.get(
        "/staff/reports/board-pack?period=custom&start[day]=31&start[month]=2&start[year]=2025&route=seldom_heard"
    )
    assert page.status_code == 200
    assert "There is a problem" in page.text and "nhsuk-error-message" in page.text
    assert "Headlines" not in page.text and "Correct the period or filters" in page.text
    assert client.get("/staff/reports/board-pack?period=fy1800").status_code == 200
    assert "Choose a period from the list" in client.get("/staff/reports/board-pack?period=fy1800").text
    pdf = client.get("/staff/reports/board-pack.pdf?period=fy1800")
    assert pdf.status_code == 302


def test_choosing_custom_dates_opens_the_date_fields(client, sign_in):
    sign_in("manager")
    closed = soup(client.get("/staff/reports/board-pack?period=fy2025")).select_one("details[data-custom-dates]")
    assert not closed.has_attr("open")
    page = client.get("/staff/reports/board-pack?period=custom")
    assert soup(page).select_one("details[data-custom-dates]").has_attr("open")
    assert "Enter the first day of the period" in page.text


def test_every_report_uses_the_one_period_form(client, sign_in):
    sign_in("manager")
    for url in (
        "widening-participation",
        "board-pack",
        "opportunities-and-outcomes",
        "pipeline",
        "schools",
        "outreach",
    ):
        page = client.get(f"/staff/reports/{url}?period=fy1800")
        assert "Choose a period from the list" in page.text, url
        assert soup(page).select_one('select[name="period"]') is not None, url


def test_outcomes_report_by_kind_family_and_employer_with_suppression(client, sign_in, academy):
    sign_in("manager")
    page = client.get(f"/staff/reports/opportunities-and-outcomes?{PERIOD}")
    assert page.status_code == 200
    table = soup(page).select_one("#outcomes-opp-kind-table-caption").find_parent("table")
    cells = [c.get_text(strip=True) for c in table.select("tbody tr")[0].select("th, td")]
    # Volunteering: 10 places, 12 applications -> 10, 9 filled -> 10, fill rate from 10/10, 8 completed -> 10.
    assert cells == ["Volunteering", "10", "10", "10", "100.0", "10"]
    jobs = soup(page).select_one("#outcomes-jobs-employer-table-caption").find_parent("table")
    assert [c.get_text(strip=True) for c in jobs.select("tbody tr")[0].select("th, td")] == [
        "Northvale Hospital", "10", "10", "0",
    ]  # fmt: skip
    assert "counts of 1 to 7 people are shown as *" in page.text
    assert '<desc id="outcomes-jobs-employer-desc">' in page.text  # every chart has a text alternative
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(f"/staff/reports/opportunities-and-outcomes.csv?{PERIOD}").text.lstrip("\ufeff"))
        )
    )
    volunteering = {
        r["measure_code"]: r for r in rows if r["breakdown"] == "kind" and r["group_code"] == "volunteering"
    }
    assert (
        volunteering["places_filled"]["group"] == "Volunteering"
        and volunteering["places_filled"]["measure"] == "Places filled"
    )
    assert volunteering["places_filled"]["value"] == "10"
    workbook = client.get(f"/staff/reports/opportunities-and-outcomes.xlsx?{PERIOD}")
    assert load_workbook(io.BytesIO(workbook.data)).sheetnames == ["notes", "data"]


def test_outreach_report_shows_open_caseload_by_adviser(client, sign_in, academy):
    sign_in("manager")
    page = client.get(f"/staff/reports/outreach?{PERIOD}")
    assert "Open caseload by adviser" in page.text and "Ola Outreach" in page.text
    csv_text = client.get(f"/staff/reports/outreach.csv?{PERIOD}").text
    assert "open_caseload_by_adviser,Ola Outreach,Ola Outreach,10," in csv_text  # 9 cases, rounded


def test_headline_change_is_worked_out_from_the_figures_as_shown():
    assert change(15, 10) == "+5" and change(10, 15) == "−5" and change(10, 10) == "0"
    assert change("*", 10) == "–" and change(10, "*") == "–"


def test_comparison_periods_are_the_same_length_and_a_year_before():
    periods = comparison_periods(date(2025, 4, 1), date(2025, 6, 30))
    assert periods["previous"] == (date(2025, 1, 1), date(2025, 3, 31))
    assert periods["last_year"] == (date(2024, 4, 1), date(2024, 6, 30))
    assert comparison_periods(date(2024, 2, 29), date(2024, 2, 29))["last_year"] == (date(2023, 2, 28),) * 2
    assert comparison_periods(date(2025, 5, 10), date(2025, 5, 19))["previous"] == (date(2025, 4, 30), date(2025, 5, 9))
    assert comparison_periods(date(2025, 4, 1), date(2026, 3, 31))["previous"] == (date(2024, 4, 1), date(2025, 3, 31))


def test_sustainment_checks_fall_due_at_exactly_13_and_26_weeks(app):
    """Started on 1 July 2025: the 13-week check is due on 30 September 2025 (91 days), the
    26-week check on 30 December 2025 (182 days); neither a day earlier."""
    outcome = EmploymentOutcome(started_on=date(2025, 7, 1))
    assert outcome.due_on(13) == date(2025, 9, 30)
    assert outcome.due_on(26) == date(2025, 12, 30)
    host = OrganisationFactory()
    someone = PersonFactory()
    job = EmploymentOutcome(person_id=someone.id, organisation_id=host.id, job_title="Porter",
                            contract_type="permanent", started_on=date(2025, 7, 1))  # fmt: skip
    db.session.add(job)
    db.session.commit()
    due = lambda day: [o.id for o in db.session.scalars(opportunities.checks_due(day, within_days=0))]  # noqa: E731
    assert due(date(2025, 9, 29)) == [] and due(date(2025, 9, 30)) == [job.id]
    job.check_13w_result = "still_employed"
    db.session.commit()
    assert due(date(2025, 12, 29)) == [] and due(date(2025, 12, 30)) == [job.id]
    with pytest.raises(opportunities.WorkflowError):
        opportunities.record_check(job, "sustained_26w", "still_employed", None, today=date(2025, 12, 29))


def test_board_pack_pdf_has_the_headlines_page_numbers_and_the_rule(client, sign_in, academy):
    pytest.importorskip("weasyprint")
    sign_in("manager")
    page = client.get(f"/staff/reports/board-pack?{PERIOD}&route=seldom_heard")
    assert "board-pack.pdf" in page.text
    response = client.get(f"/staff/reports/board-pack.pdf?{PERIOD}&route=seldom_heard")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    if os.environ.get("BOARD_PACK_PDF"):  # keep a copy to look at (docs/reports.md)
        Path(os.environ["BOARD_PACK_PDF"]).write_bytes(response.data)
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) is not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.data, capture_output=True, check=True
    ).stdout.decode()
    pages = text.split("\f")
    assert "Headlines" in text and "People reached" in text and "Completions" in text
    for number, content in enumerate([p for p in pages if p.strip()], start=1):
        assert f"Page {number} of" in content
        assert "1 April 2025 to 31 March 2026" in content
        assert "New to the UK or needing extra support" in content
        assert "shown as *" in content


def test_board_pack_pdf_in_arabic_renders_arabic_text(client, sign_in, academy):
    pytest.importorskip("weasyprint")
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) is not installed")
    sign_in("manager")
    client.get("/staff/?lang=ar")
    response = client.get(f"/staff/reports/board-pack.pdf?{PERIOD}")
    assert response.status_code == 200
    if os.environ.get("BOARD_PACK_PDF_AR"):
        Path(os.environ["BOARD_PACK_PDF_AR"]).write_bytes(response.data)
    text = subprocess.run(["pdftotext", "-", "-"], input=response.data, capture_output=True, check=True).stdout.decode()
    text = " ".join(re.sub("[\u202a-\u202e]", " ", text).split())  # pdftotext marks the direction of each run
    assert "الصفحة 1 من" in text  # page numbers in Arabic words
    assert "الفترة السابقة" in text  # "Previous period"
