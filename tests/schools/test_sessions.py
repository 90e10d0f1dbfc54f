"""Logging sessions (the quick form, its validation, edits that keep who changed what), and pupils
signing up from a session's link into the pipeline."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.pipeline.models import Person, PipelineEvent
from portal.schools.models import SchoolSession, SessionChange
from tests.conftest import submit_form
from tests.schools.conftest import AmbassadorFactory, SchoolFactory, career, date_fields, log

TODAY = date.today()
NEW = "/staff/schools/sessions/new"


def session_data(school, **overrides):
    data = {
        "school_id": str(school.id),
        **date_fields("held_on", TODAY),
        "activity": "meet_a_professional",
        "format": "in_person",
        "year_groups": ["9", "10"],
        "pupils_reached": "56",
    }
    data.update(overrides)
    return data


def sessions():
    return db.session.scalars(select(SchoolSession)).all()


@pytest.mark.db
def test_staff_log_a_session_with_everything(client, sign_in, catalogue):
    sign_in("academy_staff")
    school = SchoolFactory(name="Eastmoor Academy")
    physio = AmbassadorFactory(name="Priya Physio", career_id=career("physiotherapist").id)
    data = session_data(
        school,
        careers=[str(career("physiotherapist").id), str(career("paramedic").id)],
        ambassadors=[str(physio.id)],
        **{f"hours-{physio.id}": "2.5"},
        gatsby=["4", "5"],
        curriculum_subject="Biology",
        feedback_score="4.3",
        notes="Great questions",
    )
    response = submit_form(client, NEW, data)
    assert response.status_code == 302, response.text
    row = sessions()[0]
    assert (row.pupils_reached, row.year_group_list, row.key_stage_list) == (56, ["9", "10"], ["ks3", "ks4"])
    assert sorted(c.slug for c in row.careers) == ["paramedic", "physiotherapist"]
    assert row.benchmark_list == [4, 5]
    assert [(a.ambassador_id, str(a.hours)) for a in row.ambassadors] == [(physio.id, "2.5")]
    assert str(row.feedback_score) == "4.3"
    page = client.get(response.headers["Location"]).text
    assert "Eastmoor Academy" in page and "Physiotherapist" in page and "Priya Physio" in page
    assert "Key stage 3" in page and "Key stage 4" in page


def test_session_form_needs_only_the_quick_fields(client, sign_in):
    sign_in("academy_staff")
    school = SchoolFactory()
    assert submit_form(client, NEW, session_data(school)).status_code == 302
    assert len(sessions()) == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"year_groups": []}, "Choose at least one year group"),
        ({"year_groups": ["14"]}, "Choose year groups from Reception to Year 13"),
        ({"pupils_reached": "-1"}, "Enter a number of pupils between 0 and 5,000"),
        ({"pupils_reached": ""}, "Enter how many pupils took part"),
        ({"pupils_reached": "lots"}, "must be a whole number"),
        ({"gatsby": ["9"]}, "Gatsby benchmarks are numbered 1 to 8"),
        (date_fields("held_on", TODAY + timedelta(days=1)), "must be today or in the past"),
        ({"held_on[day]": "31", "held_on[month]": "2", "held_on[year]": "2026"}, "must be a real date"),
        ({"feedback_score": "6"}, "Enter a feedback score from 1 to 5"),
        ({"ambassadors": ["1"]}, "Enter the hours each ambassador you ticked gave"),
        ({"school_id": ""}, "Choose the school"),
        ({"activity": "juggling"}, "Choose the activity"),
    ],
)
def test_session_form_refuses_bad_input_and_keeps_what_was_typed(client, sign_in, overrides, message):
    sign_in("academy_staff")
    school = SchoolFactory()
    AmbassadorFactory(id=1)
    data = session_data(school, curriculum_subject="Chemistry", **overrides)
    response = submit_form(client, NEW, data)
    assert response.status_code == 200
    assert message in response.text
    assert "There is a problem" in response.text
    assert 'value="Chemistry"' in response.text
    assert sessions() == []


def test_zero_pupils_is_allowed(client, sign_in):
    sign_in("academy_staff")
    assert submit_form(client, NEW, session_data(SchoolFactory(), pupils_reached="0")).status_code == 302


def test_the_same_school_date_and_activity_is_one_session(client, sign_in):
    sign_in("academy_staff")
    school = SchoolFactory()
    submit_form(client, NEW, session_data(school))
    response = submit_form(client, NEW, session_data(school))
    assert "already has a session of this activity on this date" in response.text
    assert len(sessions()) == 1


def test_editing_keeps_who_changed_what(client, sign_in):
    user = sign_in("academy_staff", name="Sam Schools")
    school = SchoolFactory()
    row = log(school, TODAY, pupils=20, user=user)
    url = f"/staff/schools/sessions/{row.id}/edit"
    assert 'value="20"' in client.get(url).text
    response = submit_form(
        client, url, session_data(school, activity="careers_talk", pupils_reached="25", year_groups=["9"])
    )
    assert response.status_code == 302
    changes = db.session.scalars(select(SessionChange).order_by(SessionChange.id)).all()
    assert [(c.action, c.detail, c.changed_by_id) for c in changes] == [
        ("logged", "", user.id),
        ("changed", "pupils reached", user.id),
    ]
    assert "Sam Schools changed pupils reached" in client.get(f"/staff/schools/sessions/{row.id}").text


def test_outreach_advisers_cannot_see_the_schools_programme(client, sign_in):
    sign_in("outreach_adviser")
    assert client.get("/staff/schools/sessions").status_code == 403
    assert "/staff/reports/schools" not in client.get("/staff/").text


# ---------------------------------------------------------------- sign-up from a session


def pupil(**overrides):
    data = {
        "filled_in_by": "pupil",
        "first_name": "Maya",
        "last_name": "Okafor",
        **date_fields("date_of_birth", TODAY.replace(year=TODAY.year - 15) - timedelta(days=3)),
        "email": "maya@example.com",
        "consent": "yes",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.db
def test_sign_up_creates_one_person_and_one_engaged_event_tied_to_the_session(client):
    row = log(SchoolFactory(), TODAY)
    url = f"/schools/sign-up/{row.signup_token}"
    response = submit_form(client, url, pupil())
    assert response.status_code == 302
    assert "Thank you" in client.get(response.headers["Location"]).text
    person = db.session.scalars(select(Person)).one()
    assert (person.source, person.route, person.consent_version) == ("school_session", "in_education", "2026-11")
    event = db.session.scalars(select(PipelineEvent)).one()
    assert (event.person_id, event.stage, event.source_type, event.source_id) == (
        person.id, "engaged", "school_session", row.id,
    )  # fmt: skip
    # The same pupil scanning again is linked, not duplicated, and not counted twice.
    submit_form(client, url, pupil())
    assert db.session.scalar(select(func.count()).select_from(Person)) == 1
    assert db.session.scalar(select(func.count()).select_from(PipelineEvent)) == 1


def test_a_parent_can_sign_up_a_pupil_of_13(client):
    row = log(SchoolFactory(), TODAY)
    birthday = (
        TODAY.replace(year=TODAY.year - 13)
        if not (TODAY.month == 2 and TODAY.day == 29)
        else date(TODAY.year - 13, 2, 28)
    )
    data = pupil(filled_in_by="parent", email="", phone="07700 900 982", **date_fields("date_of_birth", birthday))
    assert submit_form(client, f"/schools/sign-up/{row.signup_token}", data).status_code == 302
    assert db.session.scalars(select(Person)).one().phone == "07700 900 982"


def test_under_13_is_refused_kindly_and_nothing_is_stored(client):
    row = log(SchoolFactory(), TODAY)
    data = pupil(**date_fields("date_of_birth", TODAY.replace(year=TODAY.year - 12) + timedelta(days=-300)))
    response = submit_form(client, f"/schools/sign-up/{row.signup_token}", data)
    assert response.status_code == 200
    assert "We can only keep details of pupils aged 13 or over" in response.text
    assert db.session.scalars(select(Person)).all() == []
    assert db.session.scalars(select(PipelineEvent)).all() == []


def test_sign_up_needs_consent_and_a_way_to_contact(client):
    row = log(SchoolFactory(), TODAY)
    response = submit_form(client, f"/schools/sign-up/{row.signup_token}", pupil(consent=None, email=""))
    assert "Tick the box to agree" in response.text
    assert "Enter an email address or a phone number" in response.text
    assert db.session.scalars(select(Person)).all() == []


def test_the_sign_up_link_is_a_token_not_the_id(client):
    row = log(SchoolFactory(), TODAY)
    assert len(row.signup_token) >= 20 and str(row.id) != row.signup_token
    assert client.get(f"/schools/sign-up/{row.id}").status_code == 404
    assert client.get("/schools/sign-up/not-a-token").status_code == 404


def test_staff_print_a_sign_up_sheet_with_a_qr_code(client, sign_in):
    sign_in("academy_staff")
    row = log(SchoolFactory(), TODAY)
    sheet = client.get(f"/staff/schools/sessions/{row.id}/sign-up-sheet").text
    assert f"/schools/sign-up/{row.signup_token}" in sheet
    assert f"/staff/schools/sessions/{row.id}/qr.svg" in sheet
    qr = client.get(f"/staff/schools/sessions/{row.id}/qr.svg")
    assert qr.mimetype == "image/svg+xml" and qr.data.lstrip().startswith(b"<svg")
    assert qr.headers["X-Content-Type-Options"] == "nosniff"


def test_staff_home_offers_the_schools_programme_to_academy_staff(client, sign_in):
    sign_in("academy_staff")
    home = client.get("/staff/").text
    for link in ("/staff/schools/sessions/new", "/staff/reports/schools", "/staff/schools/ambassadors"):
        assert link in home, link
