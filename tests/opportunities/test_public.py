"""Finding an opportunity and applying for it."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.opportunities.models import Application, Opportunity
from portal.pipeline.models import EqualityProfile, Person, PipelineEvent
from tests.factories import OpportunityFactory, PersonFactory
from tests.opportunities.conftest import born_years_ago

TODAY = date.today()


def listed(client, query=""):
    html = client.get(f"/opportunities/?{query}").text
    return re.findall(r'<a class="nhsuk-link" href="/opportunities/\d+" lang="en">([^<]+)</a>', html)


def test_only_published_open_opportunities_are_listed(client):
    OpportunityFactory(title="Open one")
    OpportunityFactory(title="Draft one", status="draft")
    OpportunityFactory(title="Closed one", status="closed")
    OpportunityFactory(title="Past closing date", closes_on=TODAY - timedelta(days=1))
    OpportunityFactory(title="Closes today", closes_on=TODAY)
    assert sorted(listed(client)) == ["Closes today", "Open one"]


def test_kind_filter_and_counts(client):
    OpportunityFactory(title="Apprentice HCSW", kind="apprenticeship")
    OpportunityFactory(title="Ward week", kind="work_experience")
    OpportunityFactory(title="Virtual day", kind="virtual_work_experience", online=True)
    assert listed(client, "kind=apprenticeship") == ["Apprentice HCSW"]
    html = client.get("/opportunities/").text
    assert "Apprenticeship (1)" in html and "All types (3)" in html and "3 opportunities" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mode=online", ["Virtual day"]),
        ("mode=in_person", ["Ward week"]),
        ("closing_soon=yes", ["Virtual day"]),
        ("age=15", ["Virtual day"]),
        ("route=in_education", ["Ward week"]),
    ],
)
def test_filters(client, query, expected):
    OpportunityFactory(title="Ward week", min_age=16, closes_on=TODAY + timedelta(days=40))
    OpportunityFactory(
        title="Virtual day", online=True, min_age=14, closes_on=TODAY + timedelta(days=5), routes="|seldom_heard|"
    )
    assert listed(client, query) == expected


def test_family_filter_uses_related_careers(client):
    from portal.careers.reference import load_careers

    load_careers()
    db.session.commit()
    from portal.careers.models import Career

    nurse = db.session.scalars(select(Career).filter_by(slug="adult-nurse")).one()
    OpportunityFactory(title="Nursing taster", careers=[nurse])
    OpportunityFactory(title="Porter shadowing")
    assert listed(client, "family=nursing") == ["Nursing taster"]
    assert "Nursing taster" in client.get("/careers/adult-nurse").text


def test_empty_state_suggests_what_to_do(client):
    html = client.get("/opportunities/?kind=observership").text
    assert "There are no open opportunities that match" in html and "remove some of the filters" in html


def test_bad_filters_do_not_break_the_page(client):
    assert client.get("/opportunities/?kind=nonsense&age=abc&mode=x&page=0").status_code == 200


def test_draft_opportunity_is_not_found(client):
    assert client.get(f"/opportunities/{OpportunityFactory(status='draft').id}").status_code == 404
    assert client.get("/opportunities/99999").status_code == 404


def test_detail_shows_eligibility_and_places(client):
    opportunity = OpportunityFactory(
        min_age=16, right_to_work_required=True, dbs_check="enhanced", places=5, places_taken=2
    )
    html = client.get(f"/opportunities/{opportunity.id}").text
    assert "16 or over" in html and "Enhanced DBS check" in html and "3 / 5" in html and "Needed" in html
    assert f'href="/opportunities/{opportunity.id}/apply"' in html


@pytest.mark.db
def test_applying_creates_person_application_and_applied_event(client, apply_to):
    opportunity = OpportunityFactory()
    response = apply_to(opportunity)
    assert response.status_code == 302 and response.headers["Location"].endswith("/apply/about-you")
    person = db.session.scalars(select(Person)).one()
    assert (person.first_name, person.email, person.postcode, person.route, person.source) == (
        "Olena",
        "olena@example.com",
        "SO16 6YD",
        "seldom_heard",
        "website",
    )
    assert person.consent_version == "2026-11" and person.consent_date == TODAY
    application = db.session.scalars(select(Application)).one()
    assert application.status == "submitted" and application.reference.startswith("APP-")
    events = db.session.scalars(select(PipelineEvent)).all()
    assert [(e.stage, e.source_type, e.source_id) for e in events] == [("applied", "application", application.id)]
    db.session.refresh(opportunity)
    assert opportunity.places_taken == 1

    client.get(response.headers["Location"])
    sent = client.get(f"/opportunities/{opportunity.id}/apply/sent")
    assert application.reference in sent.text and "What happens next" in sent.text


def test_equality_answers_are_optional_and_allow_prefer_not_to_say(client, apply_to):
    from tests.conftest import submit_form

    opportunity = OpportunityFactory()
    apply_to(opportunity)
    page = client.get(f"/opportunities/{opportunity.id}/apply/about-you")
    assert page.text.count("Prefer not to say") >= 7 and "We ask so we can" in page.text
    response = submit_form(
        client,
        f"/opportunities/{opportunity.id}/apply/about-you",
        {"sex": "prefer_not_to_say", "refugee_background": "yes", "ethnic_category": "C"},
    )
    assert response.status_code == 302
    profile = db.session.scalars(select(EqualityProfile)).one()
    assert (profile.sex, profile.refugee_background, profile.ethnic_category, profile.disability) == (
        "prefer_not_to_say",
        "yes",
        "C",
        None,
    )


def test_equality_questions_can_be_skipped(client, apply_to):
    opportunity = OpportunityFactory()
    apply_to(opportunity)
    html = client.get(f"/opportunities/{opportunity.id}/apply/about-you").text
    assert f'href="/opportunities/{opportunity.id}/apply/sent"' in html
    assert client.get(f"/opportunities/{opportunity.id}/apply/sent").status_code == 200


def test_follow_up_pages_need_the_application_just_made(client):
    opportunity = OpportunityFactory()
    assert client.get(f"/opportunities/{opportunity.id}/apply/about-you").status_code == 404
    assert client.get(f"/opportunities/{opportunity.id}/apply/sent").status_code == 404


@pytest.mark.db
def test_applying_again_with_the_same_email_is_held_and_changes_nobody(client, apply_to):
    first, second = OpportunityFactory(), OpportunityFactory()
    apply_to(first)
    apply_to(second, first_name="Olena", last_name="Different-Surname", email="OLENA@example.com")
    person = db.session.scalars(select(Person)).one()
    assert person.last_name != "Different-Surname"
    held = db.session.scalars(select(Application).where(Application.opportunity_id == second.id)).one()
    assert held.person_id is None and held.intake.status == "held" and held.intake.candidate_ids == [person.id]
    assert db.session.scalar(select(func.count()).select_from(Application)) == 2


def test_same_name_and_birth_date_is_held_for_staff(client, apply_to):
    existing = PersonFactory(first_name="Bohdan", last_name="Melnyk", date_of_birth=date(1990, 2, 3), email=None)
    apply_to(
        OpportunityFactory(),
        first_name="bohdan",
        last_name="MELNYK",
        email="",
        phone="07700 900982",
        **{"date_of_birth[day]": "3", "date_of_birth[month]": "2", "date_of_birth[year]": "1990"},
    )
    application = db.session.scalars(select(Application)).one()
    assert application.person_id is None and application.intake.candidate_ids == [existing.id]
    assert db.session.get(Person, existing.id).phone != "07700 900982"
    assert db.session.scalar(select(func.count()).select_from(Person)) == 1


def test_applying_twice_for_the_same_opportunity_gets_the_same_answer_as_the_first_time(client, apply_to):
    opportunity = OpportunityFactory()
    first = apply_to(opportunity)
    again = apply_to(opportunity)
    assert "already applied" not in again.text
    assert again.status_code == first.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(Application)) == 2


@pytest.mark.parametrize(
    ("opportunity_fields", "overrides", "message"),
    [
        ({"places": 2, "places_taken": 2}, {}, "All the places on this opportunity have been taken"),
        ({"status": "closed"}, {}, "This opportunity has closed"),
        ({"closes_on": TODAY - timedelta(days=1)}, {}, "This opportunity has closed"),
        ({"min_age": 16}, born_years_ago(14), "You need to be at least 16 years old"),
        ({"right_to_work_required": True}, {"right_to_work": "no"}, "needs the right to work in the UK"),
    ],
)
def test_ineligible_applications_are_refused_plainly_and_write_nothing(
    client, apply_to, opportunity_fields, overrides, message
):
    opportunity = OpportunityFactory(**opportunity_fields)
    page = apply_to(opportunity, **overrides)
    assert message in page.text
    assert db.session.scalar(select(func.count()).select_from(Person)) == 0
    assert db.session.scalar(select(func.count()).select_from(Application)) == 0
    assert db.session.scalar(select(func.count()).select_from(PipelineEvent)) == 0


def test_form_errors_keep_answers_and_name_each_problem(client, apply_to):
    opportunity = OpportunityFactory(min_age=16)
    page = apply_to(
        opportunity,
        first_name="",
        email="not-an-email",
        postcode="nowhere",
        consent=None,
        route=None,
        **{"date_of_birth[day]": "31", "date_of_birth[month]": "2", "date_of_birth[year]": "2001"},
    )
    assert page.status_code == 200 and "There is a problem" in page.text
    for message in (
        "Enter your first name",
        "Enter an email address like name@example.com",
        "Enter a real UK postcode",
        "Date of birth must be a real date",
        "Tick the box to agree",
        "Choose the one that sounds most like you",
    ):
        assert message in page.text, message
    assert 'value="Example"' in page.text and 'value="not-an-email"' in page.text and 'value="31"' in page.text
    assert "I was a nurse in Kharkiv." in page.text
    assert db.session.scalar(select(func.count()).select_from(Person)) == 0


def test_a_way_to_contact_is_needed(client, apply_to):
    page = apply_to(OpportunityFactory(), email="", phone="")
    assert "Enter an email address or a phone number" in page.text


def test_script_in_a_name_is_shown_as_text(client, apply_to, sign_in):
    apply_to(OpportunityFactory(), first_name="<script>alert(1)</script>")
    sign_in("academy_staff")
    html = client.get("/staff/opportunities/applications").text
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.db
def test_two_people_applying_for_the_last_place_at_once_get_one_place(app, backend):
    import threading

    from portal.opportunities import services

    opportunity_id = OpportunityFactory(places=1).id  # read here: the test's session is not for threads
    barrier = threading.Barrier(2)
    outcomes = []

    def applicant(number):
        with app.app_context():
            barrier.wait()
            try:
                services.apply(
                    opportunity_id,
                    {
                        "first_name": f"Person{number}",
                        "last_name": "Racer",
                        "email": f"racer{number}@example.com",
                        "route": "career_changer",
                    },
                    consent_version="2026-11",
                )
                db.session.commit()  # as the request would at its end
                outcomes.append("placed")
            except services.ApplyRefused as refused:
                outcomes.append(str(refused))
            except Exception as error:  # noqa: BLE001 - the assertion below shows what went wrong
                outcomes.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=applicant, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["All the places on this opportunity have been taken.", "placed"]
    db.session.expire_all()
    assert db.session.get(Opportunity, opportunity_id).places_taken == 1
    assert db.session.scalar(select(func.count()).select_from(Application)) == 1
