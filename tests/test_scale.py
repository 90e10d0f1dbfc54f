"""`flask seed scale`: believable made-up data at any size, the same for the same seed."""

from datetime import date

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.pipeline.models import Person, PipelineEvent
from portal.pipeline.services import create_person, stage_counts


def snapshot():
    people = db.session.execute(
        select(Person.person_ref, Person.route, Person.date_of_birth).order_by(Person.person_ref)
    ).all()
    events = db.session.execute(
        select(PipelineEvent.person_id, PipelineEvent.stage, PipelineEvent.occurred_on).order_by(PipelineEvent.id)
    ).all()
    return people, events


@pytest.mark.db
def test_scale_data_is_deterministic_and_plausible(app, runner, make_user):
    make_user(role="outreach_adviser")
    result = runner.invoke(args=["seed", "scale", "--people", "300", "--seed", "7"])
    assert result.exit_code == 0, result.output
    people, events = snapshot()
    assert len(people) == 300
    assert 2000 < len(events) < 4500
    # Drop-off: fewer people reach each later stage.
    counts = stage_counts(date(2000, 1, 1), date.today())
    values = list(counts.values())
    assert values[0] == 300 and values == sorted(values, reverse=True) and values[-1] < values[3]
    assert "cases with" in result.output
    assert "schools with" in result.output

    # Rows made later get new ids (PostgreSQL's sequences moved past the bulk-written ones).
    create_person(person_ref="AFTER", first_name="A", last_name="B", route="in_education", consent_date=date.today())

    again = runner.invoke(args=["seed", "scale", "--people", "300", "--seed", "7"])
    assert "nothing added" in again.output
    assert db.session.scalar(select(func.count()).select_from(Person)) == 301


def test_same_seed_same_data(app, runner, tmp_path):
    runner.invoke(args=["seed", "scale", "--people", "50", "--seed", "3"])
    first = snapshot()
    from portal import create_app

    other = create_app({"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'other.db'}"})
    with other.app_context():
        db.create_all()
        other.test_cli_runner().invoke(args=["seed", "scale", "--people", "50", "--seed", "3"])
        second = snapshot()
        db.session.remove()
    assert first == second
