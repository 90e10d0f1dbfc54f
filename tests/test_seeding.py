"""`flask seed reference` and `flask seed demo` are idempotent and never use real people."""

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.auth.models import ROLES, User
from portal.extensions import db
from portal.pipeline.models import Organisation, Person, PipelineEvent


def counts():
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (User, Organisation, Person, PipelineEvent, AuditEvent)
    )


@pytest.mark.db
def test_seed_demo_twice_changes_nothing(runner):
    first = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    after_first = counts()
    second = runner.invoke(args=["seed", "demo"])
    assert second.exit_code == 0, second.output
    assert counts() == after_first
    assert "0 added" in second.output


def test_seed_demo_prints_a_sign_in_for_every_role(runner):
    output = runner.invoke(args=["seed", "demo"]).output
    assert "password" in output
    for role in ROLES:
        assert role in output


def test_seed_demo_gives_every_page_something_to_show(runner):
    runner.invoke(args=["seed", "demo"])
    people = db.session.scalar(select(func.count()).select_from(Person))
    stages = set(db.session.scalars(select(PipelineEvent.stage).distinct()))
    assert people >= 200
    assert {"engaged", "advised", "employed", "sustained_26w"} <= stages
    routes = set(db.session.scalars(select(Person.route).distinct()))
    assert routes == {"in_education", "career_changer", "seldom_heard"}


def test_demo_people_use_reserved_example_addresses(runner):
    runner.invoke(args=["seed", "demo"])
    emails = db.session.scalars(select(Person.email)).all()
    assert all(email.endswith("@example.com") for email in emails)


def test_seed_demo_is_refused_in_production(runner, app):
    app.config["PORTAL_ENV"] = "production"
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code != 0 and "not production" in result.output


def test_seed_reference_twice_changes_nothing(runner):
    assert runner.invoke(args=["seed", "reference"]).exit_code == 0
    before = counts()
    assert runner.invoke(args=["seed", "reference"]).exit_code == 0
    assert counts() == before
