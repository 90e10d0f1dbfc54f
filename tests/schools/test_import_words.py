"""Imports in staff's words: labels in any of the five languages as well as codes, templates to
download (CSV, and Excel with drop-downs), the allowed values on the page, header and row problems
reported together, and no cascading false error."""

import io

from openpyxl import load_workbook
from sqlalchemy import select

from portal.extensions import db
from portal.schools.models import SchoolSession
from tests.schools.test_import import run, write

HEADER = "school_urn,school_name,date,format,activity,year_groups,pupils_reached,careers,ambassadors,gatsby,notes\n"


def test_labels_in_any_language_map_to_the_same_codes(runner, tmp_path, catalogue):
    text = HEADER + (
        "136512,Eastmoor Academy,2025-10-01,In person,Careers talk,Year 9;year 10,60,Paramedic;physiotherapist,2,5,\n"
        "136512,,2025-10-02,IN PERSON,careers_talk,9,30,,,,\n"
    )
    result = run(runner, write(tmp_path, text))
    assert result.exit_code == 0, result.output
    rows = db.session.scalars(select(SchoolSession).order_by(SchoolSession.held_on)).all()
    assert [(r.format, r.activity, r.year_group_list) for r in rows] == [
        ("in_person", "careers_talk", ["9", "10"]),
        ("in_person", "careers_talk", ["9"]),
    ]
    assert sorted(c.slug for c in rows[0].careers) == ["paramedic", "physiotherapist"]
    assert rows[0].benchmark_list == [5]


def test_translated_labels_are_accepted(app, catalogue):
    from flask_babel import force_locale

    from portal.imports.labels import to_code
    from portal.schools.choices import ACTIVITIES, FORMATS

    for locale in ("uk", "ar", "fa_AF", "ps"):
        with force_locale(locale):
            label, activity = str(FORMATS["in_person"]), str(ACTIVITIES["careers_talk"])
        assert label != "In person", locale
        assert to_code(label, FORMATS) == "in_person"
        assert to_code(activity, ACTIVITIES) == "careers_talk"
    assert to_code("On the moon", FORMATS) is None


def test_a_wrong_career_does_not_also_blame_the_next_row_for_its_school_name(runner, tmp_path, catalogue):
    text = HEADER + (
        "136512,Eastmoor Academy,2025-10-01,in_person,careers_talk,9,60,astronaut,,,\n"
        "136512,,2025-10-02,virtual,workshop,9,30,,,,\n"
    )
    result = run(runner, write(tmp_path, text))
    assert result.exit_code != 0
    assert "line 2, careers: not recognised: astronaut" in result.output
    assert "school_name" not in result.output


def test_header_and_row_problems_are_reported_together(runner, tmp_path, catalogue):
    text = (
        HEADER.replace("\n", ",shoe_size\n").replace("pupils_reached,", "")
        + "136512,Eastmoor Academy,2025-13-01,in_person,careers_talk,9,,,,,42\n"
    )
    result = run(runner, write(tmp_path, text))
    assert result.exit_code != 0
    assert "line 1, shoe_size: unknown column" in result.output
    assert "line 1, pupils_reached: required column is missing" in result.output
    assert "line 2, date: '2025-13-01' is not a real date" in result.output
    # The missing column is said once, not again on every row.
    assert "line 2, pupils_reached" not in result.output


def test_upload_page_lists_allowed_values_and_offers_templates(client, sign_in, catalogue):
    sign_in("academy_staff")
    page = client.get("/staff/imports/sessions").text
    for words in ("In person", "Careers talk", "Year 9", "Reception", "Paramedic", "in_person", "careers_talk"):
        assert words in page, words
    assert "activity (9)" in page  # each column's values under a summary naming it
    assert '<code lang="en">careers_talk</code>' in page and "&lt;span" not in page
    assert "/staff/imports/sessions/template.csv" in page and "/staff/imports/sessions/template.xlsx" in page
    csv_file = client.get("/staff/imports/sessions/template.csv")
    assert csv_file.headers["Content-Disposition"].startswith("attachment")
    assert csv_file.text.strip() == HEADER.strip()


def test_excel_template_has_drop_downs_of_the_allowed_values(client, sign_in, catalogue):
    sign_in("academy_staff")
    response = client.get("/staff/imports/sessions/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    rows, values = book.worksheets
    assert [cell.value for cell in rows[1]] == HEADER.strip().split(",")
    listed = {values.cell(row=1, column=c).value: [values.cell(row=r, column=c).value for r in range(2, values.max_row + 1)]
              for c in range(1, values.max_column + 1) if values.cell(row=1, column=c).value}  # fmt: skip
    assert "In person" in listed["format"] and "Careers talk" in listed["activity"]
    assert "Year 9" in listed["year_groups"] and "Paramedic" in listed["careers"]
    checks = {str(dv.sqref).split(":")[0][0]: dv for dv in rows.data_validations.dataValidation}
    assert checks["D"].type == "list" and "$D$2" in checks["D"].formula1  # format
    assert checks["D"].showErrorMessage and not checks["F"].showErrorMessage  # year groups take several


def test_people_import_takes_labels_too(app):
    from portal.imports.importers import PeopleImporter
    from portal.imports.labels import to_code

    allowed = PeopleImporter().allowed_values()
    assert to_code("Female", allowed["sex"]) == "female"
    assert to_code("Prefer not to say", allowed["disability"]) == "prefer_not_to_say"
