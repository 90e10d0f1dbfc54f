"""Recommendations for representative people on each route."""

from datetime import date, timedelta

import pytest

from portal.careers.reference import load_careers
from portal.extensions import db
from portal.journey.services import Answers, recommend
from tests.factories import OpportunityFactory

TODAY = date.today()


@pytest.fixture
def opportunities(app):
    load_careers()
    db.session.commit()
    return {
        "virtual": OpportunityFactory(title="Virtual day", kind="virtual_work_experience", min_age=14, online=True),
        "ward": OpportunityFactory(title="Ward week", kind="work_experience", min_age=16),
        "apprenticeship": OpportunityFactory(
            title="HCSW apprenticeship", kind="apprenticeship", min_age=16, right_to_work_required=True
        ),
        "pre_employment": OpportunityFactory(title="Care course", kind="pre_employment", min_age=18),
        "volunteering": OpportunityFactory(title="Hospital volunteer", kind="volunteering", min_age=16),
        "info": OpportunityFactory(title="Info session", kind="information_session", min_age=None),
        "full": OpportunityFactory(title="Full one", kind="volunteering", places=1, places_taken=1),
        "closed": OpportunityFactory(title="Closed one", kind="volunteering", closes_on=TODAY - timedelta(days=1)),
    }


def titles(recommendation):
    return {opportunity.title for opportunity in recommendation.opportunities}


def test_a_15_year_old_pupil(opportunities):
    result = recommend(Answers(situation="at_school", age=15, right_to_work="yes", english="fluent",
                               qualifications="none", interests=["allied-health-professions"], availability="not_yet"))  # fmt: skip
    assert result.route == "in_education" and result.under_16
    assert any("careers adviser at your school" in step for step in result.steps)
    assert titles(result) == {"Virtual day", "Info session"}  # nothing with a minimum age above 15
    assert result.careers and all(c.family.slug == "allied-health-professions" for c in result.careers)


def test_a_30_year_old_retail_worker(opportunities):
    result = recommend(Answers(situation="working", age=30, right_to_work="yes", english="fluent",
                               qualifications="school", interests=["not_sure"], availability="full_time"))  # fmt: skip
    assert result.route == "career_changer" and not result.adviser_first
    assert "HCSW apprenticeship" in titles(result) or "Care course" in titles(result)
    assert not result.careers[0].degree_needed
    assert any("skills you have" in reason for reason in result.reasons)


def test_a_refugee_with_an_overseas_nursing_degree_and_no_enic_statement(opportunities):
    result = recommend(Answers(situation="new_to_uk", age=34, right_to_work="yes", english="good",
                               qualifications="abroad_health", enic="no", interests=["nursing"], availability="full_time"))  # fmt: skip
    assert result.route == "seldom_heard" and result.adviser_first
    assert any("UK ENIC" in step for step in result.steps)
    assert any("observership" in step.lower() for step in result.steps)
    assert all(c.family.slug == "nursing" for c in result.careers)
    assert any("outside the UK" in reason for reason in result.reasons)


def test_an_asylum_seeker_without_the_right_to_work_is_never_pointed_to_jobs(opportunities):
    result = recommend(Answers(situation="new_to_uk", age=27, right_to_work="no", english="some",
                               qualifications="abroad_other", enic="not_sure", interests=["not_sure"], availability="part_time"))  # fmt: skip
    assert result.route == "seldom_heard"
    assert titles(result) == {"Ward week", "Hospital volunteer", "Info session", "Virtual day"}
    for opportunity in result.opportunities:
        assert opportunity.kind not in ("apprenticeship", "pre_employment") and not opportunity.right_to_work_required
    assert any("volunteer" in step for step in result.steps)
    assert any("ESOL" in step for step in result.steps)


def test_not_sure_about_the_right_to_work_is_treated_with_care(opportunities):
    result = recommend(Answers(situation="not_working", age=40, right_to_work="not_sure", english="fluent",
                               qualifications="college", interests=["not_sure"], availability="full_time"))  # fmt: skip
    assert result.route == "seldom_heard"
    assert "HCSW apprenticeship" not in titles(result)


def test_full_and_closed_opportunities_are_never_suggested(opportunities):
    result = recommend(Answers(situation="working", age=30, right_to_work="yes", english="fluent",
                               qualifications="school", interests=["not_sure"], availability="full_time"))  # fmt: skip
    assert not {"Full one", "Closed one"} & titles(result)
