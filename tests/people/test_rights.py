"""People's rights: the subject-access export, erasure that keeps report totals, retention."""

import json
from datetime import date, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select, text, update

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.opportunities import services as opportunities
from portal.outreach import services as outreach
from portal.people import intake, rights
from portal.pipeline import services as pipeline
from portal.pipeline.models import EqualityProfile, Person, PipelineEvent
from tests.conftest import submit_form
from tests.factories import OpportunityFactory, UserFactory

TODAY = date.today()


def a_person_with_everything():
    """Someone who applied, asked for an adviser, has an open case with an intervention, answered
    the equality questions and has pipeline events from all of that."""
    adviser = UserFactory(role="outreach_adviser")
    details = {
        "first_name": "Amira",
        "last_name": "Haddad",
        "email": "amira.haddad@example.com",
        "phone": "07700 900123",
        "route": "seldom_heard",
        "statement": "I was a nurse in Aleppo for ten years.",
    }
    application = opportunities.apply(OpportunityFactory().id, details, consent_version="2026-11")
    person = application.person
    referral = outreach.refer_self(
        {**details, "needs": ["english"], "message": "Please call after 3pm, my son is at school."},
        consent_version="2026-11",
    )
    # The same details again are held (they could be anyone); the adviser says who it is.
    assert referral.person_id is None
    intake.link(referral.intake, person, adviser)
    assert referral.person_id == person.id
    case = outreach.open_case(referral, adviser, restricted=False, user=adviser)
    outreach.add_intervention(
        case, type="careers_advice", occurred_on=TODAY, minutes=45, mode="phone",
        notes="Talked about her nursing registration with the NMC.", user=adviser,
    )  # fmt: skip
    pipeline.save_equality(person, {"ethnic_category": "C", "refugee_background": "yes", "disability": "no"})
    db.session.commit()
    return person, application, case


def personal_strings():
    return [
        "Amira",
        "Haddad",
        "amira.haddad@example.com",
        "07700 900123",
        "Aleppo",
        "my son is at school",
        "NMC",
    ]


def test_subject_access_export_holds_everything_and_who_saw_it(client, sign_in, make_user):
    person, application, case = a_person_with_everything()
    manager = make_user(role="manager", name="Maya Manager")
    from portal.audit import services as audit

    audit.record("view", "person", person.person_ref, user=manager)
    audit.record("view", "application", application.reference, user=manager)
    db.session.commit()

    sign_in("admin")
    response = client.get(f"/staff/people/{person.person_ref}/subject-access.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    document = json.loads(response.get_data(as_text=True))
    dump = json.dumps(document, ensure_ascii=False)
    for value in personal_strings():
        assert value in dump, value
    records = document["records"]
    assert set(records) >= {
        "people",
        "equality_profiles",
        "pipeline_events",
        "applications",
        "referrals",
        "cases",
        "interventions",
    }
    assert records["equality_profiles"][0]["refugee_background"] == "yes"
    who = {(entry["who"], entry["action"], entry["record"]) for entry in document["who_saw_or_changed_it"]}
    assert ("Maya Manager", "view", f"person {person.person_ref}") in who
    assert ("Maya Manager", "view", f"application {application.reference}") in who
    assert db.session.scalar(select(AuditEvent.id).filter_by(action="subject_access", object_id=person.person_ref))


@pytest.mark.parametrize("role", ["manager", "academy_staff", "outreach_adviser"])
def test_only_administrators_use_the_rights_pages(client, sign_in, role):
    person, _application, _case = a_person_with_everything()
    sign_in(role)
    assert client.get(f"/staff/people/{person.person_ref}/subject-access.json").status_code == 403
    assert client.get(f"/staff/people/{person.person_ref}/erase").status_code == 403
    assert "subject access" not in client.get(f"/staff/people/{person.person_ref}").text


@pytest.mark.db
def test_erasure_removes_personal_fields_and_keeps_report_totals(app, backend, client, sign_in):
    person, application, case = a_person_with_everything()
    start, end = TODAY - timedelta(days=365), TODAY
    before = pipeline.stage_counts(start, end)
    events_before = db.session.scalars(select(PipelineEvent.stage).filter_by(person_id=person.id)).all()
    assert before["engaged"] >= 1

    sign_in("admin")
    url = f"/staff/people/{person.person_ref}/erase"
    wrong = submit_form(client, url, {"confirm": "HCA-WRONG"})
    assert wrong.status_code == 200 and "does not match this person" in wrong.text
    assert db.session.get(Person, person.id).first_name == "Amira"

    response = submit_form(client, url, {"confirm": person.person_ref.lower()})
    assert response.status_code == 302

    db.session.expire_all()
    assert pipeline.stage_counts(start, end) == before
    assert db.session.scalars(select(PipelineEvent.stage).filter_by(person_id=person.id)).all() == events_before
    erased = db.session.get(Person, person.id)
    assert erased.erased_at is not None and erased.person_ref == person.person_ref
    assert erased.email is None and erased.phone is None and erased.date_of_birth is None
    assert db.session.get(EqualityProfile, person.id) is None
    everything = json.dumps(rights.person_records(erased), default=str, ensure_ascii=False)
    for value in personal_strings():
        assert value not in everything, value
    page = client.get(f"/staff/people/{person.person_ref}").text
    assert "Erased on" in page and "Amira" not in page
    assert db.session.scalar(select(AuditEvent.id).filter_by(action="erase", object_id=person.person_ref))


def test_every_text_column_of_a_persons_records_is_erased_or_kept_on_purpose(app):
    unplaced = []
    for table in rights.person_tables():
        if table in rights.DELETE:
            continue
        placed = set(rights.ERASE.get(table, {})) | rights.KEEP.get(table, set())
        unplaced += [f"{table}.{column}" for column in sorted(rights.text_columns(table) - placed)]
    assert unplaced == []


def _age(person, years):
    then = datetime.now() - timedelta(days=round(365.25 * years) + 2)
    db.session.execute(update(Person).where(Person.id == person.id).values(updated_at=then, created_at=then))
    db.session.commit()


@pytest.mark.db
def test_retention_dry_run_then_apply(app, backend, runner):
    from tests.factories import PersonFactory

    old, recent = PersonFactory(), PersonFactory()
    # An old person whose only event was also recorded long ago.
    db.session.add(
        PipelineEvent(person_id=old.id, stage="engaged", occurred_on=TODAY - timedelta(days=2700),
                      recorded_at=datetime.now() - timedelta(days=2700))
    )  # fmt: skip
    db.session.commit()
    _age(old, 7)
    _age(recent, 7)
    # ...but the recent one had an event last month.
    pipeline.record_event(recent, "advised", TODAY - timedelta(days=30))

    dry = runner.invoke(args=["retention", "--dry-run", "--years", "6"])
    assert dry.exit_code == 0, dry.output
    assert "Would anonymise 1 person" in dry.output and old.person_ref in dry.output
    assert recent.person_ref not in dry.output
    assert db.session.get(Person, old.id).erased_at is None

    applied = runner.invoke(args=["retention", "--apply"])
    assert applied.exit_code == 0, applied.output
    assert "Anonymised 1 person with no activity for 6 years" in applied.output
    db.session.expire_all()
    assert db.session.get(Person, old.id).erased_at is not None
    assert db.session.get(Person, old.id).first_name == rights.ERASED
    assert db.session.get(Person, recent.id).erased_at is None
    assert db.session.scalar(text("SELECT count(*) FROM pipeline_events WHERE person_id = :id"), {"id": old.id}) == 1

    again = runner.invoke(args=["retention", "--apply"])
    assert "Anonymised 0 people" in again.output


def test_retention_needs_a_mode(runner):
    result = runner.invoke(args=["retention"])
    assert result.exit_code != 0 and "--dry-run or --apply" in result.output


def test_each_persons_consent_shows_the_wording_version(client, sign_in):
    person, _application, _case = a_person_with_everything()
    sign_in("manager")
    page = BeautifulSoup(client.get(f"/staff/people/{person.person_ref}").text, "html.parser")
    history = page.find("caption", string=lambda text: text and "Every consent they gave" in text).find_parent("table")
    assert "2026-11" in history.get_text() and "Web form" in history.get_text()
