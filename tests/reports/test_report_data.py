"""The report against the database: the SQL reduction of the ledger, the command line end to end
(imports, then `flask report wp`, checked row by row against numbers worked out here), and the pages."""

import csv
import io
import random
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from portal.extensions import db
from portal.pipeline.choices import ETHNIC_CATEGORIES, STAGES
from portal.pipeline.services import create_person, record_event
from portal.reports import services
from portal.reports.suppression import suppress
from portal.reports.widening import CHARACTERISTICS, CSV_COLUMNS
from tests.factories import OrganisationFactory

START, END = date(2025, 4, 1), date(2026, 3, 31)


def make_person(ref, route="in_education", dob=None, **equality):
    return create_person(
        person_ref=ref,
        first_name="Test",
        last_name=ref,
        route=route,
        date_of_birth=dob,
        consent_date=date(2025, 1, 1),
        equality=equality or None,
    )


def all_reached(filters):
    report = services.widening_participation(filters, suppressed=False)
    rows = report.table[report.table.characteristic == "all"]
    return dict(zip(rows.stage, rows.reached, strict=True))


@pytest.mark.db
def test_furthest_stage_in_the_period_from_the_ledger(app):
    skipper, exited, outside, withdrew_later = (make_person(r) for r in ("SKIP", "EXIT", "OUT", "LATER"))
    record_event(skipper, "engaged", date(2025, 5, 1))
    record_event(skipper, "employed", date(2025, 9, 1))  # skipped the stages between
    record_event(exited, "withdrawn", date(2025, 6, 1))  # only an exit: not counted
    record_event(outside, "engaged", date(2025, 3, 31))  # the day before the period
    record_event(outside, "applied", date(2026, 4, 1))  # the day after
    record_event(withdrew_later, "applied", date(2025, 4, 1))  # first day counts
    record_event(withdrew_later, "withdrawn", date(2026, 3, 31))  # an exit does not undo a stage
    db.session.commit()
    counts = all_reached(services.ReportFilters(START, END))
    assert counts["engaged"] == 2
    assert counts["applied"] == 2 and counts["in_training"] == 1 and counts["employed"] == 1
    assert counts["sustained_13w"] == 0


@pytest.mark.db
def test_report_filters_by_route_organisation_and_opportunity_kind(app):
    from portal.opportunities.models import Application
    from tests.factories import OpportunityFactory

    host = OrganisationFactory(name="Host Trust")
    a, b = make_person("A", route="career_changer"), make_person("B")
    record_event(a, "engaged", date(2025, 5, 1), organisation=host)
    record_event(b, "engaged", date(2025, 5, 1))
    opportunity = OpportunityFactory(kind="apprenticeship", organisation=host)
    application = Application(opportunity=opportunity, person=b, reference="APP-1")
    db.session.add(application)
    db.session.flush()
    record_event(b, "applied", date(2025, 6, 1), source_type="application", source_id=application.id)
    db.session.commit()

    assert all_reached(services.ReportFilters(START, END, route="career_changer"))["engaged"] == 1
    by_host = all_reached(services.ReportFilters(START, END, organisation_id=host.id))
    assert by_host["engaged"] == 1 and by_host["advised"] == 0
    apprenticeships = all_reached(services.ReportFilters(START, END, opportunity_kind="apprenticeship"))
    assert apprenticeships["engaged"] == 1 and apprenticeships["applied"] == 1
    assert all_reached(services.ReportFilters(START, END, opportunity_kind="volunteering")) == {}


# ------------------------------------------------------------------------ end to end, independently


def synthetic_files(rng, n=400):
    people, events, truth = [], [], {}
    yes_no = ["yes", "no", "prefer_not_to_say", ""]
    for i in range(n):
        ref = f"E2E-{i:04d}"
        dob = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 17000)) if rng.random() < 0.85 else None
        row = {
            "person_ref": ref,
            "first_name": "P",
            "last_name": str(i),
            "date_of_birth": dob.isoformat() if dob else "",
            "route": rng.choice(["in_education", "career_changer", "seldom_heard"]),
            "consent_date": "2025-01-01",
            "sex": rng.choice(["female", "male", "other", "prefer_not_to_say", ""]),
            "ethnic_category": rng.choice([*ETHNIC_CATEGORIES, "", ""]),
            "imd_quintile": rng.choice(["1", "2", "3", "4", "5", ""]),
            **{
                name: rng.choice(yes_no)
                for name in (
                    "disability",
                    "care_experienced",
                    "free_school_meals",
                    "young_carer",
                    "first_in_family_he",
                    "refugee_background",
                )
            },
        }
        people.append(row)
        person_events = []
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(0, 300))
        for stage in STAGES[: rng.randrange(0, len(STAGES) + 1)]:
            if rng.random() < 0.8:  # some stages are skipped
                person_events.append((stage, day))
            day += timedelta(days=rng.randrange(1, 60))
        if rng.random() < 0.2:
            person_events.append((rng.choice(["withdrawn", "unsuccessful"]), day))
        for stage, when in person_events:
            if when <= date.today():
                events.append(
                    {"person_ref": ref, "stage": stage, "date": when.isoformat(), "organisation": "", "note": ""}
                )
        truth[ref] = row
    return people, events, truth


def independent_report(people, events):
    """The contract's definitions, written out plainly, to check the portal against."""
    in_period = {}
    for event in events:
        when = date.fromisoformat(event["date"])
        if START <= when <= END:
            in_period.setdefault(event["person_ref"], []).append((event["stage"], when))
    ethnic_group = {code: group for code, (group, _) in ETHNIC_CATEGORIES.items()}

    def age_band(dob, on):
        if not dob:
            return "unknown"
        born = date.fromisoformat(dob)
        age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        for limit, band in ((15, "under_16"), (17, "16_17"), (24, "18_24"), (34, "25_34"), (49, "35_49")):
            if age <= limit:
                return band
        return "50_plus"

    counts = {}
    for person in people:
        mine = in_period.get(person["person_ref"], [])
        ranks = [STAGES.index(s) + 1 for s, _ in mine if s in STAGES]
        if not ranks:
            continue
        furthest, first = max(ranks), min(when for _, when in mine)
        groups = {
            "all": "all",
            "route": person["route"],
            "age_band": age_band(person["date_of_birth"], first),
            "sex": person["sex"] or "unknown",
            "ethnic_group": ethnic_group.get(person["ethnic_category"], "unknown"),
            "imd_quintile": person["imd_quintile"] or "unknown",
            **{
                c: person[c] or "unknown"
                for c in (
                    "disability",
                    "care_experienced",
                    "free_school_meals",
                    "young_carer",
                    "first_in_family_he",
                    "refugee_background",
                )
            },
        }
        for characteristic, group in groups.items():
            for rank in range(1, furthest + 1):
                key = (characteristic, group, STAGES[rank - 1])
                counts[key] = counts.get(key, 0) + 1
            for rank in range(furthest + 1, len(STAGES) + 1):
                counts.setdefault((characteristic, group, STAGES[rank - 1]), 0)
    return counts


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


@pytest.mark.db
def test_import_then_report_matches_an_independent_count_row_by_row(app, runner, tmp_path):
    people, events, _ = synthetic_files(random.Random(20261124))
    assert runner.invoke(args=["import", "people", write_csv(tmp_path / "people.csv", people)]).exit_code == 0
    result = runner.invoke(args=["import", "events", write_csv(tmp_path / "events.csv", events)])
    assert result.exit_code == 0, result.output
    expected = independent_report(people, events)

    exact = runner.invoke(args=["report", "wp", "--from", str(START), "--to", str(END), "--unsuppressed"])
    assert exact.exit_code == 0, exact.output
    rows = list(csv.DictReader(io.StringIO(exact.output)))
    assert list(rows[0]) == CSV_COLUMNS
    got = {(r["characteristic"], r["group"], r["stage"]): int(r["reached"]) for r in rows}
    assert got == expected
    assert {r["characteristic"] for r in rows} == set(CHARACTERISTICS)

    published = runner.invoke(args=["report", "wp", "--from", str(START), "--to", str(END)])
    for row in csv.DictReader(io.StringIO(published.output)):
        key = (row["characteristic"], row["group"], row["stage"])
        assert row["reached"] == str(suppress(expected[key])), key
        if row["stage"] == "engaged":
            assert row["conversion_pct"] == ""
        else:
            before = suppress(expected[(key[0], key[1], STAGES[STAGES.index(key[2]) - 1])])
            now = suppress(expected[key])
            if "*" in (before, now):
                assert row["conversion_pct"] == "*", key
            elif before:
                assert float(row["conversion_pct"]) == pytest.approx(now * 100 / before, abs=0.05), key

    output = tmp_path / "wp.xlsx"
    result = runner.invoke(
        args=["report", "wp", "--from", str(START), "--to", str(END), "--format", "xlsx", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    workbook = load_workbook(output)
    assert workbook.sheetnames == ["notes", *CHARACTERISTICS]
    notes = [cell.value for cell in workbook["notes"]["A"]]
    assert any("rounded to the nearest 5" in str(v) for v in notes)
    assert any(str(v).startswith("Generated") for v in notes)


def test_report_command_checks_its_arguments(app, runner):
    assert runner.invoke(args=["report", "wp", "--from", "2025-13-01", "--to", "2026-01-01"]).exit_code != 0
    result = runner.invoke(args=["report", "wp", "--from", "2026-01-01", "--to", "2025-01-01"])
    assert result.exit_code != 0 and "must not be before" in result.output
    assert (
        runner.invoke(args=["report", "wp", "--from", "2025-01-01", "--to", "2026-01-01", "--format", "xlsx"]).exit_code
        != 0
    )


def test_unsuppressed_command_line_report_is_audited(app, runner):
    from sqlalchemy import select

    from portal.audit.models import AuditEvent

    runner.invoke(args=["report", "wp", "--from", "2025-04-01", "--to", "2026-03-31", "--unsuppressed"])
    assert "UNSUPPRESSED" in db.session.scalar(
        select(AuditEvent.detail).where(AuditEvent.object_type == "widening_participation")
    )


# --------------------------------------------------------------------------------------- the pages


@pytest.fixture
def reached_people(app):
    for i in range(12):
        person = make_person(
            f"W{i}", route="seldom_heard" if i % 3 else "in_education", ethnic_category="N" if i < 9 else "A"
        )
        record_event(person, "engaged", date(2025, 5, 1))
        if i < 9:
            record_event(person, "applied", date(2025, 6, 1))
    db.session.commit()


def test_report_page_shows_suppressed_counts_and_the_rule(app, client, sign_in, reached_people):
    sign_in("manager")
    page = client.get("/staff/reports/widening-participation?period=fy2025")
    assert page.status_code == 200
    text = page.text
    assert "counts of 1 to 7 people are shown as *" in text
    assert '<svg role="img"' in text
    # 12 reached -> 10; 9 applied -> 10; the 3 in education are suppressed.
    assert ">10<" in text and ">*<" in text
    assert "Show exact counts" not in text


def test_exact_counts_only_for_administrators(app, client, sign_in, reached_people):
    sign_in("manager")
    assert client.get("/staff/reports/widening-participation?period=fy2025&unsuppressed=1").status_code == 403
    assert client.get("/staff/reports/widening-participation.csv?period=fy2025&unsuppressed=1").status_code == 403


def test_administrator_sees_exact_counts(app, client, sign_in, reached_people):
    sign_in("admin")
    page = client.get("/staff/reports/widening-participation?period=fy2025")
    assert "Show exact counts" in page.text
    exact = client.get("/staff/reports/widening-participation.csv?period=fy2025&unsuppressed=1")
    rows = [
        {key: row[key] for key in CSV_COLUMNS}
        for row in csv.DictReader(io.StringIO(exact.get_data(as_text=True).lstrip("\ufeff")))
    ]
    assert {"characteristic": "all", "group": "all", "stage": "engaged", "reached": "12", "conversion_pct": ""} in rows


def test_downloads_follow_the_contract(app, client, sign_in, reached_people):
    sign_in("manager")
    response = client.get("/staff/reports/widening-participation.csv?period=fy2025")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    # The contract's columns first, then the same codes in words.
    assert list(rows[0]) == [*CSV_COLUMNS, "characteristic_label", "group_label", "stage_label"]
    ethnic = next(r for r in rows if r["characteristic"] == "ethnic_group" and r["group"] == "black")
    assert (ethnic["group_label"], ethnic["characteristic_label"]) == ("Black or Black British", "Ethnic group")
    assert next(r for r in rows if r["stage"] == "offered")["stage_label"] == "Offered a job"
    rows = [{key: row[key] for key in CSV_COLUMNS} for row in rows]
    assert {
        "characteristic": "all",
        "group": "all",
        "stage": "applied",
        "reached": "10",
        "conversion_pct": "100.0",
    } in rows
    workbook = client.get("/staff/reports/widening-participation.xlsx?period=fy2025-q1")
    assert load_workbook(io.BytesIO(workbook.data)).sheetnames[0] == "notes"


def test_custom_dates_are_checked(app, client, sign_in):
    sign_in("manager")
    page = client.get(
        "/staff/reports/widening-participation?period=custom&start[day]=31&start[month]=2&start[year]=2025"
    )
    assert page.status_code == 200
    assert "There is a problem" in page.text


def test_reports_are_for_managers_and_admins(app, client, sign_in):
    sign_in("outreach_adviser")
    assert client.get("/staff/reports/widening-participation").status_code == 403
    assert client.get("/staff/reports/board-pack").status_code == 403


def test_board_pack_prints_the_funnel_and_headlines(app, client, sign_in, reached_people):
    sign_in("manager")
    page = client.get("/staff/reports/board-pack?period=fy2025-q1")
    assert page.status_code == 200
    assert "People reached" in page.text and 'data-module="app-print"' in page.text
    assert "Pupils reached in school sessions" in page.text
    assert "<svg" in page.text


@pytest.mark.db
def test_database_counts_match_the_pandas_definition_across_birthdays(app):
    """The report counts in SQL (``group_counts``); ``widening.count_groups`` is the definition.
    Birthdays on, the day before and the day after the first event, 29 February births in
    non-leap years, and missing or empty answers must fall in the same groups in both."""
    cases = [  # (date of birth, first event, band)
        (date(2010, 6, 1), date(2026, 6, 1), "16_17"),  # sixteenth birthday on the day
        (date(2010, 6, 2), date(2026, 6, 1), "under_16"),  # the day before it
        (date(2008, 2, 29), date(2025, 2, 28), "16_17"),  # 29 February: 17 only from 1 March
        (date(2008, 2, 29), date(2026, 3, 1), "18_24"),
        (date(2001, 2, 28), date(2026, 2, 28), "25_34"),
        (date(1976, 3, 1), date(2026, 2, 28), "35_49"),
        (date(1976, 2, 28), date(2026, 2, 28), "50_plus"),
        (None, date(2025, 5, 1), "unknown"),
    ]
    for number, (dob, first_on, _band) in enumerate(cases):
        person = make_person(
            f"BDAY-{number}",
            route=("in_education", "career_changer", "seldom_heard")[number % 3],
            dob=dob,
            **({"sex": "female", "ethnic_category": "N", "disability": "yes"} if number % 2 else {}),
        )
        record_event(person, "engaged", first_on)
        record_event(person, STAGES[number % len(STAGES)], first_on + timedelta(days=1))
    db.session.commit()
    filters = services.ReportFilters(date(2025, 1, 1), date(2026, 11, 1))

    from portal.reports import widening

    in_sql = widening.reached_from_counts(services.group_counts(filters))
    in_pandas = widening.compute_reached(services.load_people(filters))
    assert in_sql.equals(in_pandas)
    engaged = in_sql[(in_sql.characteristic == "age_band") & (in_sql.stage == "engaged")]
    expected = {}
    for _dob, _first, band in cases:
        expected[band] = expected.get(band, 0) + 1
    assert dict(zip(engaged.group, engaged.reached, strict=True)) == expected
    assert services.widening_participation(filters, suppressed=False).people_counted == len(cases)
