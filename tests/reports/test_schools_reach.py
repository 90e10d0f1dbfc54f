"""The schools reach report against figures worked out by hand, its CSV and its page."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from portal.reports import schools_reach
from portal.schools import services
from tests.schools.conftest import AmbassadorFactory, SchoolFactory, career, log

START, END = date(2025, 9, 1), date(2026, 8, 31)


@pytest.fixture
def history(catalogue):
    """Three sessions in the 2025/26 school year and one the year before (see each figure below)."""
    a = SchoolFactory(name="Alder Secondary", phase="secondary", pilot=True)
    b = SchoolFactory(name="=SUM(1+1)", phase="primary")
    SchoolFactory(name="Cedar College", phase="college")
    d = SchoolFactory(name="Damson Secondary", phase="secondary")
    x, y = AmbassadorFactory(name="Xan"), AmbassadorFactory(name="Yas")
    log(a, date(2025, 10, 1), years=("9", "10"), pupils=60, careers=(career("paramedic"), career("physiotherapist")),
        benchmarks=(5,), ambassadors={x: "2"})  # fmt: skip
    log(a, date(2026, 3, 1), activity="workshop", format="virtual", years=("9",), pupils=25,
        careers=(career("dentist"),), benchmarks=(4, 5), ambassadors={x: "1.5", y: "1"})  # fmt: skip
    log(b, date(2026, 5, 1), activity="assembly", years=("R", "1", "2"), pupils=90)
    log(d, date(2025, 6, 1), activity="careers_fair", pupils=100)


def rows(report, name):
    return [(row["key"], row["sessions"], row["pupils"]) for row in report["breakdowns"][name]]


@pytest.mark.db
def test_reach_report_matches_hand_computed_figures(history):
    report = schools_reach.reach_report(START, END)
    assert (report["sessions"], report["pupils"], report["schools"], report["pilot_schools"]) == (3, 175, 2, 1)
    assert rows(report, "phase") == [("primary", 1, 90), ("secondary", 2, 85)]
    assert rows(report, "key_stage") == [("eyfs", 1, 90), ("ks1", 1, 90), ("ks3", 2, 85), ("ks4", 1, 60)]
    assert rows(report, "year_group") == [("R", 1, 90), ("1", 1, 90), ("2", 1, 90), ("9", 2, 85), ("10", 1, 60)]
    assert rows(report, "activity") == [("assembly", 1, 90), ("careers_talk", 1, 60), ("workshop", 1, 25)]
    assert rows(report, "format") == [("in_person", 2, 150), ("virtual", 1, 25)]
    assert rows(report, "gatsby") == [(4, 1, 25), (5, 2, 85)]
    # Two careers of one family in one session count that session's pupils once.
    assert rows(report, "career_family") == [("allied-health-professions", 1, 60), ("dental-team", 1, 25)]
    assert [(s["name"], s["sessions"], s["pupils"]) for s in report["top_schools"]] == [
        ("=SUM(1+1)", 1, 90),
        ("Alder Secondary", 2, 85),
    ]
    assert report["not_reached_count"] == 2
    assert [s.name for s in report["not_reached"]] == ["Cedar College", "Damson Secondary"]
    assert [(h["name"], h["sessions"], h["hours"]) for h in report["ambassador_hours"]] == [
        ("Xan", 2, Decimal("3.5")),
        ("Yas", 1, Decimal("1.0")),
    ]
    assert report["total_hours"] == Decimal("4.5")


def test_an_empty_period_has_zeros(history):
    report = schools_reach.reach_report(date(2020, 1, 1), date(2020, 12, 31))
    assert (report["sessions"], report["pupils"], report["schools"], report["pilot_schools"]) == (0, 0, 0, 0)
    assert all(rows == [] for rows in report["breakdowns"].values())


def test_report_csv_has_every_figure_and_defuses_formulas(history):
    text = schools_reach.report_csv(schools_reach.reach_report(START, END))
    table = list(csv.DictReader(io.StringIO(text)))
    total = table[0]
    assert (total["section"], total["sessions"], total["pupils_reached"], total["schools"]) == (
        "total",
        "3",
        "175",
        "2",
    )
    assert {"section": "key_stage", "group": "ks3", "sessions": "2", "pupils_reached": "85"}.items() <= next(
        r for r in table if r["section"] == "key_stage" and r["group"] == "ks3"
    ).items()
    top = next(r for r in table if r["section"] == "top_school")
    assert top["name"] == "'=SUM(1+1)"
    assert "=SUM" not in text.replace("'=SUM", "")


def test_report_page_and_csv_download(client, sign_in, history):
    sign_in("manager")
    page = client.get(
        "/staff/reports/schools?start[day]=1&start[month]=9&start[year]=2025&end[day]=31&end[month]=8&end[year]=2026"
    )
    assert page.status_code == 200
    text = page.text
    for figure in ("175", "Alder Secondary", "Key stage 3 (Years 7 to 9)", "5. Encounters with employers and employees",
                   "Cedar College", "Xan"):  # fmt: skip
        assert figure in text, figure
    assert text.count('class="app-chart__svg"') == 7  # a chart per breakdown, drawn on the server
    assert "Pupils reached, by key stage" in text
    download = client.get(
        "/staff/reports/schools.csv?start[day]=1&start[month]=9&start[year]=2025&end[day]=31&end[month]=8&end[year]=2026"
    )
    assert download.mimetype == "text/csv"
    assert "attachment" in download.headers["Content-Disposition"]
    assert "total,all,,3,175,2,4.5" in download.text
    assert ",in_person,In person," in download.text  # codes with their words beside them


REPORT_URL = (
    "/staff/reports/schools?start[day]=1&start[month]=9&start[year]=2025&end[day]=31&end[month]=8&end[year]=2026"
)


@pytest.mark.db
def test_kept_report_is_reused_until_the_schools_data_changes(client, sign_in, history, monkeypatch):
    from dataclasses import replace

    manager = sign_in("manager")
    assert "175" in client.get(REPORT_URL).text
    real_report = schools_reach.reach_report

    def not_again(*args, **kwargs):
        raise AssertionError("the kept report should have been used")

    monkeypatch.setattr(schools_reach, "reach_report", not_again)
    assert "175" in client.get(REPORT_URL).text  # kept
    monkeypatch.setattr(schools_reach, "reach_report", real_report)

    alder = services.db.session.scalars(services.select(services.School).filter_by(name="Alder Secondary")).one()
    logged = log(alder, date(2026, 4, 1), pupils=40, user=manager)  # a new session shows at once
    assert "215" in client.get(REPORT_URL).text
    row = services.get_session(logged.id)  # so does an edit of one
    details = services.SessionDetails(
        school_id=row.school_id, held_on=row.held_on, format=row.format, activity=row.activity,
        year_groups=["9"], pupils_reached=41, career_ids=[], benchmarks=[], ambassador_hours={},
    )  # fmt: skip
    services.update_session(row, replace(details), manager)
    assert "216" in client.get(REPORT_URL).text
    school = services.db.session.get(services.School, row.school_id)
    services.save_school(school, {"name": "Renamed Academy"}, manager)  # and a school's new name
    assert "Renamed Academy" in client.get(REPORT_URL).text


@pytest.mark.db
def test_a_period_that_is_not_a_date_is_named_and_kept_and_no_other_period_is_shown(client, sign_in, history):
    sign_in("manager")
    page = client.get(
        "/staff/reports/schools?start[day]=31&start[month]=2&start[year]=2026&end[day]=31&end[month]=8&end[year]=2026"
    )
    assert page.status_code == 200
    text = page.text
    assert "nhsuk-error-summary" in text and "nhsuk-error-message" in text
    assert text.startswith("<!DOCTYPE html>") and "<title>Error:" in text
    assert 'value="31"' in text and 'value="2"' in text  # what was typed stays in the boxes
    assert "Reach, " not in text  # never the figures of another period in its place
