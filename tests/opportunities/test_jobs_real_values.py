"""Job and check forms take real values: 37.5 hours a week, a new employer typed in, the date of
contact and notes on a 13/26-week check; overdue checks stand out; an erased person is offered
nothing that would write about them."""

from datetime import date, timedelta

from bs4 import BeautifulSoup
from sqlalchemy import func, select

from portal.extensions import db
from portal.opportunities import services
from portal.opportunities.models import EmploymentOutcome
from portal.people import rights
from portal.pipeline.models import Organisation
from tests.conftest import submit_form
from tests.factories import OrganisationFactory, PersonFactory

TODAY = date.today()
STARTED = TODAY - timedelta(weeks=14)


def job(organisation_id, **extra):
    return {"organisation_id": organisation_id, "job_title": "Healthcare assistant", "contract_type": "permanent",
            "hours_per_week": "37.5", "started_on[day]": str(STARTED.day), "started_on[month]": str(STARTED.month),
            "started_on[year]": str(STARTED.year), **extra}  # fmt: skip


def jobs():
    return db.session.scalars(select(EmploymentOutcome)).all()


def test_a_job_of_37_and_a_half_hours_is_recorded(client, sign_in):
    sign_in("academy_staff")
    person = PersonFactory()
    url = f"/staff/opportunities/people/{person.person_ref}/employment"
    assert submit_form(client, url, job(str(OrganisationFactory().id))).status_code == 302
    assert [j.hours_per_week for j in jobs()] == [37.5]
    # A comma works as the decimal point too.
    assert submit_form(client, url, job(str(OrganisationFactory().id), hours_per_week="22,5")).status_code == 302
    assert sorted(j.hours_per_week for j in jobs()) == [22.5, 37.5]


def test_hours_that_are_not_a_number_say_so_without_the_optional(client, sign_in):
    sign_in("academy_staff")
    person = PersonFactory()
    url = f"/staff/opportunities/people/{person.person_ref}/employment"
    page = submit_form(client, url, job(str(OrganisationFactory().id), hours_per_week="full time"))
    assert page.status_code == 200
    assert "Hours a week must be a number, like 37.5" in page.text
    assert "(optional) must" not in page.text
    assert 'value="full time"' in page.text  # what was typed is kept
    assert jobs() == []


def test_a_new_employer_is_added_with_the_job(client, sign_in):
    sign_in("academy_staff")
    person = PersonFactory()
    url = f"/staff/opportunities/people/{person.person_ref}/employment"
    assert "Add a new employer" in client.get(url).text
    data = job("new", new_employer_name="Riverside Care Home", new_employer_kind="care_provider")
    assert submit_form(client, url, data).status_code == 302
    employer = db.session.scalars(select(Organisation).filter_by(name="Riverside Care Home")).one()
    assert employer.kind == "care_provider"
    assert [j.organisation_id for j in jobs()] == [employer.id]


def test_a_new_employer_needs_a_name_and_nothing_is_written_without_it(client, sign_in):
    sign_in("academy_staff")
    person = PersonFactory()
    before = db.session.scalar(select(func.count()).select_from(Organisation))
    page = submit_form(
        client, f"/staff/opportunities/people/{person.person_ref}/employment", job("new", new_employer_kind="")
    )
    assert "Enter the new employer&#39;s name" in page.text or "Enter the new employer's name" in page.text
    assert "Choose the kind of organisation" in page.text
    assert jobs() == [] and db.session.scalar(select(func.count()).select_from(Organisation)) == before


def _outcome(user, weeks_ago=14):
    person = PersonFactory()
    return services.record_employment(
        person, user=user, organisation_id=OrganisationFactory().id, job_title="Porter", contract_type="bank",
        started_on=TODAY - timedelta(weeks=weeks_ago),
    )  # fmt: skip


def test_a_check_keeps_its_date_of_contact_and_notes(client, sign_in):
    user = sign_in("academy_staff")
    outcome = _outcome(user)
    url = f"/staff/opportunities/outcomes/{outcome.id}/checks/sustained_13w"
    contacted = TODAY - timedelta(days=1)
    data = {"result": "still_employed", "contacted_on[day]": str(contacted.day),
            "contacted_on[month]": str(contacted.month), "contacted_on[year]": str(contacted.year),
            "notes": "Loves the night shifts"}  # fmt: skip
    assert submit_form(client, url, data).status_code == 302
    db.session.expire_all()
    saved = db.session.get(EmploymentOutcome, outcome.id)
    assert (saved.check_13w_result, saved.check_13w_contacted_on, saved.check_13w_notes) == (
        "still_employed", contacted, "Loves the night shifts",
    )  # fmt: skip


def test_a_check_cannot_be_dated_in_the_future(client, sign_in):
    user = sign_in("academy_staff")
    outcome = _outcome(user)
    later = TODAY + timedelta(days=3)
    page = submit_form(
        client,
        f"/staff/opportunities/outcomes/{outcome.id}/checks/sustained_13w",
        {"result": "left", "contacted_on[day]": str(later.day), "contacted_on[month]": str(later.month),
         "contacted_on[year]": str(later.year)},
    )  # fmt: skip
    assert page.status_code == 200 and "Date of contact must be today or in the past" in page.text
    db.session.expire_all()
    assert db.session.get(EmploymentOutcome, outcome.id).check_13w_result is None


def test_overdue_checks_are_marked_in_the_checks_due_list(client, sign_in):
    user = sign_in("academy_staff")
    _outcome(user, weeks_ago=15)  # 13-week check two weeks late
    _outcome(user, weeks_ago=12)  # due within two weeks
    soup = BeautifulSoup(client.get("/staff/opportunities/outcomes/checks-due").text, "html.parser")
    rows = [" ".join(row.get_text().split()) for row in soup.select("tbody tr")]
    assert len(rows) == 2
    assert sum("Overdue" in row for row in rows) == 1
    assert "1 check on this page is overdue." in soup.get_text()


def test_an_erased_person_is_offered_no_job_and_takes_none(client, sign_in):
    sign_in("academy_staff")
    person = PersonFactory()
    rights.erase(person)
    db.session.commit()
    assert "Record a job" not in client.get(f"/staff/people/{person.person_ref}").text
    url = f"/staff/opportunities/people/{person.person_ref}/employment"
    assert client.get(url).status_code == 302
    assert jobs() == []


def test_an_erased_persons_checks_are_not_due(client, sign_in):
    user = sign_in("academy_staff")
    outcome = _outcome(user, weeks_ago=15)
    rights.erase(outcome.person)
    db.session.commit()
    assert "Porter" not in client.get("/staff/opportunities/outcomes/checks-due").text
    assert client.get(f"/staff/opportunities/outcomes/{outcome.id}/checks/sustained_13w").status_code == 302
