"""Imports by the contract in data-formats.md: every row checked first, all or nothing, the same
file twice adds nothing; the `flask import` commands and the web upload → preview → confirm."""

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.imports import services
from portal.imports.models import ImportRun
from portal.pipeline.models import EqualityProfile, Organisation, Person, PipelineEvent, PostcodeLookup
from tests.conftest import csrf_token_from

PEOPLE = """person_ref,first_name,last_name,email,phone,date_of_birth,postcode,route,source,preferred_language,consent_date,sex,ethnic_category,disability,care_experienced,free_school_meals,young_carer,first_in_family_he,refugee_background,imd_quintile
P-001,Amira,Test,amira@example.org,07700 900123,2008-05-01,so166yd,in_education,school_session,ar,2025-01-10,female,N,no,no,yes,no,yes,prefer_not_to_say,
P-002,Oleh,Example,,+380 44 123 4567,1990-01-31,SO17 1BJ,seldom_heard,referral,uk,2025-02-01,male,C,yes,,,,,yes,2
P-003,Sam,Sample,,,,,career_changer,,,2025-03-01,,,,,,,,,
"""

EVENTS = """person_ref,stage,date,organisation,note
P-001,engaged,2025-04-01,Wessex Community Trust,careers fair
P-001,applied,2025-05-01,Wessex Community Trust,
P-002,engaged,2025-04-02,,
P-002,employed,2025-09-01,Harbourside Care,
P-003,engaged,2025-04-03,,
"""


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return str(path)


def import_file(runner, kind, path, *args):
    return runner.invoke(args=["import", kind, path, *args])


@pytest.mark.db
def test_people_and_events_import_from_the_command_line(app, runner, tmp_path):
    result = import_file(runner, "people", write(tmp_path, "people.csv", PEOPLE))
    assert result.exit_code == 0, result.output
    assert "3 added" in result.output
    amira = db.session.scalar(select(Person).where(Person.person_ref == "P-001"))
    assert (amira.postcode, amira.route, amira.preferred_language) == ("SO16 6YD", "in_education", "ar")
    assert amira.date_of_birth == date(2008, 5, 1) and amira.consent_date == date(2025, 1, 10)
    assert amira.equality.ethnic_category == "N" and amira.equality.refugee_background == "prefer_not_to_say"
    oleh = db.session.scalar(select(Person).where(Person.person_ref == "P-002"))
    assert oleh.imd_quintile == 2 and oleh.equality.care_experienced is None
    assert db.session.scalar(select(Person).where(Person.person_ref == "P-003")).equality is None
    assert count(AuditEvent) >= 3

    result = import_file(runner, "events", write(tmp_path, "events.csv", EVENTS))
    assert result.exit_code == 0, result.output
    assert "5 added" in result.output
    events = db.session.execute(
        select(Person.person_ref, PipelineEvent.stage, PipelineEvent.occurred_on, PipelineEvent.source_type)
        .join(Person)
        .order_by(PipelineEvent.occurred_on)
    ).all()
    assert events[0] == ("P-001", "engaged", date(2025, 4, 1), "import")
    assert len(events) == 5
    assert {o.name for o in db.session.scalars(select(Organisation))} == {"Wessex Community Trust", "Harbourside Care"}


@pytest.mark.db
def test_importing_the_same_files_twice_adds_nothing(app, runner, tmp_path):
    people, events = write(tmp_path, "people.csv", PEOPLE), write(tmp_path, "events.csv", EVENTS)
    for _ in range(2):
        assert import_file(runner, "people", people).exit_code == 0
        assert import_file(runner, "events", events).exit_code == 0
    assert (count(Person), count(EqualityProfile), count(PipelineEvent), count(Organisation)) == (3, 2, 5, 2)
    last = db.session.scalars(select(ImportRun).order_by(ImportRun.id.desc())).first()
    assert (last.added, last.unchanged) == (0, 5)


def test_dry_run_checks_and_writes_nothing(app, runner, tmp_path):
    result = import_file(runner, "people", write(tmp_path, "people.csv", PEOPLE), "--dry-run")
    assert result.exit_code == 0 and "is valid" in result.output
    assert count(Person) == 0 and count(ImportRun) == 0


def test_bom_and_any_column_order_are_accepted(app, runner, tmp_path):
    text = "\ufeffroute,consent_date,last_name,first_name,person_ref\nin_education,2025-01-01,Lee,Jo,R1\n"
    assert import_file(runner, "people", write(tmp_path, "p.csv", text)).exit_code == 0
    assert db.session.scalar(select(Person.first_name)) == "Jo"


MALFORMED_PEOPLE = {
    "unknown column": (
        "person_ref,first_name,last_name,route,consent_date,shoe_size\nR1,A,B,in_education,2025-01-01,9\n",
        "line 1, shoe_size: unknown column",
    ),
    "missing column": (
        "person_ref,first_name,last_name,route\nR1,A,B,in_education\n",
        "line 1, consent_date: required column is missing",
    ),
    "bad date": (
        "person_ref,first_name,last_name,route,consent_date\nR1,A,B,in_education,01/02/2025\n",
        "line 2, consent_date: '01/02/2025' is not a date in the form YYYY-MM-DD",
    ),
    "impossible date": (
        "person_ref,first_name,last_name,route,consent_date\nR1,A,B,in_education,2025-02-30\n",
        "line 2, consent_date: '2025-02-30' is not a real date",
    ),
    "future date": (
        f"person_ref,first_name,last_name,route,consent_date\nR1,A,B,in_education,{date.today() + timedelta(days=1)}\n",
        "is in the future",
    ),
    "unknown route": (
        "person_ref,first_name,last_name,route,consent_date\nR1,A,B,retired,2025-01-01\n",
        "line 2, route: 'retired' is not one of",
    ),
    "unknown ethnic code": (
        "person_ref,first_name,last_name,route,consent_date,ethnic_category\nR1,A,B,in_education,2025-01-01,Q\n",
        "line 2, ethnic_category: 'Q' is not one of",
    ),
    "bad imd": (
        "person_ref,first_name,last_name,route,consent_date,imd_quintile\nR1,A,B,in_education,2025-01-01,6\n",
        "line 2, imd_quintile: must be from 1 to 5",
    ),
    "bad postcode": (
        "person_ref,first_name,last_name,route,consent_date,postcode\nR1,A,B,in_education,2025-01-01,NOT A CODE\n",
        "line 2, postcode: 'NOT A CODE' is not a UK postcode",
    ),
    "bad email": (
        "person_ref,first_name,last_name,route,consent_date,email\nR1,A,B,in_education,2025-01-01,nobody\n",
        "line 2, email: 'nobody' is not an email address",
    ),
    "duplicate key": (
        "person_ref,first_name,last_name,route,consent_date\nR1,A,B,in_education,2025-01-01\nR2,C,D,in_education,2025-01-01\nR1,E,F,in_education,2025-01-01\n",
        "line 4, person_ref: the same as line 2",
    ),
    "formula": (
        'person_ref,first_name,last_name,route,consent_date\nR1,=HYPERLINK("x"),B,in_education,2025-01-01\n',
        "line 2, first_name: looks like a spreadsheet formula",
    ),
    "empty file": ("", "the file is empty"),
    "header only": ("person_ref,first_name,last_name,route,consent_date\n", "the file has a header but no rows"),
    "missing required value": (
        "person_ref,first_name,last_name,route,consent_date\nR1,,B,in_education,2025-01-01\n",
        "line 2, first_name: required",
    ),
}


@pytest.mark.parametrize("case", list(MALFORMED_PEOPLE))
def test_malformed_people_file_is_refused_whole(app, runner, tmp_path, case):
    text, message = MALFORMED_PEOPLE[case]
    # A good row first: all or nothing means it is not written either.
    if text.count("\n") > 1 and case not in {"duplicate key"}:
        header, rest = text.split("\n", 1)
        good = ",".join(
            {
                "person_ref": "GOOD1",
                "first_name": "Good",
                "last_name": "Row",
                "route": "in_education",
                "consent_date": "2025-01-01",
            }.get(c, "")
            for c in header.split(",")
        )
        text = f"{header}\n{good}\n{rest}".replace("line 2", "line 3")
        message = message.replace("line 2", "line 3")
    result = import_file(runner, "people", write(tmp_path, "bad.csv", text))
    assert result.exit_code != 0
    assert message in result.output
    assert "nothing was imported" in result.output
    assert count(Person) == 0 and count(ImportRun) == 0


def test_non_utf8_file_is_refused_with_advice(app, runner, tmp_path):
    text = "person_ref,first_name,last_name,route,consent_date\nR1,Zoë,B,in_education,2025-01-01\n"
    result = import_file(runner, "people", write(tmp_path, "latin1.csv", text, encoding="latin-1"))
    assert result.exit_code != 0
    assert "line 2" in result.output and "not UTF-8" in result.output
    assert count(Person) == 0


def test_spreadsheet_saved_as_csv_with_formulas_is_refused(app, runner, tmp_path):
    text = 'person_ref,stage,date\nR1,engaged,"=DATE(2025,1,1)"\nR1,engaged,+TODAY()\n'
    import_file(
        runner,
        "people",
        write(
            tmp_path, "p.csv", "person_ref,first_name,last_name,route,consent_date\nR1,A,B,in_education,2025-01-01\n"
        ),
    )
    result = import_file(runner, "events", write(tmp_path, "e.csv", text))
    assert "line 2, date: looks like a spreadsheet formula" in result.output
    assert "line 3, date: looks like a spreadsheet formula" in result.output
    assert count(PipelineEvent) == 0


@pytest.mark.db
def test_events_for_unknown_people_or_bad_stages_write_nothing(app, runner, tmp_path):
    import_file(runner, "people", write(tmp_path, "people.csv", PEOPLE))
    text = (
        "person_ref,stage,date,organisation\n"
        "P-001,engaged,2025-04-01,New Org\n"
        "NOBODY,engaged,2025-04-01,\n"
        "P-002,promoted,2025-04-01,\n"
        f"P-003,engaged,{date.today() + timedelta(days=3)},\n"
        "P-001,engaged,2025-04-01,new org\n"
    )
    result = import_file(runner, "events", write(tmp_path, "events.csv", text))
    assert result.exit_code != 0
    assert "line 3, person_ref: no person with this reference" in result.output
    assert "line 4, stage: 'promoted' is not one of" in result.output
    assert "line 5, date:" in result.output and "in the future" in result.output
    assert "line 6, person_ref: the same as line 2" in result.output
    assert count(PipelineEvent) == 0 and count(Organisation) == 0


@pytest.mark.db
def test_postcode_lookup_derives_quintiles_for_people_already_imported(app, runner, tmp_path):
    import_file(runner, "people", write(tmp_path, "people.csv", PEOPLE))
    lookup = "pcds,lsoa21cd,imd_decile\nSO16 6YD,E01017190,3\nso171bj,E01017200,10\n"
    result = import_file(runner, "postcode-lookup", write(tmp_path, "lookup.csv", lookup))
    assert result.exit_code == 0, result.output
    quintiles = dict(db.session.execute(select(Person.person_ref, Person.imd_quintile)).all())
    # P-001 derived from decile 3; P-002 keeps the quintile its file gave; P-003 has no postcode.
    assert quintiles == {"P-001": 2, "P-002": 2, "P-003": None}
    assert count(PostcodeLookup) == 2
    assert "0 added" in import_file(runner, "postcode-lookup", write(tmp_path, "lookup.csv", lookup)).output

    later = "person_ref,first_name,last_name,route,consent_date,postcode\nP-009,New,Person,in_education,2025-01-01,SO17 1BJ\n"
    import_file(runner, "people", write(tmp_path, "later.csv", later))
    assert db.session.scalar(select(Person.imd_quintile).where(Person.person_ref == "P-009")) == 5


def test_postcode_lookup_refuses_bad_rows(app, runner, tmp_path):
    text = "postcode,lsoa_code,imd_decile\nSO16 6YD,E01017190,11\nXX,E01017190,3\nSO16 6YD,nonsense,3\n"
    result = import_file(runner, "postcode-lookup", write(tmp_path, "lookup.csv", text))
    assert "line 2, imd_decile: must be from 1 to 10" in result.output
    assert "line 3, postcode: 'XX' is not a UK postcode" in result.output
    assert "line 4, lsoa_code: 'nonsense' is not an LSOA code" in result.output
    assert count(PostcodeLookup) == 0


# ---------------------------------------------------------------------------------------- the web


def upload(client, kind, text, filename="people.csv"):
    page = client.get(f"/staff/imports/{kind}")
    return client.post(
        f"/staff/imports/{kind}",
        data={"csrf_token": csrf_token_from(page.text), "file": (io.BytesIO(text.encode()), filename)},
        content_type="multipart/form-data",
    )


@pytest.mark.db
def test_web_import_previews_then_writes_on_confirm(app, client, sign_in):
    sign_in("manager")
    preview = upload(client, "people", PEOPLE)
    assert preview.status_code == 200
    assert "Check the import of people.csv" in preview.text
    assert "Amira" in preview.text and "Import the file" in preview.text
    assert count(Person) == 0, "a preview writes nothing"

    token = csrf_token_from(preview.text)
    import_token = preview.text.split('name="token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/staff/imports/people/confirm",
        data={"csrf_token": token, "token": import_token, "filename": "people.csv"},
    )
    assert response.status_code == 302
    run_id = int(response.headers["Location"].rsplit("/", 1)[1])
    services.wait_for(run_id)
    page = client.get(f"/staff/imports/runs/{run_id}")
    assert "The import is complete." in page.text
    assert count(Person) == 3
    assert client.get(f"/staff/imports/runs/{run_id}/progress.json").json["status"] == "done"

    again = client.post(
        "/staff/imports/people/confirm",
        data={"csrf_token": token, "token": import_token, "filename": "people.csv"},
    )
    assert again.status_code == 400, "a checked file is imported once"


def test_web_preview_lists_every_problem_by_line_and_writes_nothing(app, client, sign_in):
    sign_in("admin")
    text = (
        "person_ref,first_name,last_name,route,consent_date\nR1,A,B,retired,2025-01-01\nR2,,B,in_education,2025-13-01\n"
    )
    page = upload(client, "people", text)
    assert page.status_code == 200
    assert "3 problems: nothing has been imported" in page.text
    for fragment in ("&#39;retired&#39; is not one of", "first_name", "&#39;2025-13-01&#39; is not a real date"):
        assert fragment in page.text
    assert "Import the file" not in page.text
    assert count(Person) == 0


def test_web_upload_needs_a_csv_file(app, client, sign_in):
    sign_in("manager")
    page = upload(client, "people", "x", filename="people.xlsx")
    assert "The file must be a .csv file" in page.text
    page = client.get("/staff/imports/people")
    response = client.post("/staff/imports/people", data={"csrf_token": csrf_token_from(page.text)})
    assert "Choose a CSV file" in response.text


@pytest.mark.parametrize(
    ("role", "kind", "status"),
    [
        ("academy_staff", "people", 403),
        ("outreach_adviser", "people", 403),
        ("manager", "postcode-lookup", 403),
        ("admin", "postcode-lookup", 200),
        ("manager", "events", 200),
        ("manager", "no-such-import", 404),
    ],
)
def test_who_may_use_which_import(app, client, sign_in, role, kind, status):
    sign_in(role)
    assert client.get(f"/staff/imports/{kind}").status_code == status


def test_import_list_offers_only_what_the_role_may_use(app, client, sign_in):
    sign_in("manager")
    page = client.get("/staff/imports/")
    assert "/staff/imports/people" in page.text and "/staff/imports/postcode-lookup" not in page.text
