"""Consent as history: every consent given is a row, never overwritten, by every path that gives
one; withdrawal by staff on the person's word; may_contact is the one rule."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.opportunities import services as opportunities
from portal.outreach import services as outreach
from portal.people import consent, intake
from portal.people.consent import Consent
from portal.pipeline.models import Person
from tests.conftest import csrf_token_from
from tests.factories import OpportunityFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.imports.test_imports import PEOPLE, import_file, write
from tests.people.test_front_door import identity, sign_up_flow

AMIRA = {
    "first_name": "Amira", "last_name": "Haddad", "email": "amira@example.org", "phone": "",
    "date_of_birth": date(2000, 3, 4), "postcode": "", "route": "career_changer", "preferred_language": "ar",
    "statement": "", "right_to_work": "yes",
}  # fmt: skip


def history(person):
    return [(row.given_on, row.version, row.how, row.withdrawn_on) for row in reversed(consent.history(person))]


@pytest.mark.db
def test_a_second_application_adds_a_consent_and_overwrites_nothing(app):
    first = opportunities.apply(OpportunityFactory().id, AMIRA, consent_version="2026-01", today=date(2026, 1, 5))
    person = first.person
    second = opportunities.apply(OpportunityFactory().id, AMIRA, consent_version="2026-11", today=date(2026, 11, 20))
    assert second.person is None  # held: staff say who it is
    intake.link(second.intake, person, UserFactory(role="academy_staff"))
    db.session.commit()
    assert history(person) == [
        (date(2026, 1, 5), "2026-01", "web_form", None),
        (date(2026, 11, 20), "2026-11", "web_form", None),
    ]
    assert [row.intake_id for row in reversed(consent.history(person))] == [first.intake.id, second.intake.id]
    db.session.refresh(person)
    assert (person.consent_date, person.consent_version) == (date(2026, 1, 5), "2026-01")  # the first, kept


def test_a_partner_referral_records_its_consent_even_for_someone_known(app):
    adviser = UserFactory(role="outreach_adviser")
    person = PersonFactory(email="oleh@example.org", consent_date=date(2025, 2, 1))
    details = {"first_name": person.first_name, "last_name": person.last_name, "email": "oleh@example.org",
               "route": "seldom_heard", "consent_version": "2026-11"}  # fmt: skip
    outreach.refer_from_partner(
        details, partner=OrganisationFactory(), referred_on=date(2026, 11, 2), reason="ESOL", user=adviser
    )
    assert history(person) == [(date(2026, 11, 2), "2026-11", "partner_referral", None)]
    db.session.refresh(person)
    assert person.consent_date == date(2025, 2, 1)


def test_a_school_sign_up_records_its_consent(app):
    sign_up_flow(app.test_client(), identity("name", "pupil@example.org", first="Yusuf", last="Rahimi"))
    person = db.session.scalars(select(Person).where(Person.first_name == "Yusuf")).one()
    [(_given, version, how, withdrawn)] = history(person)
    assert (version, how, withdrawn) == (app.config["CONSENT_VERSION"], "school_sign_up", None)


@pytest.mark.db
def test_an_import_makes_each_persons_consent_the_first_of_their_history(app, runner, tmp_path):
    assert import_file(runner, "people", write(tmp_path, "people.csv", PEOPLE)).exit_code == 0
    amira = db.session.scalar(select(Person).where(Person.person_ref == "P-001"))
    assert history(amira) == [(date(2025, 1, 10), None, "import", None)]
    assert db.session.scalar(select(db.func.count()).select_from(Consent)) == 3


@pytest.mark.db
def test_may_contact_is_the_one_rule(app):
    person = PersonFactory()
    assert consent.may_contact(person)  # recorded before consent was kept: contacted as before
    consent.give(person, given_on=date(2026, 1, 5), version="2026-01", how="web_form")
    assert consent.may_contact(person) and consent.withdrawn_among([person.id]) == set()
    assert consent.withdraw(person, how="staff_on_their_word", by=UserFactory(), today=date(2026, 6, 1)) == 1
    assert not consent.may_contact(person) and consent.withdrawn_among([person.id, None]) == {person.id}
    assert consent.withdraw(person, how="way_back_in") == 0  # nothing left to withdraw
    consent.give(person, given_on=date(2026, 11, 20), version="2026-11", how="web_form")  # applied again
    assert consent.may_contact(person) and consent.withdrawn_people() == set()
    person.erased_at = person.created_at
    assert not consent.may_contact(person)


def test_withdrawing_for_someone_recorded_before_consent_was_kept_still_leaves_a_row(app):
    person = PersonFactory(consent_date=date(2024, 4, 1), consent_version="2024-01")
    consent.withdraw(person, how="staff_on_their_word", today=date(2026, 6, 1))
    assert history(person) == [(date(2024, 4, 1), "2024-01", "import", date(2026, 6, 1))]
    assert not consent.may_contact(person)


def _withdraw_page(client, person):
    return client.get(f"/staff/people/{person.person_ref}/withdraw-consent")


def test_staff_withdraw_on_the_persons_word_after_confirming(client, sign_in):
    person = PersonFactory(first_name="Farid", last_name="Karimi")
    consent.give(person, given_on=date(2026, 1, 5), version="2026-01", how="web_form")
    db.session.commit()
    staff = sign_in("outreach_adviser")
    page = client.get(f"/staff/people/{person.person_ref}").text
    assert "They have told you they withdraw their consent" in page and "Do not contact" not in page
    form = _withdraw_page(client, person)
    assert form.status_code == 200
    token = csrf_token_from(form.text)
    refused = client.post(
        f"/staff/people/{person.person_ref}/withdraw-consent", data={"csrf_token": token, "note": "phoned on Monday"}
    )
    assert refused.status_code == 400 and "Tick the box to confirm they asked for this" in refused.text
    assert 'value="phoned on Monday"' in refused.text and consent.may_contact(person)
    done = client.post(
        f"/staff/people/{person.person_ref}/withdraw-consent",
        data={"csrf_token": token, "note": "phoned on Monday", "confirm": "yes"},
    )
    assert done.status_code == 302
    db.session.expire_all()
    [row] = consent.history(person)
    assert (row.withdrawn_how, row.withdrawn_by_id, row.note) == ("staff_on_their_word", staff.id, "phoned on Monday")
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.object_type == "consent")).user_id == staff.id
    page = BeautifulSoup(client.get(f"/staff/people/{person.person_ref}").text, "html.parser")
    assert "Do not contact: consent withdrawn" in page.get_text()
    table = page.find("caption", string=lambda text: text and "Every consent" in text).find_parent("table").get_text()
    assert "Told a member of staff" in table and staff.name in table and "phoned on Monday" in table
    assert "They have told you they withdraw their consent" not in page.get_text()
    assert "Do not contact: consent withdrawn" in client.get("/staff/people/").text
    again = _withdraw_page(client, person)
    assert again.status_code == 302  # already withdrawn: back to their page with a word


def test_every_staff_role_may_withdraw_on_the_persons_word(client, sign_in):
    person = PersonFactory()
    for role in ("admin", "manager", "academy_staff", "outreach_adviser"):
        sign_in(role)
        assert _withdraw_page(client, person).status_code == 200, role
        client.post("/staff/sign-out", data={"csrf_token": csrf_token_from(client.get("/staff/").text)})


def test_the_people_list_says_who_withdrew_in_a_fixed_number_of_queries(client, sign_in):
    from sqlalchemy import event

    people = [PersonFactory() for _ in range(6)]
    for person in people[:3]:
        consent.withdraw(person, how="staff_on_their_word")
    db.session.commit()
    sign_in("manager")
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        page = client.get("/staff/people/").text
        few = len(statements)
        for _ in range(10):
            PersonFactory()
        statements.clear()
        client.get("/staff/people/")
        many = len(statements)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert page.count("Do not contact: consent withdrawn") == 3
    assert few == many
