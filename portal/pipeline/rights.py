"""People's rights: everything held about a person as one download, erasure, and retention.

What belongs to a person is found by following foreign keys from ``people``: every table that
points at the person, then every table that points at those rows, and so on. A table added later
(the schools programme, imports) is in the subject-access export without any change here; for
erasure, tests/pipeline/test_rights.py fails until each of its text columns is placed in ERASE
or KEEP below.

Erasure removes what identifies the person and keeps the anonymous facts (pipeline events,
statuses, dates, route) so that the figures already reported do not change.
"""

import json
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import String, Table, delete, func, or_, select, tuple_, update

from portal.admin import audit
from portal.admin.models import AuditEvent
from portal.auth.models import User
from portal.extensions import db
from portal.pipeline.models import Person

ERASED = "[erased]"

# table -> column -> the value that replaces it on erasure.
ERASE: dict[str, dict[str, object]] = {
    "people": {
        "first_name": ERASED,
        "last_name": "",
        "email": None,
        "phone": None,
        "date_of_birth": None,
        "postcode": None,
        "preferred_language": None,
        "contact_by": None,
    },
    "applications": {"statement": "", "right_to_work": None},
    "application_notes": {"text": ERASED},
    "referrals": {"message": ""},
    "cases": {"goals": "", "right_to_work_status": None, "right_to_work_checked_on": None},
    "interventions": {"notes": ""},
    "action_items": {"what": ERASED},
    "qualification_recognitions": {"qualification": ERASED, "country": ERASED, "outcome": ""},
    "messages": {"to_address": ERASED, "subject": ERASED, "body_text": ERASED, "body_html": ""},
}
# Tables whose rows are removed outright on erasure (special-category answers, way-back-in links).
DELETE = ("equality_profiles", "return_links")
# Text columns of a person's records that stay after erasure: codes and statuses that reports
# count, not words about the person.
KEEP: dict[str, set[str]] = {
    "people": {"person_ref", "route", "source", "consent_version"},
    "pipeline_events": {"stage", "source_type", "note"},
    "applications": {"reference", "status"},
    "application_status_changes": {"from_status", "to_status"},
    "employment_outcomes": {"job_title", "band", "contract_type", "check_13w_result", "check_26w_result"},
    "referrals": {"source", "needs", "status", "closed_reason"},
    "cases": {"status", "closure_reason", "barriers"},
    "case_changes": {"action", "detail"},
    "interventions": {"type", "mode"},
    "action_items": {"who"},
    "messages": {"channel", "language", "kind", "status", "last_error", "provider_id"},
}

# How the audit log names each kind of record: table -> (object_type, column holding object_id).
AUDIT_NAMES = {
    "people": ("person", "person_ref"),
    "equality_profiles": ("equality_profile", None),
    "applications": ("application", "reference"),
    "employment_outcomes": ("employment_outcome", "id"),
    "pipeline_events": ("pipeline_event", "id"),
    "referrals": ("referral", "id"),
    "cases": ("case", "id"),
    "interventions": ("intervention", "id"),
}
# Never followed: staff accounts and the audit log are not the person's records.
NOT_THE_PERSONS = {"users", "audit_events", "recovery_codes"}


def _tables() -> dict[str, Table]:
    return {table.name: table for table in db.metadata.sorted_tables}


def person_tables() -> list[str]:
    """Every table holding a person's records, found from the foreign keys."""
    tables = _tables()
    found, frontier = ["people"], ["people"]
    while frontier:
        parent = frontier.pop(0)
        for name, table in tables.items():
            if name in found or name in NOT_THE_PERSONS:
                continue
            if any(fk.column.table.name == parent for fk in table.foreign_keys):
                found.append(name)
                frontier.append(name)
    return found


def person_records(person: Person) -> dict[str, list[dict]]:
    """Every row about the person in every table, keyed by table name."""
    tables = _tables()
    records: dict[str, list[dict]] = {}
    keys: dict[str, dict[str, set]] = {"people": {"id": {person.id}}}
    for name in person_tables():
        table = tables[name]
        if name == "people":
            rows = db.session.execute(select(table).where(table.c.id == person.id)).mappings().all()
        else:
            conditions = [
                fk.parent.in_(keys[fk.column.table.name][fk.column.name])
                for fk in table.foreign_keys
                if fk.column.table.name in keys and keys[fk.column.table.name].get(fk.column.name)
            ]
            if not conditions:
                continue
            rows = db.session.execute(select(table).where(or_(*conditions))).mappings().all()
        if not rows:
            continue
        records[name] = [dict(row) for row in rows]
        for column in table.columns:
            if column.primary_key or column.unique:
                keys.setdefault(name, {})[column.name] = {row[column.name] for row in rows}
    return records


def audit_trail(person: Person, records: dict[str, list[dict]]):
    """The audit entries about the person and each of their records, oldest first."""
    pairs = set()
    for table, (object_type, column) in AUDIT_NAMES.items():
        for row in records.get(table, []):
            pairs.add((object_type, str(row[column] if column else person.person_ref)))
    if not pairs:
        return []
    return db.session.execute(
        select(AuditEvent, User.name, User.role)
        .outerjoin(User, AuditEvent.user_id == User.id)
        .where(tuple_(AuditEvent.object_type, AuditEvent.object_id).in_(sorted(pairs)))
        .order_by(AuditEvent.id)
    ).all()


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def subject_access_export(person: Person, by=None) -> str:
    """Everything held about the person, and who saw or changed it, as one JSON document."""
    records = person_records(person)
    trail = [
        {
            "when": _plain(entry.occurred_at),
            "who": name or "no one signed in (the person, or the system)",
            "role": role,
            "action": entry.action,
            "record": f"{entry.object_type} {entry.object_id or ''}".strip(),
            "detail": entry.detail,
        }
        for entry, name, role in audit_trail(person, records)
    ]
    document = {
        "about": "Everything the Health and Care Academy portal holds about one person.",
        "person_ref": person.person_ref,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "records": {table: [{k: _plain(v) for k, v in row.items()} for row in rows] for table, rows in records.items()},
        "who_saw_or_changed_it": trail,
    }
    audit.record("subject_access", "person", person.person_ref, detail="export", user=by)
    db.session.commit()
    return json.dumps(document, indent=2, ensure_ascii=False, default=str)


def text_columns(table_name: str) -> set[str]:
    return {column.name for column in _tables()[table_name].columns if isinstance(column.type, String)}


def erase(person: Person, by=None, reason: str = "request") -> None:
    """Remove what identifies the person; keep the anonymous pipeline events and statuses."""
    if person.erased_at is not None:
        return
    tables = _tables()
    records = person_records(person)
    for name in DELETE:
        table = tables[name]
        if name in records:
            db.session.execute(delete(table).where(table.c.person_id == person.id))
    for name, replacements in ERASE.items():
        if name == "people" or name not in records:
            continue
        table = tables[name]
        ids = [row["id"] for row in records[name]]
        db.session.execute(update(table).where(table.c.id.in_(ids)).values(**replacements))
    for column, value in ERASE["people"].items():
        setattr(person, column, value)
    person.erased_at = datetime.now(UTC).replace(tzinfo=None)
    audit.record("erase" if reason == "request" else "anonymise", "person", person.person_ref, detail=reason, user=by)
    db.session.commit()


# ------------------------------------------------------------------------------- retention


def last_activity():
    """SQL: each person not yet erased, with the latest time something was recorded about them
    (their record, a pipeline event, an application, an outreach intervention)."""
    from portal.opportunities.models import Application
    from portal.outreach.models import Case, Intervention
    from portal.pipeline.models import PipelineEvent

    def latest(statement):
        return statement.subquery()

    events = latest(
        select(PipelineEvent.person_id, func.max(PipelineEvent.recorded_at).label("at")).group_by(
            PipelineEvent.person_id
        )
    )
    applications = latest(
        select(Application.person_id, func.max(Application.updated_at).label("at")).group_by(Application.person_id)
    )
    interventions = latest(
        select(Case.person_id, func.max(Intervention.created_at).label("at"))
        .join(Intervention, Intervention.case_id == Case.id)
        .group_by(Case.person_id)
    )
    return (
        select(Person.id, Person.updated_at, events.c.at, applications.c.at, interventions.c.at)
        .outerjoin(events, events.c.person_id == Person.id)
        .outerjoin(applications, applications.c.person_id == Person.id)
        .outerjoin(interventions, interventions.c.person_id == Person.id)
        .where(Person.erased_at.is_(None))
    )


def due_for_retention(years: int, today: date | None = None) -> list[Person]:
    """People with nothing recorded about them for ``years`` years (not already erased)."""
    cutoff = datetime.combine((today or date.today()) - timedelta(days=round(365.25 * years)), datetime.min.time())
    due_ids = [
        person_id
        for person_id, *times in db.session.execute(last_activity())
        if max(moment for moment in times if moment is not None) < cutoff
    ]
    if not due_ids:
        return []
    return list(db.session.scalars(select(Person).where(Person.id.in_(due_ids)).order_by(Person.person_ref)))
