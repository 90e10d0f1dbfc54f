"""The Journey to Work pages, the questions and asking for an adviser."""

import re

import pytest
from sqlalchemy import func, select

from portal.careers.reference import load_careers
from portal.extensions import db
from portal.outreach.models import Referral
from portal.pipeline.models import EqualityProfile, Person, PipelineEvent
from tests.conftest import csrf_token_from, submit_form
from tests.factories import PersonFactory


@pytest.fixture(autouse=True)
def catalogue(app):
    load_careers()
    db.session.commit()


def test_start_page_explains_the_three_routes_and_links_each(client):
    html = client.get("/journey-to-work/").text
    for slug in ("in-education", "career-changer", "seldom-heard"):
        assert f'href="/journey-to-work/{slug}"' in html
        assert client.get(f"/journey-to-work/{slug}").status_code == 200
    assert 'href="/journey-to-work/questions/situation"' in html and 'href="/journey-to-work/adviser"' in html


def test_home_page_route_cards_lead_to_the_route_pages(client):
    html = client.get("/").text
    assert 'href="/journey-to-work/seldom-heard"' in html and 'href="/journey-to-work/"' in html


@pytest.mark.parametrize(
    ("slug", "value", "message"),
    [
        ("situation", None, "Choose what you are doing at the moment"),
        ("age", None, "Enter your age, for example 16"),
        ("age", "sixteen", "How old are you? must be a whole number"),
        ("age", "7", "Enter an age between 10 and 99"),
        ("age", "150", "Enter an age between 10 and 99"),
        ("right-to-work", None, "Choose whether you have the right to work in the UK"),
        ("right-to-work", "maybe", "Not a valid choice"),
        ("english", None, "Choose how good your English is"),
        ("qualifications", None, "Choose your highest qualification"),
        ("interests", None, "Choose at least one, or"),
        ("availability", None, "Choose how much time you could give"),
    ],
)
def test_every_question_explains_bad_input_and_keeps_nothing(client, answer, slug, value, message):
    answer("situation", "new_to_uk")
    answer("qualifications", "abroad_health")
    response = answer(slug, value)
    assert response.status_code == 200
    assert message in response.text and "There is a problem" in response.text
    if value:
        assert value in response.text or slug != "age"


def test_enic_question_appears_only_for_qualifications_from_abroad(client, answer, answer_all):
    answer_all(qualifications="degree")
    assert client.get("/journey-to-work/questions/enic").status_code == 302
    assert "Has UK ENIC checked" not in client.get("/journey-to-work/check-answers").text
    response = answer("qualifications", "abroad_health", change="yes")
    assert response.headers["Location"] == "/journey-to-work/questions/enic?change=yes"
    assert answer("enic", "no", change="yes").headers["Location"] == "/journey-to-work/check-answers"
    assert "Has UK ENIC checked your qualification?" in client.get("/journey-to-work/check-answers").text


def test_questions_go_in_order_with_back_links_and_kept_answers(client, answer):
    response = answer("situation", "working")
    assert response.headers["Location"] == "/journey-to-work/questions/age"
    html = client.get("/journey-to-work/questions/age").text
    assert 'href="/journey-to-work/questions/situation"' in html and "Question 2 of 7" in html
    assert re.search(r'value="working"\s+checked', client.get("/journey-to-work/questions/situation").text)


def test_check_answers_lets_each_answer_be_changed(client, answer_all, answer):
    answer_all()
    html = client.get("/journey-to-work/check-answers").text
    assert "Working, in a job outside health and care" in html
    assert 'href="/journey-to-work/questions/age?change=yes"' in html
    assert answer("age", "31", change="yes").headers["Location"] == "/journey-to-work/check-answers"
    assert ">31<" in client.get("/journey-to-work/check-answers").text.replace(" ", "").replace("\n", "")


def test_result_needs_the_answers_first(client, answer):
    assert client.get("/journey-to-work/result").headers["Location"] == "/journey-to-work/questions/situation"
    answer("situation", "working")
    assert client.get("/journey-to-work/result").headers["Location"] == "/journey-to-work/questions/age"


def test_result_and_printable_next_steps(client, answer_all):
    answer_all(situation="new_to_uk", qualifications="abroad_health", enic="no", interests=["nursing"])
    html = client.get("/journey-to-work/result").text
    assert "Your route: New to the UK or needing extra support" in html and "UK ENIC" in html
    assert 'href="/careers/adult-nurse"' in html
    printable = client.get("/journey-to-work/my-next-steps").text
    assert "My next steps" in printable and 'data-module="app-print"' in printable


def test_start_again_clears_the_answers(client, answer_all):
    answer_all()
    token = csrf_token_from(client.get("/journey-to-work/result").text)
    client.post("/journey-to-work/start-again", data={"csrf_token": token})
    assert client.get("/journey-to-work/result").headers["Location"] == "/journey-to-work/questions/situation"


def adviser_details(**overrides):
    details = {
        "first_name": "Farid", "last_name": "Karimi", "phone": "07700 900123", "email": "",
        "preferred_language": "prs", "route": "seldom_heard", "needs": ["english", "qualifications"],
        "message": "I was a pharmacist in Kabul.", "consent": "yes",
    }  # fmt: skip
    details.update(overrides)
    return {key: value for key, value in details.items() if value is not None}


def counts():
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (Person, PipelineEvent, Referral))


@pytest.mark.db
def test_asking_for_an_adviser_creates_one_person_one_event_and_a_referral(client):
    response = submit_form(client, "/journey-to-work/adviser", adviser_details())
    assert response.status_code == 302 and response.headers["Location"] == "/journey-to-work/adviser/about-you"
    assert counts() == (1, 1, 1)
    person = db.session.scalars(select(Person)).one()
    assert (person.source, person.route, person.preferred_language, person.consent_version) == (
        "website",
        "seldom_heard",
        "prs",
        "2026-11",
    )
    event = db.session.scalars(select(PipelineEvent)).one()
    referral = db.session.scalars(select(Referral)).one()
    assert (event.stage, event.source_type, event.source_id) == ("engaged", "referral", referral.id)
    assert referral.need_list == ["english", "qualifications"] and referral.status == "open"
    sent = client.get("/journey-to-work/adviser/sent").text
    assert "within 5 working days" in sent and referral.intake.reference in sent
    assert person.person_ref not in sent


@pytest.mark.db
def test_a_request_with_a_known_email_is_held_and_changes_nobody(client):
    existing = PersonFactory(first_name="Farid", last_name="Karimi", email="farid@example.com", route="career_changer")
    submit_form(client, "/journey-to-work/adviser", adviser_details(email="FARID@example.com"))
    assert counts() == (1, 0, 1)  # one person (theirs, untouched), no event yet, the referral waiting
    db.session.expire_all()
    assert db.session.get(Person, existing.id).route == "career_changer"
    referral = db.session.scalars(select(Referral)).one()
    assert referral.person_id is None and referral.intake.candidate_ids == [existing.id]


def test_equality_questions_after_asking_are_optional(client):
    submit_form(client, "/journey-to-work/adviser", adviser_details())
    page = client.get("/journey-to-work/adviser/about-you")
    assert 'href="/journey-to-work/adviser/sent"' in page.text
    submit_form(client, "/journey-to-work/adviser/about-you", {"refugee_background": "yes", "sex": "prefer_not_to_say"})
    profile = db.session.scalars(select(EqualityProfile)).one()
    assert (profile.refugee_background, profile.sex) == ("yes", "prefer_not_to_say")


def test_adviser_form_errors_keep_answers_and_write_nothing(client):
    page = submit_form(client, "/journey-to-work/adviser", adviser_details(first_name="", phone="", consent=None))
    for message in ("Enter your first name", "Enter an email address or a phone number", "Tick the box to agree"):
        assert message in page.text
    assert 'value="Karimi"' in page.text and "I was a pharmacist in Kabul." in page.text
    assert counts() == (0, 0, 0)


def test_language_survives_navigation_and_form_errors(client):
    client.get("/journey-to-work/?lang=prs")
    page = submit_form(client, "/journey-to-work/adviser", adviser_details(first_name=""))
    assert '<html lang="prs" dir="rtl">' in page.text
    assert '<option value="prs" selected' in client.get("/journey-to-work/adviser").text


def test_follow_up_pages_need_the_request_just_made(client):
    assert client.get("/journey-to-work/adviser/about-you").status_code == 404
    assert client.get("/journey-to-work/adviser/sent").status_code == 404


def test_referrals_are_listed_for_advisers(client, sign_in):
    submit_form(client, "/journey-to-work/adviser", adviser_details())
    sign_in("outreach_adviser")
    html = client.get("/staff/outreach/referrals").text
    assert "Farid Karimi" in html and "Improving my English" in html and "دری" in html
    assert "/staff/outreach/referrals" in client.get("/staff/").text
