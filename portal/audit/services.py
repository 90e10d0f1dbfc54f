"""Record who did what to which personal record, and search the record. Callers commit with
their own change, so an audit entry is never written for a change that did not happen."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload

from portal.audit.models import AuditEvent
from portal.database import add_at_commit
from portal.extensions import db

# The actions the portal records, for the audit page's filter.
ACTIONS = (
    "view",
    "search",
    "export",
    "create",
    "update",
    "erase",
    "anonymise",
    "subject_access",
    "sign_in",
    "sign_in_failed",
    "refused",
    "sign_out",
    "session_ended",
    "password_changed",
    "password_set",
    "account_link",
    "lock",
    "unlock",
    "disable",
    "enable",
    "role_requested",
    "role_changed",
    "role_declined",
    "two_factor_enrolled",
    "two_factor_reset",
    "recovery_code",
    "recovery_codes",
)


def _who(user):
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    return user


def _person_id(person) -> int | None:
    return person if person is None or isinstance(person, int) else person.id


# Records of a look, the commonest entries: added as the request commits (portal.database.add_at_commit).
READS_AT_COMMIT = ("view", "search")


def record(
    action: str, object_type: str, object_id=None, detail: str | None = None, user=None, person=None
) -> AuditEvent:
    """``person`` (a Person or its id) is whom the record is about, for the search by person."""
    user = _who(user)
    entry = AuditEvent(
        person_id=_person_id(person),
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        detail=None if detail is None else str(detail)[:200],
        user_id=user.id if user is not None else None,
        remote_addr=request.remote_addr if has_request_context() else None,
    )
    if action in READS_AT_COMMIT and has_request_context():
        add_at_commit(db.session, entry)
    else:
        db.session.add(entry)
    return entry


def record_many(action: str, object_type: str, object_ids, detail: str | None = None, user=None) -> int:
    """One entry per record, e.g. each person in an export, so a person's own history shows it."""
    user = _who(user)
    rows = [
        {
            "action": action,
            "object_type": object_type,
            "object_id": str(object_id),
            "detail": detail,
            "user_id": user.id if user is not None else None,
            "remote_addr": request.remote_addr if has_request_context() else None,
        }
        for object_id in dict.fromkeys(object_ids)
    ]
    if rows:
        db.session.execute(AuditEvent.__table__.insert(), rows)
    return len(rows)


@dataclass
class AuditFilters:
    user_id: int | None = None
    action: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    start: date | None = None
    end: date | None = None
    # The email typed at a failed sign-in (kept, normalised, in the entry's detail).
    email: str | None = None
    # One person's whole story: entries naming them (person_id) or their reference.
    person_id: int | None = None
    person_ref: str | None = None


def search(filters: AuditFilters) -> Select:
    statement = select(AuditEvent).options(joinedload(AuditEvent.user)).order_by(AuditEvent.id.desc())
    if filters.user_id:
        statement = statement.where(AuditEvent.user_id == filters.user_id)
    if filters.action:
        statement = statement.where(AuditEvent.action == filters.action)
    if filters.object_type:
        statement = statement.where(AuditEvent.object_type == filters.object_type)
    if filters.object_id:
        statement = statement.where(AuditEvent.object_id == filters.object_id.strip())
    if filters.person_id is not None:
        statement = statement.where(
            or_(AuditEvent.person_id == filters.person_id, AuditEvent.object_id == filters.person_ref)
        )
    if filters.email:
        typed = ": " + filters.email.strip().lower()
        statement = statement.where(
            AuditEvent.action == "sign_in_failed", AuditEvent.detail.endswith(typed, autoescape=True)
        )
    if filters.start:
        statement = statement.where(AuditEvent.occurred_at >= datetime.combine(filters.start, time.min))
    if filters.end:
        statement = statement.where(
            AuditEvent.occurred_at < datetime.combine(filters.end + timedelta(days=1), time.min)
        )
    return statement


CSV_HEADER = ["occurred_at", "user_email", "user_role", "action", "record_type", "record", "detail", "client_address"]


def csv_rows(statement: Select):
    for entry in db.session.scalars(statement.execution_options(yield_per=500)):
        yield (
            entry.occurred_at.isoformat(sep=" ", timespec="seconds"),
            entry.user.email if entry.user else "",
            entry.user.role if entry.user else "",
            entry.action,
            entry.object_type,
            entry.object_id or "",
            entry.detail or "",
            entry.remote_addr or "",
        )
