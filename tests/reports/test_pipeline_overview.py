"""The pipeline overview page for staff."""

from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup

from portal.pipeline import services
from tests.factories import PersonFactory


def overview_rows(client, url="/staff/reports/pipeline"):
    soup = BeautifulSoup(client.get(url).text, "html.parser")
    return {
        row.find("th").get_text(strip=True): [cell.get_text(strip=True) for cell in row.find_all("td")]
        for row in soup.select("tbody tr")
    }


def test_overview_counts_people_by_furthest_stage(client, sign_in):
    sign_in("admin")
    recent = date.today() - timedelta(days=10)
    for stage in ("engaged", "engaged", "employed"):
        services.record_event(PersonFactory(), stage, recent)
    soup = BeautifulSoup(client.get("/staff/reports/pipeline").text, "html.parser")
    rows = {
        row.find("th").get_text(strip=True): [cell.get_text(strip=True) for cell in row.find_all("td")]
        for row in soup.select("tbody tr")
    }
    assert rows["Engaged"] == ["3", "–"]
    assert rows["Advised"] == ["1", "33.3%"]  # the employed person counts at every earlier stage
    assert rows["Employed"] == ["1", "100%"]
    assert rows["Still employed at 13 weeks"] == ["0", "0%"]


def test_overview_period_is_read_from_the_query_string(client, sign_in):
    sign_in("manager")
    services.record_event(PersonFactory(), "engaged", date(2024, 6, 1))
    html = client.get(
        "/staff/reports/pipeline?start[day]=1&start[month]=1&start[year]=2024&end[day]=31&end[month]=12&end[year]=2024"
    ).text
    assert "1 January 2024" in html and "31 December 2024" in html


def test_overview_explains_a_bad_date_and_keeps_what_was_typed(client, sign_in):
    sign_in("manager")
    page = client.get("/staff/reports/pipeline?start[day]=31&start[month]=2&start[year]=2026")
    assert page.status_code == 200
    assert "From (custom dates) must be a real date" in page.text
    assert 'value="31"' in page.text


def test_overview_refuses_an_end_before_the_start(client, sign_in):
    sign_in("manager")
    page = client.get(
        "/staff/reports/pipeline?start[day]=1&start[month]=6&start[year]=2026&end[day]=1&end[month]=1&end[year]=2026"
    )
    assert "The end of the period must be the same as or after the start" in page.text


@pytest.mark.parametrize("role", ["manager", "academy_staff", "outreach_adviser"])
def test_overview_suppresses_counts_for_everyone_but_admins(client, sign_in, role):
    sign_in(role)
    recent = date.today() - timedelta(days=10)
    for _ in range(12):
        services.record_event(PersonFactory(), "engaged", recent)
    services.record_event(PersonFactory(), "employed", recent)
    rows = overview_rows(client)
    assert rows["Engaged"] == ["15", "–"]  # 13 people, rounded to the nearest 5
    assert rows["Advised"] == ["*", "–"]  # 1 person: suppressed, and no conversion from a *
    assert rows["Employed"] == ["*", "–"]
    assert rows["Still employed at 13 weeks"] == ["0", "–"]
    assert "counts of 1 to 7 people are shown as *" in client.get("/staff/reports/pipeline").text


def test_overview_shows_admins_exact_counts_and_says_so(client, sign_in):
    sign_in("admin")
    services.record_event(PersonFactory(), "employed", date.today() - timedelta(days=10))
    assert overview_rows(client)["Employed"] == ["1", "100%"]
    assert "Exact counts: not suppressed" in client.get("/staff/reports/pipeline").text
