"""The pipeline ledger: append-only, in stage order, and the furthest-stage query reports use."""

from datetime import date

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.pipeline import services
from portal.pipeline.choices import EXITS, STAGES
from portal.pipeline.models import AppendOnlyError, PipelineEvent
from tests.factories import OrganisationFactory, PersonFactory

TODAY = date(2026, 11, 24)


def record(person, stage, day, **kwargs):
    event = services.record_event(person, stage, day, today=TODAY, **kwargs)
    db.session.commit()  # the service flushes; the request or command that called it commits
    return event


def test_stages_are_in_the_designed_order():
    assert STAGES == (
        "engaged",
        "advised",
        "experience",
        "applied",
        "in_training",
        "offered",
        "employed",
        "sustained_13w",
        "sustained_26w",
    )
    assert EXITS == ("withdrawn", "unsuccessful")


@pytest.mark.db
def test_record_event_stores_who_when_and_where_from(app, make_user):
    person, organisation, adviser = PersonFactory(), OrganisationFactory(), make_user(role="outreach_adviser")
    event = record(
        person,
        "advised",
        date(2026, 3, 1),
        recorded_by=adviser,
        source_type="case",
        source_id=7,
        organisation=organisation,
        note="first meeting",
    )
    stored = db.session.get(PipelineEvent, event.id)
    assert (stored.stage, stored.occurred_on, stored.recorded_by_id) == ("advised", date(2026, 3, 1), adviser.id)
    assert (stored.source_type, stored.source_id, stored.organisation_id) == ("case", 7, organisation.id)
    assert stored.recorded_at is not None
    audit = db.session.scalars(select(AuditEvent).filter_by(object_type="pipeline_event")).one()
    assert audit.user_id == adviser.id and audit.object_id == str(event.id)


@pytest.mark.parametrize("stage", ["hired", "", "Engaged"])
def test_unknown_stage_is_refused(app, stage):
    with pytest.raises(services.PipelineError, match="unknown stage"):
        record(PersonFactory(), stage, date(2026, 1, 1))
    assert db.session.scalars(select(PipelineEvent)).all() == []


def test_future_dated_event_is_refused(app):
    with pytest.raises(services.PipelineError, match="future"):
        record(PersonFactory(), "engaged", date(2026, 11, 25))


@pytest.mark.db
def test_changing_an_event_through_the_app_is_refused(app):
    event = record(PersonFactory(), "engaged", date(2026, 1, 1))
    event.stage = "employed"
    with pytest.raises(AppendOnlyError):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(PipelineEvent, event.id).stage == "engaged"


@pytest.mark.db
def test_deleting_an_event_through_the_app_is_refused(app):
    event = record(PersonFactory(), "engaged", date(2026, 1, 1))
    db.session.delete(event)
    with pytest.raises(AppendOnlyError):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(PipelineEvent, event.id) is not None


@pytest.mark.db
@pytest.mark.parametrize("statement", ["UPDATE pipeline_events SET stage = 'employed'", "DELETE FROM pipeline_events"])
def test_the_database_itself_refuses_to_rewrite_history(app, statement):
    event = record(PersonFactory(), "engaged", date(2026, 1, 1))
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text(statement))
    db.session.rollback()
    assert db.session.get(PipelineEvent, event.id).stage == "engaged"


@pytest.mark.db
def test_a_correction_is_a_new_event(app):
    person = PersonFactory()
    record(person, "employed", date(2026, 5, 1))
    record(person, "withdrawn", date(2026, 5, 2), note="recorded in error: did not start")
    assert [e.stage for e in db.session.scalars(select(PipelineEvent).order_by(PipelineEvent.id))] == [
        "employed",
        "withdrawn",
    ]


@pytest.mark.db
def test_furthest_stage_is_the_highest_stage_in_the_period(app):
    person = PersonFactory()
    record(person, "engaged", date(2026, 1, 10))
    record(person, "applied", date(2026, 2, 10))
    record(person, "advised", date(2026, 3, 10))  # later in time but earlier in the order
    assert services.furthest_stage(person.id, date(2026, 1, 1), date(2026, 12, 31)) == "applied"


@pytest.mark.db
def test_furthest_stage_ignores_exits_and_events_outside_the_period(app):
    person = PersonFactory()
    record(person, "engaged", date(2025, 12, 31))
    record(person, "employed", date(2026, 7, 1))
    record(person, "advised", date(2026, 1, 15))
    record(person, "unsuccessful", date(2026, 2, 1))
    assert services.furthest_stage(person.id, date(2026, 1, 1), date(2026, 6, 30)) == "advised"
    assert services.furthest_stage(person.id, date(2026, 1, 1), date(2026, 7, 1)) == "employed"
    assert services.furthest_stage(person.id, date(2024, 1, 1), date(2024, 12, 31)) is None


@pytest.mark.db
def test_skipped_stages_still_count_as_reached(app):
    straight_to_work, engaged_only, only_exit = PersonFactory(), PersonFactory(), PersonFactory()
    record(straight_to_work, "employed", date(2026, 4, 1))
    record(engaged_only, "engaged", date(2026, 4, 1))
    record(only_exit, "withdrawn", date(2026, 4, 1))
    counts = services.stage_counts(date(2026, 1, 1), date(2026, 12, 31))
    assert counts["engaged"] == 2 and counts["applied"] == 1 and counts["employed"] == 1
    assert counts["sustained_13w"] == 0
    assert list(counts) == list(STAGES)


@pytest.mark.db
def test_reached_counts_never_grow_along_the_stages(app):
    for index, stage in enumerate(STAGES):
        for _ in range(len(STAGES) - index):
            record(PersonFactory(), stage, date(2026, 6, 1))
    counts = list(services.stage_counts(date(2026, 1, 1), date(2026, 12, 31)).values())
    assert counts == sorted(counts, reverse=True)
    assert counts[0] == sum(range(1, len(STAGES) + 1))
