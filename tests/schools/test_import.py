"""Importing past sessions by the sessions.csv contract: every row checked first, all or nothing,
the same file twice adds nothing; from the command line and the web."""

import io
import re

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.imports import services
from portal.schools.models import School, SchoolSession, SessionChange
from tests.conftest import csrf_token_from
from tests.schools.conftest import SchoolFactory

SESSIONS = """school_urn,school_name,date,format,activity,year_groups,pupils_reached,careers,ambassadors,gatsby,notes
136512,Eastmoor Academy,2025-10-01,in_person,careers_talk,9;10,60,paramedic;physiotherapist,2,5,Year 9 and 10 assembly hall
136512,,2025-11-12,virtual,workshop,9,25,,1,4;5,
100001,,2026-03-01,hybrid,mock_interviews,12;13,18,dentist,,8,
"""


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def write(tmp_path, text, encoding="utf-8", name="sessions.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return str(path)


def run(runner, path):
    return runner.invoke(args=["import", "sessions", path])


@pytest.mark.db
def test_sessions_import_from_the_command_line_and_again_adds_nothing(runner, tmp_path, catalogue):
    SchoolFactory(urn="100001", name="Known School")
    path = write(tmp_path, "\ufeff" + SESSIONS)  # a BOM, as spreadsheets save it, is accepted
    result = run(runner, path)
    assert result.exit_code == 0, result.output
    assert "3 added" in result.output
    eastmoor = db.session.scalars(select(School).where(School.urn == "136512")).one()
    assert (eastmoor.name, eastmoor.phase) == ("Eastmoor Academy", None)
    first = db.session.scalars(select(SchoolSession).order_by(SchoolSession.held_on)).first()
    assert (first.school_id, first.year_group_list, first.pupils_reached, first.ambassador_count) == (
        eastmoor.id, ["9", "10"], 60, 2,
    )  # fmt: skip
    assert sorted(c.slug for c in first.careers) == ["paramedic", "physiotherapist"]
    assert first.benchmark_list == [5] and first.source == "imported"
    assert db.session.scalars(select(SessionChange.action)).all() == ["imported"] * 3

    again = run(runner, path)
    assert again.exit_code == 0, again.output
    assert "0 added, 3 already there" in again.output
    assert (count(SchoolSession), count(School)) == (3, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SESSIONS.replace("2025-11-12", "2025-13-12"), "line 3, date: '2025-13-12' is not a real date"),
        (
            SESSIONS.replace("2025-11-12", "12/11/2025"),
            "line 3, date: '12/11/2025' is not a date in the form YYYY-MM-DD",
        ),
        (SESSIONS.replace("2025-11-12", "2099-11-12"), "line 3, date: 2099-11-12 is in the future"),
        (SESSIONS.replace("dentist", "astronaut"), "line 4, careers: not recognised: astronaut"),
        (SESSIONS.replace("9;10,60", "9;14,60"), "line 2, year_groups: not recognised: 14"),
        (SESSIONS.replace(",60,", ",-4,"), "line 2, pupils_reached: '-4' is not a whole number"),
        (SESSIONS.replace(",4;5,", ",4;9,"), "line 3, gatsby: not recognised: 9"),
        (SESSIONS.replace("136512,Eastmoor", "13651,Eastmoor"), "line 2, school_urn: '13651' is not a 6-digit URN"),
        (SESSIONS.replace("in_person", "on the moon"), "line 2, format: 'on the moon' is not one of"),
        (
            SESSIONS.replace("136512,Eastmoor Academy", "136512,"),
            "line 2, school_name: required the first time a URN appears",
        ),
        (
            SESSIONS + "136512,,2025-10-01,virtual,careers_talk,9,10,,,,\n",
            "line 5, date: the same school, date and activity as line 2",
        ),
        (SESSIONS.replace("school_name", "school"), "line 1, school: unknown column"),
        (SESSIONS.replace("pupils_reached", "pupils"), "line 1, pupils_reached: required column is missing"),
        ("", "file, -: the file is empty"),
        ("school_urn,date,format,activity,year_groups,pupils_reached\n", "the file has a header but no rows"),
    ],
)
def test_a_bad_file_names_each_problem_and_writes_nothing(runner, tmp_path, catalogue, text, expected):
    result = run(runner, write(tmp_path, text))
    assert result.exit_code != 0
    assert expected in result.output, result.output
    assert (count(SchoolSession), count(School)) == (0, 0)


def test_a_file_that_is_not_utf8_is_refused(runner, tmp_path, catalogue):
    result = run(runner, write(tmp_path, SESSIONS.replace("Eastmoor", "Eastmöor"), encoding="latin-1"))
    assert result.exit_code != 0 and "not UTF-8" in result.output
    assert count(SchoolSession) == 0


def test_one_bad_row_among_good_ones_writes_nothing(runner, tmp_path, catalogue):
    text = SESSIONS + "100002,New School,2026-01-10,in_person,assembly,R;1,eighty,,,,\n"
    result = run(runner, write(tmp_path, text))
    assert "line 5, pupils_reached" in result.output
    assert (count(SchoolSession), count(School)) == (0, 0)


@pytest.mark.db
def test_staff_import_sessions_in_the_web_with_a_preview(client, sign_in, catalogue):
    sign_in("academy_staff")
    SchoolFactory(urn="100001")
    assert "/staff/imports/sessions" in client.get("/staff/schools/sessions").text
    page = client.get("/staff/imports/sessions")
    token = csrf_token_from(page.text)

    def upload(text):
        return client.post("/staff/imports/sessions", content_type="multipart/form-data",
                           data={"csrf_token": token, "file": (io.BytesIO(text.encode()), "sessions.csv")})  # fmt: skip

    bad = upload(SESSIONS.replace("dentist", "astronaut"))
    assert "nothing has been imported" in bad.text
    assert re.search(r">\s*4\s*</td>\s*<td[^>]*>\s*careers\s*</td>\s*<td[^>]*>\s*not recognised: astronaut", bad.text)
    preview = upload(SESSIONS)
    assert "New schools to be added to the register" in preview.text
    assert count(SchoolSession) == 0, "a preview writes nothing"
    import_token = preview.text.split('name="token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/staff/imports/sessions/confirm",
                           data={"csrf_token": token, "token": import_token, "filename": "sessions.csv"})  # fmt: skip
    assert response.status_code == 302
    services.wait_for(int(response.headers["Location"].rsplit("/", 1)[1]))
    assert count(SchoolSession) == 3
    assert "Eastmoor Academy" in client.get("/staff/schools/sessions").text


def test_outreach_advisers_cannot_import_sessions(client, sign_in):
    sign_in("outreach_adviser")
    assert client.get("/staff/imports/sessions").status_code in (403, 404)
