"""One person's whole story in the audit log: a search by person reference finds every entry about
their records (case, actions, interventions, applications, jobs, checks), in words."""

from datetime import date, timedelta

from bs4 import BeautifulSoup

from portal.extensions import db
from portal.opportunities import services as opportunities
from portal.outreach import records
from portal.outreach import services as outreach
from tests.factories import OrganisationFactory

TODAY = date.today()


def story_of_a_person(adviser, first_name="Olena", last_name="Kovalenko"):
    """A referral, a case with an action (done and undone), an intervention, a job and its check."""
    referral = outreach.refer_self(
        {"first_name": first_name, "last_name": last_name, "email": f"{first_name.lower()}@example.com",
         "route": "seldom_heard", "needs": ["english"]}, consent_version="2026-11",
    )  # fmt: skip
    case = outreach.open_case(referral, adviser, restricted=False, user=adviser)
    action = outreach.add_action(case, what="Send CV", who="Olena", due_on=TODAY, user=adviser)
    outreach.complete_action(action, adviser)
    records.undo_action(case, action, adviser)
    outreach.add_intervention(
        case, type="careers_advice", occurred_on=TODAY, minutes=30, mode="phone", notes="", user=adviser
    )
    job = opportunities.record_employment(
        case.person, user=adviser, organisation_id=OrganisationFactory().id, job_title="Porter",
        contract_type="bank", started_on=TODAY - timedelta(weeks=14),
    )  # fmt: skip
    opportunities.record_check(job, "sustained_13w", "still_employed", adviser, notes="Happy")
    db.session.commit()
    return case.person


def rows(client, **args):
    soup = BeautifulSoup(client.get("/staff/admin/audit", query_string=args).text, "html.parser")
    return [" ".join(row.get_text().split()) for row in soup.select("tbody tr")]


def test_a_search_by_person_reference_finds_their_whole_story(client, sign_in, make_user):
    adviser = make_user(role="outreach_adviser", name="Ola Outreach")
    person = story_of_a_person(adviser)
    someone_else = story_of_a_person(adviser, "Dmytro", "Shevchuk")
    sign_in("admin")
    found = rows(client, person_ref=person.person_ref.lower())
    text = " | ".join(found)
    for words in ("Outreach case", "Intervention", "Job", "Pipeline event"):
        assert words in text, words
    assert "action_undone" in text and "action_done" in text and "sustained_13w" in text
    assert someone_else.person_ref not in text
    assert len(found) == len(rows(client, person_ref=person.person_ref))  # any case typed


def test_an_unknown_person_reference_is_said_next_to_the_field_and_shows_nothing(client, sign_in, make_user):
    story_of_a_person(make_user(role="outreach_adviser"))
    sign_in("admin")
    page = client.get("/staff/admin/audit", query_string={"person_ref": "HCA-NOBODY00"})
    assert "No one has this person reference" in page.text
    assert BeautifulSoup(page.text, "html.parser").select("tbody tr") == []


def test_record_types_are_in_words(client, sign_in, make_user):
    story_of_a_person(make_user(role="outreach_adviser"))
    sign_in("admin")
    page = client.get("/staff/admin/audit").text
    assert "employment_outcome" not in BeautifulSoup(page, "html.parser").select_one("tbody").get_text()
    assert '<option value="employment_outcome">Job</option>' in page
