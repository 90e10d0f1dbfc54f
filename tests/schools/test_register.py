"""The schools register and the ambassadors register."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.schools.models import Ambassador, School, dbs_current
from tests.conftest import submit_form
from tests.schools.conftest import AmbassadorFactory, SchoolFactory, career, date_fields, log

TODAY = date.today()


def school_data(**overrides):
    data = {"urn": "136512", "name": "Eastmoor Academy", "phase": "secondary", "local_authority": "Eastmoor",
            "postcode": "so16 6yd", "pilot": "yes"}  # fmt: skip
    data.update(overrides)
    return data


def test_staff_add_a_school(client, sign_in):
    sign_in("academy_staff")
    response = submit_form(client, "/staff/schools/new", school_data())
    assert response.status_code == 302
    school = db.session.scalars(select(School)).one()
    assert (school.urn, school.postcode, school.pilot, school.phase) == ("136512", "SO16 6YD", True, "secondary")


@pytest.mark.parametrize(
    ("urn", "message"),
    [
        ("", "Enter the URN"),
        ("13651", "Enter the 6-digit URN"),
        ("1365123", "Enter the 6-digit URN"),
        ("13651A", "Enter the 6-digit URN"),
    ],  # fmt: skip
)
def test_school_urn_must_be_six_digits(client, sign_in, urn, message):
    sign_in("academy_staff")
    response = submit_form(client, "/staff/schools/new", school_data(urn=urn))
    assert message in response.text and 'value="Eastmoor Academy"' in response.text
    assert db.session.scalars(select(School)).all() == []


def test_school_urn_is_unique(client, sign_in):
    sign_in("academy_staff")
    SchoolFactory(urn="136512")
    response = submit_form(client, "/staff/schools/new", school_data())
    assert "A school with this URN is already in the register" in response.text
    assert len(db.session.scalars(select(School)).all()) == 1


def test_editing_a_school_keeps_its_own_urn(client, sign_in):
    sign_in("academy_staff")
    school = SchoolFactory(urn="136512", name="Old name")
    url = f"/staff/schools/{school.id}/edit"
    assert submit_form(client, url, school_data(name="New name")).status_code == 302
    db.session.refresh(school)
    assert school.name == "New name"


def test_search_and_filter_schools(client, sign_in):
    sign_in("academy_staff")
    SchoolFactory(name="Larchfield Primary", phase="primary", local_authority="Northvale", pilot=True)
    SchoolFactory(name="Eastmoor High", phase="secondary", local_authority="Eastmoor", urn="222222")
    page = client.get("/staff/schools/?phase=primary").text
    assert "Larchfield Primary" in page and "Eastmoor High" not in page
    page = client.get("/staff/schools/?q=222222").text
    assert "Eastmoor High" in page and "Larchfield Primary" not in page
    page = client.get("/staff/schools/?pilot=yes").text
    assert "Larchfield Primary" in page and "Eastmoor High" not in page
    page = client.get("/staff/schools/?local_authority=Eastmoor").text
    assert "Eastmoor High" in page and "Larchfield Primary" not in page


@pytest.mark.parametrize(
    ("checked", "on", "current"),
    [
        (None, date(2026, 1, 1), False),
        (date(2023, 1, 2), date(2026, 1, 1), True),
        (date(2023, 1, 1), date(2026, 1, 1), False),
        (date(2024, 2, 29), date(2027, 2, 27), True),
        (date(2024, 2, 29), date(2027, 2, 28), False),
    ],
)
def test_a_dbs_check_counts_for_three_years(checked, on, current):
    assert dbs_current(checked, on) is current


def test_staff_add_an_ambassador_linked_to_a_career(client, sign_in, catalogue):
    sign_in("academy_staff")
    data = {"name": "Pat Paramedic", "career_id": str(career("paramedic").id), "formats": ["in_person"], "active": "yes",
            **date_fields("dbs_checked_on", TODAY - timedelta(days=30))}  # fmt: skip
    response = submit_form(client, "/staff/schools/ambassadors/new", data)
    assert response.status_code == 302
    ambassador = db.session.scalars(select(Ambassador)).one()
    assert (ambassador.career.slug, ambassador.format_list, ambassador.active) == ("paramedic", ["in_person"], True)
    page = client.get(response.headers["Location"]).text
    assert "/careers/paramedic" in page and "DBS check needs renewing" not in page


def test_an_old_dbs_check_is_flagged(client, sign_in):
    sign_in("academy_staff")
    old = AmbassadorFactory(name="Olive Old", dbs_checked_on=TODAY - timedelta(days=3 * 366))
    assert "DBS check needs renewing" in client.get(f"/staff/schools/ambassadors/{old.id}").text
    assert "Needs renewing" in client.get("/staff/schools/ambassadors").text


def test_an_ambassadors_sessions_and_hours(client, sign_in):
    sign_in("academy_staff")
    ambassador = AmbassadorFactory()
    school = SchoolFactory(name="Westbrook College")
    log(school, TODAY - timedelta(days=10), ambassadors={ambassador: "1.5"})
    log(school, TODAY - timedelta(days=5), activity="workshop", ambassadors={ambassador: "3"})
    page = client.get(f"/staff/schools/ambassadors/{ambassador.id}").text
    assert page.count("Westbrook College") == 2
    assert re.search(r"Hours given\s*</dt>\s*<dd[^>]*>\s*4.5\s*<", page)
