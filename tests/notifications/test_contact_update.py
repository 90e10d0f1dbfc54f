"""New contact details through the way back in: kept as a held intake, never written into the
person, until staff take each detail they accept."""

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.notifications.links import new_return_link
from portal.people.models import Intake
from portal.pipeline.models import Person
from tests.conftest import csrf_token_from, sign_in_as, submit_form
from tests.factories import PersonFactory, UserFactory

PAGE = "/my-applications/yours/contact-details"


def opened(client, **fields):
    person = PersonFactory(email="old@example.com", phone="07700 900111", **fields)
    link = new_return_link(person)
    db.session.commit()
    assert client.get(link.replace("http://localhost", "")).status_code == 302
    return person


def row(person_id) -> tuple:
    db.session.expire_all()
    person = db.session.get(Person, person_id)
    return person.email, person.phone, person.contact_by


def test_the_applications_page_links_to_the_new_page(client):
    opened(client)
    assert PAGE in client.get("/my-applications/yours").text


def test_new_details_are_held_for_staff_and_the_person_is_unchanged(client):
    person = opened(client)
    before = row(person.id)
    page = client.get(PAGE)
    assert 'value="old@example.com"' in page.text  # what we have, to change
    response = client.post(
        PAGE,
        data={"csrf_token": csrf_token_from(page.text), "email": "New@Example.com", "phone": "07700 900222",
              "contact_by": "sms"},
    )  # fmt: skip
    assert response.status_code == 302 and response.headers["Location"] == "/my-applications/yours"
    assert "We will check your new details" in client.get("/my-applications/yours").text
    assert row(person.id) == before
    intake = db.session.scalars(select(Intake)).one()
    assert (intake.kind, intake.status, intake.candidate_ids) == ("contact_update", "held", [person.id])
    assert (intake.email, intake.phone, intake.contact_by) == ("new@example.com", "07700 900222", "sms")


def test_bad_input_is_named_next_to_the_field_and_kept(client):
    opened(client)
    page = submit_form(client, PAGE, {"email": "not an address", "phone": "", "contact_by": "sms"})
    assert page.status_code == 200
    assert "Enter an email address in the correct format" in page.text
    assert 'value="not an address"' in page.text
    page = submit_form(client, PAGE, {"email": "a@example.com", "phone": "", "contact_by": "sms"})
    assert "Enter a phone number to be told by text message" in page.text
    assert db.session.scalar(select(Intake.id)) is None


def test_the_same_details_keep_nothing(client):
    opened(client)
    submit_form(client, PAGE, {"email": "old@example.com", "phone": "07700 900111", "contact_by": "email"})
    assert db.session.scalar(select(Intake.id)) is None


def test_without_the_link_the_page_asks_for_one(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and response.headers["Location"] == "/my-applications"


@pytest.mark.parametrize("role", ["academy_staff", "outreach_adviser", "manager", "admin"])
def test_staff_take_the_details_they_accept_field_by_field(role, app, client):
    person = opened(client)
    submit_form(client, PAGE, {"email": "new@example.com", "phone": "07700 900222", "contact_by": "sms"})
    intake = db.session.scalars(select(Intake)).one()
    staff = app.test_client()
    assert sign_in_as(staff, UserFactory(role=role)).status_code == 302
    assert f"/staff/people/intakes/{intake.id}" in staff.get("/staff/people/intakes").text
    page = staff.get(f"/staff/people/intakes/{intake.id}")
    assert "Make a new record" not in page.text  # a change of details is never a new person
    assert "How they want to hear from us" in page.text
    response = staff.post(
        f"/staff/people/intakes/{intake.id}/link",
        data={"csrf_token": csrf_token_from(page.text), "person_ref": person.person_ref,
              "fields": ["phone", "contact_by"]},
    )  # fmt: skip
    assert response.status_code == 302
    assert row(person.id) == ("old@example.com", "07700 900222", "sms")  # the email was not taken
    db.session.expire_all()
    assert db.session.get(Intake, intake.id).status == "linked"


def test_a_contact_update_cannot_become_a_new_person(app, client):
    opened(client)
    submit_form(client, PAGE, {"email": "new@example.com", "phone": "", "contact_by": "email"})
    intake = db.session.scalars(select(Intake)).one()
    staff = app.test_client()
    assert sign_in_as(staff, UserFactory(role="manager")).status_code == 302
    page = staff.get(f"/staff/people/intakes/{intake.id}")
    staff.post(f"/staff/people/intakes/{intake.id}/new-person", data={"csrf_token": csrf_token_from(page.text)})
    assert len(db.session.scalars(select(Person)).all()) == 1
    db.session.expire_all()
    assert db.session.get(Intake, intake.id).status == "held"
