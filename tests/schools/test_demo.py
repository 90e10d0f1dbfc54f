"""The demo academy has a schools programme to show, and seeding it twice adds nothing."""

from sqlalchemy import func, select

from portal.extensions import db
from portal.schools.models import Ambassador, School, SchoolSession, SessionRequest


def schools_counts():
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (School, Ambassador, SchoolSession, SessionRequest)
    )


def test_seed_demo_gives_the_reach_report_something_and_is_idempotent(runner):
    assert runner.invoke(args=["seed", "reference"]).exit_code == 0
    first = runner.invoke(
        args=[
            "seed",
            "demo",
        ]
    ).output
    assert "Schools: 8 schools, 5 ambassadors, 12 sessions added." in first
    after_first = schools_counts()
    assert after_first == (8, 5, 12, 1)
    assert "0 sessions added" in runner.invoke(args=["seed", "demo"]).output
    assert schools_counts() == after_first
