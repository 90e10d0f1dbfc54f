"""Staff say who sent a held form: link it to a person field by field, or make a new record."""

from datetime import date

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.opportunities.models import Application, Opportunity
from portal.outreach.models import Referral
from portal.people.models import Intake
from portal.pipeline.models import EqualityProfile, Person, PipelineEvent
from tests.conftest import csrf_token_from
from tests.factories import OpportunityFactory, PersonFactory
from tests.people.test_front_door import EQUALITY, adviser_flow, apply_flow, identity


@pytest.fixture
def known(app):
    person = PersonFactory(
        first_name="Mariam", last_name="Sultani", email="mariam@example.com", phone=None, postcode="SO16 6YD",
        date_of_birth=date(2001, 1, 2), route="in_education",
    )  # fmt: skip
    person.equality = EqualityProfile(sex="female")
    db.session.commit()
    return person


def held(kind="application") -> Intake:
    return db.session.scalars(select(Intake).where(Intake.status == "held", Intake.kind == kind)).one()


def post(client, url, data, page):
    return client.post(url, data={"csrf_token": csrf_token_from(client.get(page).text), **data})


def stages(person_id):
    return db.session.scalars(select(PipelineEvent.stage).where(PipelineEvent.person_id == person_id)).all()


def test_staff_link_a_held_application_taking_only_the_fields_they_choose(app, client, sign_in, known):
    apply_flow(app.test_client(), identity("email", known.email))
    row = held()
    staff = sign_in("academy_staff")
    queue = client.get("/staff/people/intakes").text
    assert row.reference not in queue and "Someone Else" in queue and "1 form to check" in queue
    page = client.get(f"/staff/people/intakes/{row.id}").text
    assert known.person_ref in page and "07700 900999" in page and "different" in page
    assert "What is your sex?" not in page  # equality answers are for managers and admins
    response = post(
        client, f"/staff/people/intakes/{row.id}/link", {"person_ref": known.person_ref, "fields": ["phone"]},
        f"/staff/people/intakes/{row.id}",
    )  # fmt: skip
    assert response.status_code == 302
    db.session.expire_all()
    person = db.session.get(Person, known.id)
    assert (person.phone, person.first_name, person.email, person.route) == (
        "07700 900999", "Mariam", "mariam@example.com", "in_education",
    )  # fmt: skip
    assert person.equality.sex == "female"
    application = db.session.scalars(select(Application)).one()
    assert application.person_id == known.id and stages(known.id) == ["applied"]
    intake_row = db.session.get(Intake, row.id)
    assert (intake_row.status, intake_row.fields_taken, intake_row.resolved_by_id) == ("linked", ["phone"], staff.id)
    assert db.session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(
            AuditEvent.object_type == "person", AuditEvent.object_id == known.person_ref, AuditEvent.action == "update"
        )
    )
    assert "There is nothing to check." in client.get("/staff/people/intakes").text


def test_managers_see_and_may_take_the_equality_answers(app, client, sign_in, known):
    apply_flow(app.test_client(), identity("email", known.email))
    row = held()
    sign_in("manager")
    page = client.get(f"/staff/people/intakes/{row.id}").text
    assert "What is your sex? Male" in page
    post(
        client, f"/staff/people/intakes/{row.id}/link",
        {"person_ref": known.person_ref, "equality_fields": ["sex", "refugee_background"]},
        f"/staff/people/intakes/{row.id}",
    )  # fmt: skip
    db.session.expire_all()
    profile = db.session.get(EqualityProfile, known.id)
    assert (profile.sex, profile.refugee_background, profile.disability) == ("male", "yes", None)


def test_none_of_them_makes_a_new_record_from_what_they_typed(app, client, sign_in, known):
    apply_flow(app.test_client(), identity("name", known.email, birthday=known.date_of_birth))
    row = held()
    sign_in("academy_staff")
    response = post(client, f"/staff/people/intakes/{row.id}/new-person", {}, f"/staff/people/intakes/{row.id}")
    assert response.status_code == 302
    db.session.expire_all()
    new = db.session.get(Intake, row.id).person
    assert new.id != known.id and new.email == "stranger@example.net" and new.phone == "07700 900999"
    assert {name: getattr(new.equality, name) for name in EQUALITY} == EQUALITY
    assert stages(new.id) == ["applied"] and stages(known.id) == []
    assert db.session.get(Person, known.id).phone is None


def test_a_second_application_for_the_same_opportunity_is_withdrawn_not_joined(app, client, sign_in):
    opportunity = OpportunityFactory(places=5)
    details = identity("email", "twice@example.org")
    apply_flow(app.test_client(), details)
    apply_flow(app.test_client(), details)
    first, second = db.session.scalars(select(Application).order_by(Application.id)).all()
    assert first.opportunity_id == second.opportunity_id == opportunity.id
    assert db.session.get(Opportunity, opportunity.id).places_taken == 2
    sign_in("academy_staff")
    post(
        client, f"/staff/people/intakes/{second.intake_id}/link", {"person_ref": first.person.person_ref},
        f"/staff/people/intakes/{second.intake_id}",
    )  # fmt: skip
    db.session.expire_all()
    second = db.session.get(Application, second.id)
    assert (second.status, second.person_id) == ("withdrawn", None)
    assert db.session.get(Opportunity, opportunity.id).places_taken == 1
    assert stages(first.person_id) == ["applied"]
    # They are told, once, that they had already applied, at the address on their record.
    from portal.notifications.models import Message

    told = db.session.scalars(select(Message).where(Message.kind == "already_applied")).all()
    assert [(m.to_address, m.to_person_id) for m in told] == [("twice@example.org", first.person_id)]


def test_a_held_application_cannot_move_until_staff_say_who_sent_it(app, client, sign_in, known):
    apply_flow(app.test_client(), identity("email", known.email))
    application = db.session.scalars(select(Application)).one()
    sign_in("academy_staff")
    page = client.get(f"/staff/opportunities/applications/{application.id}").text
    assert "check who sent it" in page and "Someone Else" in page
    assert "Check who sent it" in client.get("/staff/opportunities/applications").text
    post(
        client, f"/staff/opportunities/applications/{application.id}/status", {"status": "reviewing"},
        f"/staff/opportunities/applications/{application.id}",
    )  # fmt: skip
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "submitted"


def test_a_held_request_for_an_adviser_waits_for_an_adviser_to_say_who_asked(app, client, sign_in, known):
    adviser_flow(app.test_client(), identity("email", known.email))
    referral = db.session.scalars(select(Referral)).one()
    adviser = sign_in("outreach_adviser")
    page = client.get(f"/staff/outreach/referrals/{referral.id}").text
    assert "Say who sent this request before you open a case" in page and "Open case" not in page
    post(
        client, f"/staff/outreach/referrals/{referral.id}/open-case", {"adviser_id": str(adviser.id)},
        f"/staff/outreach/referrals/{referral.id}",
    )  # fmt: skip
    assert db.session.get(Referral, referral.id).status == "open"
    row = held("adviser_request")
    post(
        client, f"/staff/people/intakes/{row.id}/link", {"person_ref": known.person_ref},
        f"/staff/people/intakes/{row.id}",
    )  # fmt: skip
    db.session.expire_all()
    assert db.session.get(Referral, referral.id).person_id == known.id and stages(known.id) == ["engaged"]


@pytest.mark.parametrize(("role", "kind", "visible"), [
    ("academy_staff", "adviser_request", False), ("outreach_adviser", "application", False),
    ("outreach_adviser", "adviser_request", True), ("manager", "adviser_request", True),
    ("admin", "application", True),
])  # fmt: skip
def test_each_role_checks_only_the_forms_of_its_own_work(app, client, sign_in, known, role, kind, visible):
    flow = apply_flow if kind == "application" else adviser_flow
    flow(app.test_client(), identity("email", known.email))
    row = held(kind)
    sign_in(role)
    assert (client.get(f"/staff/people/intakes/{row.id}").status_code == 200) is visible
    assert ("Someone Else" in client.get("/staff/people/intakes").text) is visible


def test_linking_refuses_someone_it_could_not_be(app, client, sign_in, known):
    other = PersonFactory()
    apply_flow(app.test_client(), identity("email", known.email))
    row = held()
    sign_in("academy_staff")
    page = post(
        client, f"/staff/people/intakes/{row.id}/link", {"person_ref": other.person_ref},
        f"/staff/people/intakes/{row.id}",
    )  # fmt: skip
    assert "Choose one of the people it could be" in client.get(page.headers["Location"]).text
    assert db.session.get(Intake, row.id).status == "held"
