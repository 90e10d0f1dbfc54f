"""The people import checks a big file column by column (each distinct value once) and only
sends the rows with a problem through the cell-by-cell checks. These tests hold it to what the
row-by-row checks it replaced say: the same errors in the same order, the same values for good
rows; and they check what its write must still do (one audit entry per person created)."""

import csv
import gc
import io
import re
from datetime import date, timedelta

import pytest
from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, func, insert, literal, select

from portal.audit.models import AuditEvent
from portal.database import begin_write
from portal.extensions import db
from portal.imports import services
from portal.imports.csvfile import Cells, RowError, check_columns, read_csv
from portal.imports.importers import EARLIEST_BIRTH, EQUALITY_FIELDS, PERSON_FIELDS, PeopleImporter, _duplicates
from portal.pipeline.choices import (
    ETHNIC_CATEGORIES,
    LANGUAGE_TAG_PATTERN,
    ROUTES,
    SEX,
    SOURCES,
    YES_NO,
    YES_NO_CHARACTERISTICS,
)
from portal.pipeline.models import EqualityProfile, Organisation, Person

IMPORTER = PeopleImporter()
COLUMNS = list(IMPORTER.columns)
TOMORROW = (date.today() + timedelta(days=1)).isoformat()
GOOD = {
    "person_ref": "G-1",
    "first_name": "Amira",
    "last_name": "Test",
    "email": "Amira@Example.ORG",
    "phone": "07700 900123",
    "date_of_birth": "2008-05-01",
    "postcode": " so166yd ",
    "route": "in_education",
    "source": "school_session",
    "preferred_language": "ar",
    "consent_date": "2025-01-10",
    "sex": "female",
    "ethnic_category": "N",
    **dict.fromkeys(YES_NO_CHARACTERISTICS, "no"),
    "imd_quintile": "3",
}

# Every kind of bad cell the people file can have, each on a row of its own (the rest of the row
# good), then some rows with several at once.
BAD_CELLS = [
    ("person_ref", ""),
    ("person_ref", "R" * 41),
    ("person_ref", "=1+2"),
    ("first_name", ""),
    ("first_name", '=HYPERLINK("x")'),
    ("first_name", "+SUM(A1)"),
    ("first_name", "@cmd(x)"),
    ("last_name", "Bell\x07"),
    ("last_name", "L" * 101),
    ("email", "nobody"),
    ("email", "a@b"),
    ("email", "x" * 250 + "@example.org"),
    ("phone", "12"),
    ("phone", "phone me"),
    ("date_of_birth", "01/02/2000"),
    ("date_of_birth", "2001-02-30"),
    ("date_of_birth", TOMORROW),
    ("date_of_birth", "1899-12-31"),
    ("postcode", "NOT A CODE"),
    ("postcode", "SO16 6YDX1234"),
    ("route", ""),
    ("route", "retired"),
    ("route", "x" * 201),
    ("source", "carrier pigeon"),
    ("preferred_language", "English"),
    ("preferred_language", "en-" + "x" * 14),
    ("consent_date", ""),
    ("consent_date", "2025-1-1"),
    ("consent_date", TOMORROW),
    ("sex", "f"),
    ("ethnic_category", "Q"),
    ("ethnic_category", "Martian"),  # a lower-case code ("n") is now read as its code
    *((name, "maybe") for name in YES_NO_CHARACTERISTICS),
    ("imd_quintile", "6"),
    ("imd_quintile", "0"),
    ("imd_quintile", "two"),
    ("imd_quintile", "-1"),
]


def csv_text(rows: list[dict], columns=COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({name: row.get(name, "") for name in columns} for row in rows)
    return out.getvalue()


def mixed_file() -> str:
    rows = [dict(GOOD)]
    for number, (column, value) in enumerate(BAD_CELLS):
        rows.append({**GOOD, "person_ref": f"B-{number}", column: value})
        rows.append({**GOOD, "person_ref": f"OK-{number}", "first_name": f"Name{number % 7}"})
    rows.append({**GOOD, "person_ref": "M-1", "route": "retired", "sex": "f", "date_of_birth": "1800-01-01"})
    rows.append({**GOOD, "person_ref": "", "first_name": "", "preferred_language": "Klingon", "imd_quintile": "9"})
    rows.append({**GOOD, "person_ref": "G-1"})  # the same as the first line
    rows.append({**GOOD, "person_ref": "OK-3", "route": "retired"})  # a duplicate with a bad cell too
    rows.append({**GOOD, "person_ref": "E-1", "email": "", "phone": "", "postcode": "", "sex": ""})
    # Only the required columns filled in.
    rows.append(
        {name: GOOD[name] for name in ("first_name", "last_name", "route", "consent_date")} | {"person_ref": "E-2"}
    )
    return csv_text(rows)


def row_by_row(table) -> tuple[list, list[RowError]]:
    """The people checks as they were before the column-by-column checks: every cell of every
    row through Cells. Kept here, unchanged, as the reference the importer must agree with."""
    errors: list[RowError] = []
    records, keys = [], []
    today = date.today()
    for line, row in table.rows:
        cells = Cells(line, row, errors)
        before = len(errors)
        person = {
            "person_ref": cells.text("person_ref", required=True, max_length=40),
            "first_name": cells.text("first_name", required=True, max_length=100),
            "last_name": cells.text("last_name", required=True, max_length=100),
            "email": cells.email("email"),
            "phone": cells.phone("phone"),
            "date_of_birth": cells.date("date_of_birth", not_after=today),
            "postcode": cells.postcode("postcode"),
            "route": cells.choice("route", ROUTES, required=True),
            "source": cells.choice("source", SOURCES),
            "preferred_language": cells.text("preferred_language", max_length=16),
            "consent_date": cells.date("consent_date", required=True, not_after=today),
            "imd_quintile": cells.whole_number("imd_quintile", minimum=1, maximum=5),
        }
        if person["date_of_birth"] and person["date_of_birth"] < EARLIEST_BIRTH:
            cells.error("date_of_birth", _l("is before 1900"))
        language = person["preferred_language"]
        if language and not re.fullmatch(LANGUAGE_TAG_PATTERN, language):
            cells.error("preferred_language", _l("'%(value)s' is not a language tag such as en or ar", value=language))
        equality = {
            "sex": cells.choice("sex", SEX),
            "ethnic_category": cells.choice("ethnic_category", ETHNIC_CATEGORIES),
            **{name: cells.choice(name, YES_NO) for name in YES_NO_CHARACTERISTICS},
        }
        if person["person_ref"]:
            keys.append((line, person["person_ref"]))
        if len(errors) == before:
            records.append(
                (tuple(person[name] for name in PERSON_FIELDS), tuple(equality[name] for name in EQUALITY_FIELDS))
            )
    _duplicates(keys, "person_ref", errors)
    return records, errors


def test_every_kind_of_bad_cell_is_reported_as_the_row_by_row_checks_report_it(app):
    table = read_csv(mixed_file().encode(), IMPORTER.columns)
    plan = IMPORTER.validate(table)
    expected_records, expected_errors = row_by_row(table)
    assert [error.as_text() for error in plan.errors] == [error.as_text() for error in expected_errors]
    # The good rows between the bad ones are read just as they were.
    assert plan.records == expected_records
    assert len(plan.records) == 1 + len(BAD_CELLS) + 3  # G-1, the OK- rows, and three of the last four
    # Every bad cell above is caught, each on its own line, and no good row is refused.
    assert len({error.line for error in plan.errors}) == len(BAD_CELLS) + 4
    messages = "\n".join(error.as_text() for error in plan.errors)
    for fragment in (
        "person_ref: required",
        "first_name: looks like a spreadsheet formula, not a value",
        "last_name: contains control characters",
        "email: 'nobody' is not an email address",
        "date_of_birth: is before 1900",
        "'2001-02-30' is not a real date",
        f"{TOMORROW} is in the future",
        "preferred_language: 'English' is not a language tag such as en or ar",
        "imd_quintile: must be from 1 to 5",
        "young_carer: 'maybe' is not one of: no, prefer_not_to_say, yes",
        "person_ref: the same as line 2",
    ):
        assert fragment in messages


def test_a_good_file_gives_the_same_records_as_the_row_by_row_checks(app):
    rows = [
        {**GOOD, "person_ref": f"P-{n}", "date_of_birth": f"19{50 + n % 50}-0{1 + n % 9}-1{n % 10}"} for n in range(300)
    ]
    rows += [
        {**GOOD, "person_ref": "E-1", "email": "", "phone": "", "postcode": "", "sex": "", "imd_quintile": ""},
        {**GOOD, "person_ref": "E-2", "ethnic_category": "99", "disability": "prefer_not_to_say"},
    ]
    table = read_csv(csv_text(rows).encode(), IMPORTER.columns)
    plan = IMPORTER.validate(table)
    expected, errors = row_by_row(table)
    assert plan.errors == errors == []
    assert plan.records == expected
    person, answers = plan.records[0]
    assert person[PERSON_FIELDS.index("email")] == "amira@example.org"
    assert person[PERSON_FIELDS.index("postcode")] == "SO16 6YD"
    assert person[PERSON_FIELDS.index("date_of_birth")] == date(1950, 1, 10)
    assert person[PERSON_FIELDS.index("imd_quintile")] == 3
    assert answers[EQUALITY_FIELDS.index("ethnic_category")] == "N"
    assert plan.records[-2][0][PERSON_FIELDS.index("email")] is None
    assert plan.records[-2][1][EQUALITY_FIELDS.index("sex")] is None


def test_check_columns_gives_each_cell_what_its_check_gives_and_names_the_failed_rows(app):
    text = "person_ref,first_name,last_name,route,consent_date\n" + "".join(
        f"R{n},Jo,Lee,in_education,{day}\n" for n, day in enumerate(["2025-01-01", "2025-02-30", "", "2025-01-01", "x"])
    )
    table = read_csv(text.encode(), IMPORTER.columns)
    checks = {
        "consent_date": lambda cells: cells.date("consent_date", required=True),
        "email": lambda cells: cells.email("email"),  # not in the file: every row reads it as empty
    }
    checked, failed = check_columns(table, checks)
    assert checked == {"consent_date": [date(2025, 1, 1), None, None, date(2025, 1, 1), None], "email": [None] * 5}
    assert failed == {1, 2, 4}


def test_a_table_keeps_each_rows_line_and_cells(app):
    text = (
        "person_ref, first_name ,last_name,route,consent_date\n R1 ,Jo,Lee\n\n,,,,\nR2,Al,Day,in_education,2025-01-01\n"
    )
    table = read_csv(text.encode(), IMPORTER.columns)
    assert table.lines == [2, 5]
    assert table.cells == [["R1", "Jo", "Lee", "", ""], ["R2", "Al", "Day", "in_education", "2025-01-01"]]
    assert table.rows == [
        (2, {"person_ref": "R1", "first_name": "Jo", "last_name": "Lee", "route": "", "consent_date": ""}),
        (5, dict(zip(table.columns, table.cells[1], strict=True))),
    ]
    assert table.row(1) == table.rows[1][1]
    assert table.column_values()["route"] == ("", "in_education")


def test_columns_the_file_leaves_out_read_as_empty(app):
    text = "person_ref,first_name,last_name,route,consent_date\nR1,Jo,Lee,in_education,2025-01-01\n"
    plan = IMPORTER.validate(read_csv(text.encode(), IMPORTER.columns))
    assert plan.errors == []
    person, answers = plan.records[0]
    assert person == ("R1", "Jo", "Lee", None, None, None, None, "in_education", None, None, date(2025, 1, 1), None)
    assert answers == (None,) * len(EQUALITY_FIELDS)


@pytest.mark.db
def test_each_person_created_gets_an_audit_entry(app, make_user):
    user = make_user(role="manager")
    no_answers = {"first_name": "No", "last_name": "Answers", "route": "in_education", "consent_date": "2025-01-01"}
    rows = [{**GOOD, "person_ref": f"A-{n}"} for n in range(12)] + [{"person_ref": "A-X", **no_answers}]
    run, _ = services.run_import(IMPORTER, csv_text(rows).encode(), filename="people.csv", user=user)
    assert run.status == "done" and run.added == 13
    entries = db.session.execute(
        select(AuditEvent.object_id, AuditEvent.user_id, AuditEvent.detail, AuditEvent.occurred_at)
        .where(AuditEvent.action == "create", AuditEvent.object_type == "person")
        .order_by(AuditEvent.id)
    ).all()
    assert [entry.object_id for entry in entries] == [row["person_ref"] for row in rows]
    assert {(entry.user_id, entry.detail) for entry in entries} == {(user.id, f"import run {run.id}")}
    assert all(entry.occurred_at is not None for entry in entries)
    # Profiles only for the people with an answer; dates and numbers stored as they were read.
    assert db.session.scalar(select(func.count()).select_from(EqualityProfile)) == 12
    amira = db.session.scalar(select(Person).where(Person.person_ref == "A-3"))
    assert (amira.date_of_birth, amira.imd_quintile, amira.email) == (date(2008, 5, 1), 3, "amira@example.org")
    assert amira.equality.ethnic_category == "N" and amira.equality.young_carer == "no"

    # The same file again adds nothing, and writes no more entries.
    run, _ = services.run_import(IMPORTER, csv_text(rows).encode(), filename="people.csv", user=None)
    assert (run.added, run.unchanged) == (0, 13)
    people_entries = select(func.count()).select_from(AuditEvent).where(AuditEvent.object_type == "person")
    assert db.session.scalar(people_entries) == 13


@pytest.mark.db
def test_execute_many_refuses_a_statement_that_needs_a_value_it_was_not_given(app):
    begin_write(db.session)
    with pytest.raises(ValueError, match="kind"):  # Organisation.kind has a Python-side default
        services.execute_many(insert(Organisation.__table__), ["name"], [("Harbourside Care",)])
    services.execute_many(insert(Organisation.__table__), ["name", "kind"], [("Harbourside Care", "other")])
    services.execute_many(insert(Organisation.__table__), ["name", "kind"], [])
    db.session.commit()
    assert db.session.scalars(select(Organisation.name)).all() == ["Harbourside Care"]


@pytest.mark.db
def test_execute_in_runs_every_chunk_with_the_statements_own_values(app):
    begin_write(db.session)
    names = [f"Org {n}" for n in range(5)]
    services.execute_many(insert(Organisation.__table__), ["name", "kind"], [(name, "other") for name in names])
    found = services.execute_in(
        Organisation.name, lambda wanted: select(Organisation.name).where(wanted), [*names, "Nobody"], size=2
    )
    assert sorted(name for (name,) in found) == names
    services.execute_in(
        Organisation.name,
        lambda chosen: insert(AuditEvent.__table__).from_select(
            ["user_id", "action", "object_type", "object_id"],
            select(literal(None, Integer), literal("create"), literal("organisation"), Organisation.name)
            .where(chosen)
            .order_by(Organisation.id),
        ),
        names[1:4],
        size=2,
    )
    db.session.commit()
    entries = db.session.execute(select(AuditEvent.object_type, AuditEvent.object_id).order_by(AuditEvent.id)).all()
    assert entries == [("organisation", name) for name in names[1:4]]


def test_the_garbage_collector_runs_again_after_an_import(app):
    assert gc.isenabled()
    with services.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), services.collector_paused():
        raise RuntimeError
    assert gc.isenabled()


def test_a_preview_takes_the_first_rows_without_making_the_rest():
    from portal.imports.csvfile import read_csv

    table = read_csv(b"a,b\n1,2\n3,4\n\n5,6\n", {"a": True, "b": True})
    assert table.first_rows(2) == [(2, {"a": "1", "b": "2"}), (3, {"a": "3", "b": "4"})]
    assert table.first_rows(10) == table.rows == [*table.first_rows(2), (5, {"a": "5", "b": "6"})]
