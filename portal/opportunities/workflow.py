"""The application workflow: status changes, notes, and starting and completing a placement. Each
change keeps the status history, writes the pipeline stage the table in portal/pipeline/stages.py
gives and audits the change; the request commits."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal import signals
from portal.audit import services as audit
from portal.extensions import db
from portal.opportunities.applying import _release_place
from portal.opportunities.choices import (
    APPLICATION_STATUSES,
    PLACEMENT_STATUSES,
    RELEASED,
    STATUS_STAGE,
    TRANSITIONS,
)
from portal.opportunities.models import (
    Application,
    ApplicationNote,
    ApplicationStatusChange,
    Placement,
)
from portal.pipeline import services as pipeline
from portal.pipeline.stages import stage_at


class WorkflowError(ValueError):
    """A status change that is not allowed, with a reason fit to show staff."""


def allowed_next(application: Application) -> tuple[str, ...]:
    """Statuses staff can move an application to from its status page (not the placement ones)."""
    return tuple(status for status in TRANSITIONS[application.status] if status not in PLACEMENT_STATUSES)


def _set_status(application: Application, to_status: str, user, today: date) -> None:
    if application.person is None:
        raise WorkflowError(_("Check who sent %(reference)s before changing it.", reference=application.reference))
    if to_status not in TRANSITIONS.get(application.status, ()):
        raise WorkflowError(
            _(
                "%(reference)s cannot go from %(current)s to %(target)s.",
                reference=application.reference,
                # In words: staff read this message, and the codes mean nothing to them.
                current=APPLICATION_STATUSES.get(application.status, application.status),
                target=APPLICATION_STATUSES.get(to_status, to_status),
            )
        )
    previous = application.status
    application.status = to_status
    db.session.add(
        ApplicationStatusChange(
            application_id=application.id,
            from_status=previous,
            to_status=to_status,
            changed_by_id=getattr(user, "id", None),
        )
    )
    if to_status in RELEASED and previous not in RELEASED:
        _release_place(application.opportunity_id)
    # An offer writes what the stage table says for the opportunity's kind (only a job offer is
    # ``offered``); leaving, declining or being turned down is an exit for every kind.
    stage = stage_at(application.opportunity.kind, "offered") if to_status == "offered" else STATUS_STAGE.get(to_status)
    if stage:
        pipeline.record_event(
            application.person,
            stage,
            today,
            recorded_by=user,
            source_type="application",
            source_id=application.id,
            organisation=application.opportunity.organisation,
            today=today,
        )
    audit.record(
        "update", "application", application.reference, detail=f"{previous}->{to_status}", user=user,
        person=application.person_id,
    )  # fmt: skip
    signals.application_status_changed.send(application)


def change_status(application: Application, to_status: str, user, today: date | None = None) -> None:
    if to_status in PLACEMENT_STATUSES:
        raise WorkflowError(_("Use the placement form to start or complete a placement."))
    _set_status(application, to_status, user, today or date.today())
    db.session.flush()


def bulk_change_status(application_ids: list[int], to_status: str, user, today: date | None = None):
    """Move each selected application that may move; report the ones that may not."""
    today = today or date.today()
    if to_status in PLACEMENT_STATUSES:
        raise WorkflowError(_("Use the placement form to start or complete a placement."))
    applications = db.session.scalars(
        select(Application)
        .where(Application.id.in_(application_ids))
        .options(selectinload(Application.person), selectinload(Application.opportunity))
        .order_by(Application.id)
    ).all()
    changed, refused = [], []
    for application in applications:
        try:
            _set_status(application, to_status, user, today)
            changed.append(application.reference)
        except WorkflowError as error:
            refused.append(str(error))
    db.session.flush()
    return changed, refused


def add_note(application: Application, text: str, user) -> None:
    db.session.add(ApplicationNote(application_id=application.id, text=text.strip(), created_by_id=user.id))
    audit.record("update", "application", application.reference, detail="note", user=user, person=application.person_id)
    db.session.flush()


def start_placement(application: Application, *, starts_on, ends_on, expected_hours, organisation, user, today=None):
    today = today or date.today()
    if application.status != "accepted":
        raise WorkflowError(_("A placement can start once the offer has been accepted."))
    _set_status(application, "started", user, today)
    placement = Placement(
        application_id=application.id,
        person_id=application.person_id,
        organisation_id=(organisation or application.opportunity.organisation).id,
        starts_on=starts_on,
        ends_on=ends_on,
        expected_hours=expected_hours,
    )
    db.session.add(placement)
    db.session.flush()
    pipeline.record_event(
        application.person,
        stage_at(application.opportunity.kind, "started"),
        min(starts_on, today),
        recorded_by=user,
        source_type="placement",
        source_id=placement.id,
        organisation=placement.organisation,
        today=today,
    )
    signals.placement_confirmed.send(application, placement=placement)
    db.session.flush()
    return placement


def complete_placement(application: Application, *, hours_done, completed: bool, completed_on, user, today=None):
    today = today or date.today()
    placement = application.placement
    if application.status != "started" or placement is None:
        raise WorkflowError(_("Only a placement that has started can be completed."))
    _set_status(application, "completed", user, today)
    placement.hours_done, placement.completed, placement.completed_on = hours_done, completed, completed_on
    if not completed:
        pipeline.record_event(
            application.person,
            "withdrawn",
            completed_on,
            recorded_by=user,
            source_type="placement",
            source_id=placement.id,
            organisation=placement.organisation,
            note="placement not completed",
            today=today,
        )
    db.session.flush()
