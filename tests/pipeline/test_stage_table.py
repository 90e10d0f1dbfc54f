"""Stages that mean what they say: the stage table decides what an offer, a start and brokering
write, and the migration corrects events written before it, the append-only way."""

import importlib.util
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from portal.extensions import db
from portal.opportunities import services
from portal.opportunities.choices import KINDS
from portal.opportunities.models import Application
from portal.outreach.choices import INTERVENTION_STAGE, INTERVENTION_TYPES
from portal.outreach.models import Case, Intervention
from portal.pipeline import services as pipeline
from portal.pipeline.models import AppendOnlyError, PipelineCorrection, PipelineEvent
from portal.pipeline.stages import JOB_KINDS, STAGE_AT_STEP, STEPS
from tests.factories import OpportunityFactory, PersonFactory

TODAY = date.today()
MIGRATION = Path(__file__).resolve().parents[2] / "migrations/versions/20261202_e5a7c9b1d3f4_pipeline_corrections.py"


def offered_application(kind, make_user):
    user = make_user(role="academy_staff")
    person = PersonFactory()
    application = Application(reference=f"APP-{kind[:8].upper()}", opportunity=OpportunityFactory(kind=kind))
    application.person, application.status = person, "shortlisted"
    db.session.add(application)
    db.session.commit()
    services.change_status(application, "offered", user, TODAY)
    return person, application


def stages(person):
    return [e.stage for e in db.session.scalars(select(PipelineEvent).filter_by(person_id=person.id))]


def test_the_table_covers_every_kind_and_step():
    assert set(KINDS) <= set(STAGE_AT_STEP)
    assert all(set(steps) == set(STEPS) for steps in STAGE_AT_STEP.values())
    assert JOB_KINDS == ("job", "apprenticeship")
    assert {INTERVENTION_STAGE[t] for t in INTERVENTION_TYPES if t.endswith("_brokerage")} == {"advised"}


@pytest.mark.db
@pytest.mark.parametrize("kind", ["volunteering", "work_experience", "information_session", "pre_employment"])
def test_an_offer_of_a_place_that_is_not_a_job_writes_no_offered(app, make_user, kind):
    person, _application = offered_application(kind, make_user)
    assert "offered" not in stages(person)


@pytest.mark.db
def test_an_apprenticeship_offer_is_offered(app, make_user):
    person, _application = offered_application("apprenticeship", make_user)
    assert stages(person) == ["offered"]


def _migration():
    spec = importlib.util.spec_from_file_location("correction_migration", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.db
def test_the_migration_corrects_old_events_without_rewriting_them(app, make_user):
    """Events as the code wrote them before the table, then the migration's correction step: the
    wrong events stay, corrections name them, and the counts become right."""
    adviser = make_user(role="outreach_adviser")
    volunteer, job_seeker, brokered = PersonFactory(), PersonFactory(), PersonFactory()
    day = TODAY - timedelta(days=10)
    volunteering = Application(reference="APP-OLDVOL", opportunity=OpportunityFactory(kind="volunteering"))
    apprenticeship = Application(reference="APP-OLDAPP", opportunity=OpportunityFactory(kind="apprenticeship"))
    volunteering.person, apprenticeship.person = volunteer, job_seeker
    case = Case(person=brokered, adviser_id=adviser.id, opened_on=day)
    db.session.add_all([volunteering, apprenticeship, case])
    db.session.flush()
    intervention = Intervention(
        case_id=case.id, type="work_experience_brokerage", occurred_on=day, minutes=30, mode="phone"
    )
    db.session.add(intervention)
    db.session.flush()
    old = [
        (volunteer, "offered", "application", volunteering.id),
        (job_seeker, "offered", "application", apprenticeship.id),
        (brokered, "experience", "intervention", intervention.id),
    ]
    for person, stage, source_type, source_id in old:
        pipeline.record_event(person, stage, day, source_type=source_type, source_id=source_id)
    db.session.commit()
    assert pipeline.stage_counts(day, TODAY)["offered"] == 2

    _migration().correct_past_events(db.session.connection())
    db.session.commit()

    assert db.session.scalar(select(db.func.count()).select_from(PipelineEvent)) == 4  # one added, none removed
    counts = pipeline.stage_counts(day, TODAY)
    assert counts["offered"] == 1 and counts["experience"] == 1  # the apprenticeship offer ranks above
    assert pipeline.furthest_stage(volunteer.id, day, TODAY) is None
    assert pipeline.furthest_stage(brokered.id, day, TODAY) == "advised"
    corrections = db.session.scalars(select(PipelineCorrection).order_by(PipelineCorrection.id)).all()
    assert len(corrections) == 2
    assert corrections[0].replacement_id is None
    replacement = db.session.get(PipelineEvent, corrections[1].replacement_id)
    assert (replacement.stage, replacement.occurred_on, replacement.person_id) == ("advised", day, brokered.id)


@pytest.mark.db
def test_corrections_are_append_only(app):
    person = PersonFactory()
    event = pipeline.record_event(person, "offered", TODAY)
    correction = pipeline.correct_event(event, None, "not a job")
    db.session.commit()
    correction.reason = "changed"
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(Exception, match="append-only"):
        db.session.execute(text("DELETE FROM pipeline_corrections"))
        db.session.flush()
    db.session.rollback()
