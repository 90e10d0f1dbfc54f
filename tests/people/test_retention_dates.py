"""Retention counts from when things happened (events, contacts, applications, cases...), not
from when the rows were written: history imported today keeps its own dates."""

from datetime import date, timedelta

import pytest

from portal.extensions import db
from portal.opportunities.models import Application, EmploymentOutcome
from portal.outreach.models import Case, Intervention, Referral
from portal.people import rights
from tests.factories import OpportunityFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.imports.test_imports import import_file, write

PEOPLE = """person_ref,first_name,last_name,route,consent_date
OLD-1,Olga,Longago,career_changer,2015-03-02
OLD-2,Omar,Quiet,career_changer,2015-03-02
NEW-1,Nia,Recent,career_changer,2015-03-02
"""
EVENTS = """person_ref,stage,date,organisation,note
OLD-1,engaged,2015-03-02,,
OLD-1,advised,2015-06-01,,
NEW-1,engaged,2015-03-02,,
NEW-1,advised,2025-06-01,,
"""


@pytest.mark.db
def test_a_person_imported_today_whose_last_contact_was_in_2015_is_due(app, backend, runner, tmp_path):
    assert import_file(runner, "people", write(tmp_path, "people.csv", PEOPLE)).exit_code == 0
    assert import_file(runner, "events", write(tmp_path, "events.csv", EVENTS)).exit_code == 0
    due = [person.person_ref for person in rights.due_for_retention(6)]
    # OLD-2 has no events: it counts from its consent in 2015. NEW-1 was advised last year.
    assert due == ["OLD-1", "OLD-2"]
    dry = runner.invoke(args=["retention", "--dry-run"])
    assert "OLD-1" in dry.output and "NEW-1" not in dry.output


def ten_years_ago():
    return date.today() - timedelta(days=3700)


@pytest.mark.parametrize("contact", ["application", "referral", "case", "intervention", "job"])
def test_any_recent_contact_keeps_an_old_person(app, contact):
    person = PersonFactory(consent_date=ten_years_ago())
    adviser = UserFactory(role="outreach_adviser")
    recent = date.today() - timedelta(days=100)
    if contact == "application":
        db.session.add(Application(person_id=person.id, opportunity_id=OpportunityFactory().id, reference="A-1"))
    elif contact == "referral":
        db.session.add(Referral(person_id=person.id, referred_on=recent, source="self"))
    else:
        case = Case(person_id=person.id, adviser_id=adviser.id, opened_on=ten_years_ago())
        db.session.add(case)
        db.session.flush()
        if contact == "case":
            case.status, case.closed_on = "closed", recent
        elif contact == "intervention":
            db.session.add(Intervention(case_id=case.id, type="careers_advice", occurred_on=recent, minutes=30,
                                        mode="phone"))  # fmt: skip
        else:
            db.session.add(EmploymentOutcome(person_id=person.id, organisation_id=OrganisationFactory().id,
                                             job_title="Porter", contract_type="bank", started_on=recent))  # fmt: skip
    db.session.commit()
    assert rights.due_for_retention(6) == []


def test_an_old_person_with_only_old_contacts_is_due(app):
    person = PersonFactory(consent_date=ten_years_ago())
    db.session.add(Referral(person_id=person.id, referred_on=ten_years_ago(), source="self"))
    db.session.commit()
    assert rights.due_for_retention(6) == [person]
