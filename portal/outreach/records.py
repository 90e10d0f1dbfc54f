"""Correcting a case's records after they were saved: an action (and undoing "done"), an
intervention, a qualification from abroad (the UK ENIC statement's date and outcome arrive later).
Each change keeps old and new in the case history (portal/outreach/history.py)."""

from datetime import date

from portal.extensions import db
from portal.outreach.choices import INTERVENTION_STAGE, INTERVENTION_TYPES
from portal.outreach.history import differences, record_change
from portal.outreach.models import ActionItem, Case, Intervention, QualificationRecognition
from portal.pipeline import services as pipeline


def update_action(case: Case, action: ActionItem, *, what, who, due_on, user) -> bool:
    subject = action.what
    changes = differences(action, {"what": what.strip(), "who": who.strip(), "due_on": due_on})
    if changes:
        record_change(case, "action_changed", user, subject=subject, changes=changes)
    db.session.flush()
    return bool(changes)


def undo_action(case: Case, action: ActionItem, user) -> None:
    """ "Done" pressed by mistake: the action is open again, and the history says so."""
    changes = differences(action, {"done_on": None})
    if changes:
        record_change(case, "action_undone", user, subject=action.what, changes=changes)
    db.session.flush()


def update_intervention(case: Case, intervention: Intervention, *, user, today: date | None = None, **values) -> bool:
    """A correction. The pipeline is append-only: when the type or date changes what the ledger
    should say, a new event is written for the corrected stage and date (the first one stays)."""
    before = (INTERVENTION_STAGE[intervention.type], intervention.occurred_on)
    values["notes"] = values.get("notes") or ""
    changes = differences(intervention, values)
    if not changes:
        return False
    after = (INTERVENTION_STAGE[intervention.type], intervention.occurred_on)
    if after != before:
        pipeline.record_event(
            case.person, after[0], after[1], recorded_by=user, source_type="intervention",
            source_id=intervention.id, today=today, note="corrected",
        )  # fmt: skip
    record_change(
        case, "intervention_changed", user, subject=str(INTERVENTION_TYPES[intervention.type]), changes=changes,
        object_type="intervention", object_id=intervention.id,
    )  # fmt: skip
    db.session.flush()
    return True


def update_qualification(case: Case, record: QualificationRecognition, *, user, **values) -> bool:
    subject = record.qualification
    values["outcome"] = values.get("outcome") or ""
    changes = differences(record, values)
    if changes:
        record_change(case, "qualification_changed", user, subject=subject, changes=changes)
    db.session.flush()
    return bool(changes)
