"""The public front door: no public form changes or reveals a person who is already on record.

Every public form is posted with another person's email, and with their name and date of birth;
their row and equality answers must be byte-for-byte unchanged, nothing may be filed under them,
and the pages the visitor sees must be the same as for someone nobody knows."""

import re
from datetime import date

import pytest
from sqlalchemy import func, select, text

from portal.extensions import db
from portal.opportunities.models import Application, Opportunity
from portal.outreach.models import Referral
from portal.people.models import Intake
from portal.pipeline.models import EqualityProfile, PipelineEvent
from portal.schools.models import SchoolSession
from tests.conftest import csrf_token_from
from tests.factories import OpportunityFactory, PersonFactory
from tests.schools.conftest import SchoolFactory, date_fields, log

TODAY = date.today()
VICTIM_BIRTHDAY = date(TODAY.year - 15, 3, 9)

# What a stranger types about themselves, beside the victim's identity.
STRANGER = {
    "phone": "07700 900999",
    "postcode": "ls1 4ap",
    "preferred_language": "ar",
    "route": "seldom_heard",
}
EQUALITY = {"sex": "male", "disability": "yes", "care_experienced": "yes", "refugee_background": "yes"}


@pytest.fixture
def victim(app):
    person = PersonFactory(
        first_name="Mariam",
        last_name="Sultani",
        email="mariam.sultani@example.com",
        phone=None,
        postcode="SO16 6YD",
        date_of_birth=VICTIM_BIRTHDAY,
        preferred_language="en",
        route="in_education",
    )
    person.equality = EqualityProfile(sex="female", disability="no", care_experienced="no", refugee_background="no")
    db.session.commit()
    return person


def snapshot(person_id: int):
    """The person's row and equality answers exactly as stored, and what is filed under them."""
    people = db.session.execute(text("SELECT * FROM people WHERE id = :id"), {"id": person_id}).mappings().one()
    equality = (
        db.session.execute(text("SELECT * FROM equality_profiles WHERE person_id = :id"), {"id": person_id})
        .mappings()
        .one_or_none()
    )
    filed = tuple(
        db.session.scalar(select(func.count()).select_from(model).where(model.person_id == person_id))
        for model in (PipelineEvent, Application, Referral)
    )
    return dict(people), dict(equality or {}), filed


def post_form(client, url, data):
    page = client.get(url)
    return client.post(url, data={"csrf_token": csrf_token_from(page.text), **data})


def identity(kind: str, email: str, first="Mariam", last="Sultani", birthday=VICTIM_BIRTHDAY) -> dict:
    if kind == "email":  # only the email is the victim's
        return {
            "first_name": "Someone",
            "last_name": "Else",
            "email": email,
            **date_fields("date_of_birth", date(2001, 1, 2)),
        }
    return {
        "first_name": first,
        "last_name": last,
        "email": "stranger@example.net",
        **date_fields("date_of_birth", birthday),
    }


def apply_flow(client, details):
    opportunity = db.session.scalars(select(Opportunity.id)).first() or OpportunityFactory().id
    form = {**details, **STRANGER, "right_to_work": "yes", "statement": "Hello", "consent": "yes"}
    first = post_form(client, f"/opportunities/{opportunity}/apply", form)
    about = post_form(client, f"/opportunities/{opportunity}/apply/about-you", EQUALITY)
    return [first, about, client.get(about.headers["Location"])]


def adviser_flow(client, details):
    form = {**details, **STRANGER, "needs": ["english"], "message": "Please call me", "consent": "yes"}
    first = post_form(client, "/journey-to-work/adviser", form)
    about = post_form(client, "/journey-to-work/adviser/about-you", EQUALITY)
    return [first, about, client.get(about.headers["Location"])]


def sign_up_flow(client, details):
    row = db.session.scalars(select(SchoolSession)).first() or log(SchoolFactory(), TODAY)
    token = row.signup_token
    form = {
        **details,
        "phone": STRANGER["phone"],
        "postcode": STRANGER["postcode"],
        "filled_in_by": "pupil",
        "consent": "yes",
    }
    first = post_form(client, f"/schools/sign-up/{token}", form)
    return [first, client.get(first.headers["Location"])]


FLOWS = {"apply": apply_flow, "ask for an adviser": adviser_flow, "school sign-up": sign_up_flow}


def visible(responses) -> list:
    """What the visitor sees, without what differs on every submission (tokens and references)."""
    seen = []
    for response in responses:
        body = response.get_data(as_text=True)
        body = re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "", body)
        body = re.sub(r'nonce="[^"]+"', "", body)
        body = re.sub(r"\b(REF|APP)-[A-Z0-9]{8}\b", "REFERENCE", body)
        body = re.sub(r"/schools/sign-up/[\w-]+", "/schools/sign-up/TOKEN", body)
        seen.append(
            (response.status_code, re.sub(r"/schools/sign-up/[\w-]+", "", response.headers.get("Location", "")), body)
        )
    return seen


@pytest.mark.db
@pytest.mark.parametrize("flow", FLOWS)
@pytest.mark.parametrize("known_by", ["email", "name and date of birth"])
def test_a_public_form_never_changes_or_reveals_an_existing_person(app, victim, flow, known_by):
    before = snapshot(victim.id)
    seen_for_victim = visible(FLOWS[flow](app.test_client(), identity(known_by, victim.email)))
    db.session.expire_all()
    assert snapshot(victim.id) == before
    held = db.session.scalars(select(Intake).where(Intake.status == "held")).one()
    assert held.candidate_ids == [victim.id] and held.person_id is None
    assert victim.person_ref not in "".join(body for _status, _location, body in seen_for_victim)

    # Someone nobody knows, typing the same shape of details, sees exactly the same pages.
    seen_for_stranger = visible(
        FLOWS[flow](
            app.test_client(),
            identity(known_by, "nobody.known@example.org", first="Zainab", last="Rahimi", birthday=date(1999, 7, 1)),
        )
    )
    assert seen_for_stranger == seen_for_victim
    db.session.expire_all()
    assert snapshot(victim.id) == before


def test_the_equality_step_is_kept_with_a_held_form_and_given_once(app, victim):
    client = app.test_client()
    apply_flow(client, identity("email", victim.email))
    opportunity = db.session.scalars(select(Application.opportunity_id)).one()
    # A second go at the same step changes nothing: the answers were given once.
    post_form(client, f"/opportunities/{opportunity}/apply/about-you", {"sex": "other"})
    held = db.session.scalars(select(Intake)).one()
    assert held.equality == EQUALITY
    assert db.session.get(EqualityProfile, victim.id).sex == "female"


def test_someone_new_gets_their_own_record_with_their_answers(app):
    client = app.test_client()
    apply_flow(client, identity("email", "first.time@example.org"))
    application = db.session.scalars(select(Application)).one()
    person = application.person
    assert application.intake.status == "created" and person.email == "first.time@example.org"
    assert (person.equality.sex, person.equality.refugee_background) == ("male", "yes")
    stages = db.session.scalars(select(PipelineEvent.stage).where(PipelineEvent.person_id == person.id)).all()
    assert stages == ["applied"]
