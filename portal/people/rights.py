"""People's rights: everything held about a person as one download, erasure, and retention.

What belongs to a person is found by following foreign keys from ``people``: every table that
points at the person, then every table that points at those rows, and so on. A table added later
(the schools programme, imports) is in the subject-access export without any change here; for
erasure, tests/people/test_rights.py fails until each of its text columns is placed in ERASE
or KEEP below.

Erasure removes what identifies the person and keeps the anonymous facts (pipeline events,
statuses, dates, route) so that the figures already reported do not change.
"""

import json
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Date, String, Table, delete, func, or_, select, tuple_, union_all, update

from portal.audit import services as audit
from portal.audit.models import AuditEvent
from portal.auth.models import User
from portal.extensions import db
from portal.pipeline.identity import counted_person, same_person_ids
from portal.pipeline.models import Person, PipelineEvent

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
    # "Who will do it" is typed: it can name the person or their family.
    "action_items": {"what": ERASED, "who": ERASED},
    "qualification_recognitions": {"qualification": ERASED, "country": ERASED, "outcome": ""},
    # What they typed into a public form, and the equality answers given with it.
    "intakes": {
        "first_name": ERASED,
        "last_name": "",
        "email": None,
        "phone": None,
        "date_of_birth": None,
        "postcode": None,
        "preferred_language": None,
        "answers": {},
        "equality": None,
    },
    # What changed, old and new: it can hold goals, notes and what needs doing.
    "case_changes": {"detail": "", "changes": None},
    "employment_outcomes": {"check_13w_notes": None, "check_26w_notes": None},
    # What they told us in the Journey to Work (English, right to work...), carried into their case.
    "case_answers": {"answer": ""},
    # A member of staff's note about the withdrawal of a consent.
    "consents": {"note": ""},
    # The ledger is append-only; its triggers let exactly this through, and only once the person
    # is marked erased (portal/pipeline/models.py, docs/privacy.md).
    "pipeline_events": {"note": None},
    "messages": {"to_address": ERASED, "subject": ERASED, "body_text": ERASED, "body_html": ""},
    # A merge keeps the kept record's values before it, for undoing: the person's details.
    "person_merges": {"old_values": {}},
}
# Tables whose rows are removed outright on erasure (special-category answers, way-back-in links).
DELETE = ("equality_profiles", "return_links")
# Text columns of a person's records that stay after erasure: codes and statuses that reports
# count, not words about the person.
KEEP: dict[str, set[str]] = {
    "people": {"person_ref", "route", "source", "consent_version"},
    "pipeline_events": {"stage", "source_type"},
    # Why staff corrected an event ("an offer of a volunteering place is not a job"): about the
    # record, never about the person.
    "pipeline_corrections": {"reason"},
    "applications": {"reference", "status"},
    "application_status_changes": {"from_status", "to_status"},
    "employment_outcomes": {"job_title", "band", "contract_type", "check_13w_result", "check_26w_result"},
    "referrals": {"source", "needs", "status", "closed_reason"},
    "cases": {"status", "closure_reason", "barriers"},
    "case_changes": {"action"},
    "case_answers": {"question"},
    "consents": {"version", "how", "withdrawn_how"},
    "interventions": {"type", "mode"},
    "intakes": {"reference", "kind", "status", "route", "consent_version", "consent_how"},
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
    "intakes": ("intake", "reference"),
}
# Never followed: staff accounts and the audit log are not the person's records.
# The possible-duplicates queue is staff's working list (it names another person beside them).
NOT_THE_PERSONS = {"users", "audit_events", "recovery_codes", "duplicate_candidates"}


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
    """Every row about the person in every table, keyed by table name: with the records merged
    into theirs, which are the same person (their pipeline events stay on those records)."""
    tables = _tables()
    records: dict[str, list[dict]] = {}
    ids = set(db.session.scalars(same_person_ids(person.id)))
    keys: dict[str, dict[str, set]] = {"people": {"id": ids}}
    for name in person_tables():
        table = tables[name]
        if name == "people":
            rows = db.session.execute(select(table).where(table.c.id.in_(ids))).mappings().all()
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
    return db.session.execute(
        select(AuditEvent, User.name, User.role)
        .outerjoin(User, AuditEvent.user_id == User.id)
        .where(
            or_(
                tuple_(AuditEvent.object_type, AuditEvent.object_id).in_(sorted(pairs)),
                AuditEvent.person_id == person.id,
            )
        )
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
    db.session.flush()
    return json.dumps(document, indent=2, ensure_ascii=False, default=str)


def text_columns(table_name: str) -> set[str]:
    return {column.name for column in _tables()[table_name].columns if isinstance(column.type, String)}


def erase(person: Person, by=None, reason: str = "request") -> None:
    """Remove what identifies the person; keep the anonymous pipeline events and statuses."""
    if person.erased_at is not None:
        return
    tables = _tables()
    records = person_records(person)
    # The records merged into theirs are the same person: erased with them.
    same = [person] + list(db.session.scalars(select(Person).where(Person.merged_into_id == person.id)))
    for name in DELETE:
        table = tables[name]
        if name in records:
            db.session.execute(delete(table).where(table.c.person_id.in_([p.id for p in same])))
    # The person is marked erased first: the ledger's triggers allow its notes to be cleared only then.
    for each in same:
        for column, value in ERASE["people"].items():
            setattr(each, column, value)
        each.erased_at = datetime.now(UTC).replace(tzinfo=None)
    db.session.flush()
    for name, replacements in ERASE.items():
        if name == "people" or name not in records:
            continue
        table = tables[name]
        ids = [row["id"] for row in records[name]]
        db.session.execute(update(table).where(table.c.id.in_(ids)).values(**replacements))
    for row in records.get("pipeline_events", []):
        if row["note"] is not None:
            audit.record("update", "pipeline_event", row["id"], detail="note erased", user=by)
    action = "erase" if reason == "request" else "anonymise"
    audit.record(action, "person", person.person_ref, detail=reason, user=by)
    for each in same[1:]:
        audit.record(action, "person", each.person_ref, detail=f"{reason}; merged into {person.person_ref}", user=by)
    db.session.flush()


# ------------------------------------------------------------------------------- retention


# Areas say what happened with a person and when (``register_contact_dates``), so that retention
# counts from the day things happened, not the day a row was written, without this module
# importing them: history imported today keeps its own dates.
_CONTACT_DATES = []


def register_contact_dates(dated) -> None:
    """``dated()`` returns selects of (person_id, day): what the area holds that happened on a day."""
    _CONTACT_DATES.append(dated)


def contact_dates():
    """SQL: (person_id, day) for everything dated that happened with or for a person."""
    statements = [
        select(PipelineEvent.person_id.label("person_id"), PipelineEvent.occurred_on.label("day")),
        *(statement for dated in _CONTACT_DATES for statement in dated()),
    ]
    contacts = union_all(*statements).subquery()
    # The dates of a merged record count for the person it was merged into.
    return select(counted_person(contacts.c.person_id).label("person_id"), contacts.c.day).subquery()


def last_contact():
    """SQL: each person not yet erased, with the latest day something happened with them; a
    person with nothing dated counts from the day they consented, else the day their record was made."""
    contacts = contact_dates()
    latest = (
        select(contacts.c.person_id, func.max(contacts.c.day).label("day")).group_by(contacts.c.person_id).subquery()
    )
    last = func.coalesce(latest.c.day, Person.consent_date, func.date(Person.created_at, type_=Date))
    # A merged record is erased with the person it was merged into, whose last contact counts its dates.
    return (
        select(Person.id, last.label("day"))
        .outerjoin(latest, latest.c.person_id == Person.id)
        .where(Person.erased_at.is_(None), Person.merged_into_id.is_(None))
    )


def due_for_retention(years: int, today: date | None = None) -> list[Person]:
    """People with nothing happening with them for ``years`` years (not already erased)."""
    cutoff = (today or date.today()) - timedelta(days=round(365.25 * years))
    contacts = last_contact().subquery()
    due = select(contacts.c.id).where(contacts.c.day < cutoff)
    return list(db.session.scalars(select(Person).where(Person.id.in_(due)).order_by(Person.person_ref)))
