"""A case's history: every change to the case and its records, who made it and when, with what
changed (old and new). Kept in codes and ISO dates; put into words, in the reader's language,
only when shown, so a change recorded in English reads in Arabic for an Arabic-speaking adviser."""

import json
from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from portal.audit import services as audit
from portal.extensions import db
from portal.outreach.choices import BARRIERS, CLOSURE_REASONS, INTERVENTION_TYPES, MODES, RIGHT_TO_WORK_STATUSES
from portal.outreach.models import CaseChange

# What each kind of change is called in the history.
ACTION_WORDS = {
    "opened": _l("Opened the case"),
    "closed": _l("Closed the case"),
    "reopened": _l("Reopened the case"),
    "reassigned": _l("Moved the case to another adviser"),
    "details": _l("Changed barriers, goals or right to work"),
    "action_added": _l("Planned an action"),
    "action_changed": _l("Changed an action"),
    "action_done": _l("Marked an action as done"),
    "action_undone": _l("Marked an action as not done"),
    "intervention_added": _l("Recorded an intervention"),
    "intervention_changed": _l("Changed an intervention"),
    "qualification_added": _l("Added a qualification"),
    "qualification_changed": _l("Changed a qualification"),
}

# field -> (its name, how its values read: "text", "date", "minutes", "list" of codes, or a dict of codes)
FIELDS = {
    "what": (_l("What needs doing"), "text"),
    "who": (_l("Who will do it"), "text"),
    "due_on": (_l("Due date"), "date"),
    "done_on": (_l("Done on"), "date"),
    "type": (_l("Type"), INTERVENTION_TYPES),
    "occurred_on": (_l("Date"), "date"),
    "minutes": (_l("Minutes"), "text"),
    "mode": (_l("How"), MODES),
    "notes": (_l("Notes"), "text"),
    "qualification": (_l("Qualification"), "text"),
    "country": (_l("Country"), "text"),
    "enic_requested_on": (_l("UK ENIC statement requested on"), "date"),
    "enic_received_on": (_l("UK ENIC statement received on"), "date"),
    "outcome": (_l("Outcome"), "text"),
    "barriers": (_l("Barriers"), BARRIERS),
    "goals": (_l("Goals"), "text"),
    "right_to_work_status": (_l("Right-to-work status"), RIGHT_TO_WORK_STATUSES),
    "right_to_work_checked_on": (_l("Date documents were checked"), "date"),
    "closure_reason": (_l("Why is the case closing?"), CLOSURE_REASONS),
}

EMPTY = "–"


def _stored(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return list(value)
    return value


def differences(record, values: dict) -> list[list]:
    """[field, old, new] for each value that differs from the record's; sets the new values."""
    changed = []
    for field, new in values.items():
        old = getattr(record, field)
        if (old or None) != (new or None):
            changed.append([field, _stored(old), _stored(new)])
            setattr(record, field, new)
    return changed


def record_change(
    case,
    action: str,
    user,
    *,
    subject: str = "",
    changes=None,
    object_type="case",
    object_id=None,
    audit_action="update",
):
    """One row of the case's history, and its audit entry (naming the person, for the audit search)."""
    db.session.add(
        CaseChange(
            case_id=case.id,
            action=action,
            detail=subject[:200],
            changes=json.dumps(changes, ensure_ascii=False) if changes else None,
            changed_by_id=user.id,
        )
    )
    fields = ",".join(change[0] for change in changes or [])
    audit.record(
        audit_action,
        object_type,
        case.id if object_id is None else object_id,
        detail=f"{action} {fields}".strip(),
        user=user,
        person=case.person_id,
    )


def _value_words(kind, value) -> str:
    if value in (None, "", []):
        return EMPTY
    if kind == "date":
        try:
            return format_date(date.fromisoformat(value), "d MMM yyyy")
        except (TypeError, ValueError):
            return str(value)
    if isinstance(kind, dict):
        values = value if isinstance(value, list) else [value]
        return "; ".join(str(kind.get(code, code)) for code in values)
    return str(value)


def change_words(change: CaseChange) -> dict:
    """What a history row says: the action in words, the record it is about, and each field's old
    and new value in words."""
    try:
        rows = json.loads(change.changes) if change.changes else []
    except ValueError:
        rows = []
    fields = []
    for field, old, new in rows:
        label, kind = FIELDS.get(field, (field, "text"))
        fields.append({"field": str(label), "old": _value_words(kind, old), "new": _value_words(kind, new)})
    action = ACTION_WORDS.get(change.action)
    return {
        "action": str(action) if action else change.action,
        "subject": change.detail if change.action not in ("opened", "reassigned", "closed") else "",
        "fields": fields,
    }
