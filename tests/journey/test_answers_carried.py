"""The Journey to Work answers go with a request for an adviser: kept on its intake as codes,
shown on the referral page, and carried into the case when an adviser opens one."""

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.outreach.models import CaseAnswer, Referral
from tests.conftest import submit_form
from tests.journey.test_pages import adviser_details


@pytest.mark.db
def test_the_journey_answers_arrive_with_the_request_and_on_the_referral_page(client, answer_all, sign_in):
    answer_all(
        situation="new_to_uk", **{"right-to-work": "not_sure"}, english="some", qualifications="abroad_health",
        enic="no", interests=["not_sure"], availability="part_time",
    )  # fmt: skip
    assert submit_form(client, "/journey-to-work/adviser", adviser_details()).status_code == 302
    referral = db.session.scalars(select(Referral)).one()
    assert referral.journey_answers == {
        "english": "some", "qualifications": "abroad_health", "enic": "no", "right_to_work": "not_sure",
        "availability": "part_time", "interests": ["not_sure"],
    }  # fmt: skip
    sign_in("outreach_adviser")
    page = client.get(f"/staff/outreach/referrals/{referral.id}").text
    assert "Journey to Work answers" in page and "What they told us" in page
    for words in (
        "How good is your English?", "Some: I can manage simple conversations",
        "A health or care qualification from outside the UK", "Has UK ENIC checked your qualification?",
        "No, not yet", "Do you have the right to work in the UK?", "I&#39;m not sure", "Part time", "Not sure yet",
    ):  # fmt: skip
        assert words in page, words


def test_no_journey_no_answers_and_nothing_shown(client, sign_in):
    submit_form(client, "/journey-to-work/adviser", adviser_details())
    referral = db.session.scalars(select(Referral)).one()
    assert referral.journey_answers == {}
    sign_in("outreach_adviser")
    assert "Journey to Work answers" not in client.get(f"/staff/outreach/referrals/{referral.id}").text


def test_answers_that_are_not_the_questions_own_are_not_kept(client):
    with client.session_transaction() as session:
        session["journey"] = {"english": "<script>", "interests": ["not_sure", "nonsense"], "situation": "working",
                              "right_to_work": "yes", "enic": ["no"]}  # fmt: skip
    submit_form(client, "/journey-to-work/adviser", adviser_details())
    referral = db.session.scalars(select(Referral)).one()
    assert referral.journey_answers == {"interests": ["not_sure"], "right_to_work": "yes"}
    assert db.session.scalar(select(CaseAnswer.id)) is None
