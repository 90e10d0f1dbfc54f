"""Advisers record jobs and 13/26-week checks only for the people they support (a case of theirs,
open or closed); the board would otherwise count a stranger as employed on an adviser's word."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.opportunities import services
from portal.opportunities.models import EmploymentOutcome
from portal.outreach import services as outreach
from portal.outreach.support import NotSupportedError
from portal.pipeline.models import PipelineEvent
from tests.conftest import csrf_token_from, submit_form
from tests.factories import OrganisationFactory, PersonFactory

STARTED = date.today() - timedelta(weeks=14)
DETAILS = {"first_name": "Sam", "last_name": "Supported", "email": "sam@example.com", "route": "career_changer"}


def job_form(employer):
    return {"organisation_id": str(employer.id), "job_title": "Porter", "contract_type": "permanent",
            "hours_per_week": "37", "started_on[day]": str(STARTED.day),
            "started_on[month]": str(STARTED.month), "started_on[year]": str(STARTED.year)}  # fmt: skip


def supported_person(adviser, *, close=False):
    referral = outreach.refer_self({**DETAILS, "needs": ["english"]}, consent_version="2026-11")
    case = outreach.open_case(referral, adviser, restricted=False, user=adviser)
    if close:
        outreach.close_case(case, "employment", user=adviser)
    db.session.commit()
    return case.person


def employed_count():
    return db.session.scalar(select(func.count()).select_from(PipelineEvent).filter_by(stage="employed"))


def test_an_adviser_cannot_record_a_job_for_a_stranger(client, sign_in):
    sign_in("outreach_adviser")
    stranger = PersonFactory()
    url = f"/staff/opportunities/people/{stranger.person_ref}/employment"
    assert client.get(url).status_code == 403
    token = csrf_token_from(client.get("/staff/").text)
    assert client.post(url, data={"csrf_token": token, **job_form(OrganisationFactory())}).status_code == 403
    assert employed_count() == 0
    assert "Record a job" not in client.get(f"/staff/people/{stranger.person_ref}").text


def test_the_service_refuses_an_advisers_job_for_a_stranger(app, make_user):
    adviser = make_user(role="outreach_adviser")
    with pytest.raises(NotSupportedError):
        services.record_employment(
            PersonFactory(), user=adviser, organisation_id=OrganisationFactory().id, job_title="Porter",
            contract_type="bank", started_on=STARTED,
        )  # fmt: skip
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(EmploymentOutcome)) == 0


@pytest.mark.parametrize("close", [False, True])
def test_an_adviser_records_a_job_and_checks_for_someone_they_support(client, sign_in, close):
    adviser = sign_in("outreach_adviser")
    person = supported_person(adviser, close=close)
    url = f"/staff/opportunities/people/{person.person_ref}/employment"
    assert submit_form(client, url, job_form(OrganisationFactory())).status_code == 302
    outcome = db.session.scalars(select(EmploymentOutcome)).one()
    check = f"/staff/opportunities/outcomes/{outcome.id}/checks/sustained_13w"
    assert submit_form(client, check, {"result": "still_employed"}).status_code == 302
    assert employed_count() == 1


def test_an_adviser_cannot_record_a_check_for_someone_elses_job(client, sign_in, make_user):
    staff = make_user(role="academy_staff")
    outcome = services.record_employment(
        PersonFactory(), user=staff, organisation_id=OrganisationFactory().id, job_title="Porter",
        contract_type="bank", started_on=STARTED,
    )  # fmt: skip
    adviser = sign_in("outreach_adviser")
    assert outcome.person.full_name not in client.get("/staff/opportunities/outcomes/checks-due").text
    url = f"/staff/opportunities/outcomes/{outcome.id}/checks/sustained_13w"
    assert client.get(url).status_code == 403
    with pytest.raises(NotSupportedError):
        services.record_check(outcome, "sustained_13w", "still_employed", adviser)
    db.session.rollback()
    assert db.session.get(EmploymentOutcome, outcome.id).check_13w_result is None
