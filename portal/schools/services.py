"""The schools programme's writes (each audited) and the queries that matter: lists, matching
ambassadors to requests, pupils signing up from a session, and the reach report."""

import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, distinct, func, or_, select
from sqlalchemy.orm import selectinload

from portal.audit import services as audit
from portal.careers.models import Career, CareerFamily
from portal.common.dates import age_on
from portal.database import begin_write
from portal.extensions import db
from portal.people import intake
from portal.pipeline import services as pipeline
from portal.pipeline.identity import counted_person, same_person_ids
from portal.pipeline.models import PipelineEvent
from portal.schools.choices import SIGN_UP_MIN_AGE, YEAR_GROUPS, YEAR_KEY_STAGE
from portal.schools.models import (
    Ambassador,
    School,
    SchoolSession,
    SessionAmbassador,
    SessionBenchmark,
    SessionChange,
    SessionYearGroup,
    dbs_expiring_query,
)


def pipe_list(values) -> str:
    return "|" + "|".join(values) + "|" if values else ""


# ---------------------------------------------------------------- schools


def schools_query(q: str = "", phase: str = "", local_authority: str = "", pilot: bool = False) -> Select:
    statement = select(School)
    if q:
        like = f"%{q.lower()}%"
        statement = statement.where(
            or_(func.lower(School.name).like(like), School.urn == q, func.lower(School.postcode).like(like))
        )
    if phase:
        statement = statement.where(School.phase == phase)
    if local_authority:
        statement = statement.where(School.local_authority == local_authority)
    if pilot:
        statement = statement.where(School.pilot.is_(True))
    return statement.order_by(School.name, School.id)


def local_authorities() -> list[str]:
    return list(
        db.session.scalars(
            select(School.local_authority)
            .distinct()
            .where(School.local_authority != "")
            .order_by(School.local_authority)
        )
    )


def school_by_urn(urn: str) -> School | None:
    return db.session.scalars(select(School).where(School.urn == urn)).one_or_none()


def save_school(school: School | None, fields: dict, user) -> School:
    creating = school is None
    school = school or School()
    for name, value in fields.items():
        setattr(school, name, value)
    if school.postcode:
        school.postcode = pipeline.normalise_postcode(school.postcode)
    db.session.add(school)
    db.session.flush()
    audit.record("create" if creating else "update", "school", school.id, user=user)
    db.session.flush()
    return school


def school_sessions(school_id: int, limit: int = 50) -> list[SchoolSession]:
    return list(
        db.session.scalars(
            select(SchoolSession)
            .where(SchoolSession.school_id == school_id)
            .options(selectinload(SchoolSession.year_groups))
            .order_by(SchoolSession.held_on.desc(), SchoolSession.id.desc())
            .limit(limit)
        )
    )


# ---------------------------------------------------------------- ambassadors


def ambassadors_query(q: str = "", status: str = "active", dbs: str = "", today: date | None = None) -> Select:
    """``dbs``: ``expiring`` (within 60 days) or ``expired`` (or never recorded), active ambassadors only."""
    statement = select(Ambassador).options(selectinload(Ambassador.career), selectinload(Ambassador.employer))
    if dbs in ("expiring", "expired"):
        statement = dbs_expiring_query(statement, dbs, today or date.today())
    if q:
        statement = statement.where(func.lower(Ambassador.name).like(f"%{q.lower()}%"))
    if status == "active":
        statement = statement.where(Ambassador.active.is_(True))
    elif status == "inactive":
        statement = statement.where(Ambassador.active.is_(False))
    return statement.order_by(Ambassador.name, Ambassador.id)


def save_ambassador(ambassador: Ambassador | None, fields: dict, user) -> Ambassador:
    creating = ambassador is None
    ambassador = ambassador or Ambassador()
    for name, value in fields.items():
        setattr(ambassador, name, value)
    db.session.add(ambassador)
    db.session.flush()
    audit.record("create" if creating else "update", "ambassador", ambassador.id, user=user)
    db.session.flush()
    return ambassador


def ambassador_sessions(ambassador_id: int) -> tuple[list, Decimal]:
    rows = db.session.execute(
        select(SchoolSession, SessionAmbassador.hours)
        .join(SessionAmbassador, SessionAmbassador.session_id == SchoolSession.id)
        .where(SessionAmbassador.ambassador_id == ambassador_id)
        .options(selectinload(SchoolSession.school))
        .order_by(SchoolSession.held_on.desc(), SchoolSession.id.desc())
    ).all()
    return rows, sum((hours for _session, hours in rows), Decimal(0))


def active_ambassadors() -> list[Ambassador]:
    return list(
        db.session.scalars(
            select(Ambassador)
            .where(Ambassador.active.is_(True))
            .options(selectinload(Ambassador.career))
            .order_by(Ambassador.name)
        )
    )


# ---------------------------------------------------------------- sessions


@dataclass
class SessionDetails:
    """What a session form or an import row says about a session."""

    school_id: int
    held_on: date
    format: str
    activity: str
    year_groups: list[str]
    pupils_reached: int
    career_ids: list[int]
    benchmarks: list[int]
    ambassador_hours: dict[int, Decimal]  # ambassador id -> hours
    ambassador_count: int | None = None
    curriculum_subject: str = ""
    feedback_score: Decimal | None = None
    notes: str = ""


FIELD_NAMES = {
    "school_id": "school",
    "held_on": "date",
    "format": "format",
    "activity": "activity",
    "year_groups": "year groups",
    "pupils_reached": "pupils reached",
    "career_ids": "careers",
    "benchmarks": "Gatsby benchmarks",
    "ambassador_hours": "ambassadors",
    "curriculum_subject": "curriculum subject",
    "feedback_score": "feedback score",
    "notes": "notes",
}


def _snapshot(row: SchoolSession) -> dict:
    return {
        "school_id": row.school_id,
        "held_on": row.held_on,
        "format": row.format,
        "activity": row.activity,
        "year_groups": row.year_group_list,
        "pupils_reached": row.pupils_reached,
        "career_ids": sorted(career.id for career in row.careers),
        "benchmarks": row.benchmark_list,
        "ambassador_hours": {item.ambassador_id: Decimal(item.hours) for item in row.ambassadors},
        "curriculum_subject": row.curriculum_subject,
        "feedback_score": None if row.feedback_score is None else Decimal(row.feedback_score),
        "notes": row.notes,
    }


def _apply(row: SchoolSession, details: SessionDetails) -> None:
    row.school_id = details.school_id
    row.held_on = details.held_on
    row.format = details.format
    row.activity = details.activity
    row.pupils_reached = details.pupils_reached
    row.curriculum_subject = details.curriculum_subject or ""
    row.feedback_score = details.feedback_score
    row.notes = details.notes or ""
    row.ambassador_count = len(details.ambassador_hours) if details.ambassador_hours else details.ambassador_count
    ordered = [year for year in YEAR_GROUPS if year in set(details.year_groups)]
    row.year_groups = [
        SessionYearGroup(year_group=year, position=YEAR_GROUPS.index(year), key_stage=YEAR_KEY_STAGE[year])
        for year in ordered
    ]
    row.benchmarks = [SessionBenchmark(benchmark=number) for number in sorted(set(details.benchmarks))]
    row.careers = (
        list(db.session.scalars(select(Career).where(Career.id.in_(details.career_ids)))) if details.career_ids else []
    )
    row.ambassadors = [
        SessionAmbassador(ambassador_id=ambassador_id, hours=hours)
        for ambassador_id, hours in sorted(details.ambassador_hours.items())
    ]


def new_signup_token() -> str:
    return secrets.token_urlsafe(16)


def log_session(details: SessionDetails, user, *, source: str = "logged") -> SchoolSession:
    row = SchoolSession(signup_token=new_signup_token(), source=source, created_by_id=getattr(user, "id", None))
    _apply(row, details)
    db.session.add(row)
    db.session.flush()
    db.session.add(SessionChange(session_id=row.id, action=source, changed_by_id=getattr(user, "id", None)))
    audit.record("create", "school_session", row.id, detail=source, user=user)
    db.session.flush()
    return row


def update_session(row: SchoolSession, details: SessionDetails, user) -> list[str]:
    """Change a session and keep which fields changed and who changed them."""
    before = _snapshot(row)
    _apply(row, details)
    db.session.flush()
    after = _snapshot(row)
    changed = [FIELD_NAMES[name] for name in FIELD_NAMES if before[name] != after[name]]
    if changed:
        db.session.add(
            SessionChange(session_id=row.id, action="changed", detail=", ".join(changed), changed_by_id=user.id)
        )
        audit.record("update", "school_session", row.id, detail=", ".join(changed), user=user)
    db.session.flush()
    return changed


def sessions_query(
    school_id: int | None = None, activity: str = "", start: date | None = None, end: date | None = None
) -> Select:
    statement = select(SchoolSession).options(
        selectinload(SchoolSession.school), selectinload(SchoolSession.year_groups)
    )
    if school_id:
        statement = statement.where(SchoolSession.school_id == school_id)
    if activity:
        statement = statement.where(SchoolSession.activity == activity)
    if start:
        statement = statement.where(SchoolSession.held_on >= start)
    if end:
        statement = statement.where(SchoolSession.held_on <= end)
    return statement.order_by(SchoolSession.held_on.desc(), SchoolSession.id.desc())


def session_statement(session_id: int) -> Select:
    """The session with its page's relations loaded, for ``db.one_or_404``."""
    return (
        select(SchoolSession)
        .where(SchoolSession.id == session_id)
        .options(
            selectinload(SchoolSession.school),
            selectinload(SchoolSession.year_groups),
            selectinload(SchoolSession.benchmarks),
            selectinload(SchoolSession.careers),
            selectinload(SchoolSession.ambassadors).selectinload(SessionAmbassador.ambassador),
            selectinload(SchoolSession.changes).selectinload(SessionChange.changed_by),
        )
    )


def get_session(session_id: int) -> SchoolSession | None:
    return db.session.scalars(session_statement(session_id)).one_or_none()


def session_by_token(token: str) -> SchoolSession | None:
    if not token or len(token) > 32:
        return None
    return db.session.scalars(
        select(SchoolSession).where(SchoolSession.signup_token == token).options(selectinload(SchoolSession.school))
    ).one_or_none()


def signups_for(session_id: int) -> int:
    return db.session.scalar(
        select(func.count(distinct(counted_person()))).where(
            PipelineEvent.source_type == "school_session", PipelineEvent.source_id == session_id
        )
    )


# ---------------------------------------------------------------- pupils signing up from a session


class SignUpRefused(ValueError):
    """The pupil is too young to be recorded by name."""


def sign_up(row: SchoolSession, details: dict, *, consent_version: str, today: date | None = None):
    """A pupil aged 13 or over (or their parent) leaves their details: keep them (an intake) tied to
    this session. A person is created, and their engagement recorded, only when nobody on record
    could be them; otherwise staff check who it is first. Nothing is stored for a younger pupil."""
    today = today or date.today()
    date_of_birth = details.get("date_of_birth")
    if date_of_birth is None or age_on(date_of_birth, today) < SIGN_UP_MIN_AGE:
        raise SignUpRefused("under 13")
    begin_write(db.session)
    received = intake.receive(
        "school_sign_up",
        {**details, "route": "in_education"},
        consent_version=consent_version,
        consent_how="school_sign_up",
        answers={"school_session_id": row.id, "filled_in_by": details.get("filled_in_by", "pupil")},
        today=today,
    )
    db.session.flush()
    return received


def attach_sign_up(intake_row, person, user) -> None:
    """The pupil is known: record that they engaged at the session, once."""
    session_id = (intake_row.answers or {}).get("school_session_id")
    row = db.session.get(SchoolSession, session_id or 0)
    if row is None:
        return
    already = db.session.scalar(
        select(PipelineEvent.id).where(
            PipelineEvent.person_id.in_(same_person_ids(person.id)),
            PipelineEvent.source_type == "school_session",
            PipelineEvent.source_id == row.id,
        )
    )
    if already is None:
        pipeline.record_event(
            person, "engaged", intake_row.received_on, recorded_by=user, source_type="school_session",
            source_id=row.id, today=max(intake_row.received_on, date.today()),
        )  # fmt: skip


intake.register_kind("school_sign_up", source="school_session", attach=attach_sign_up)


# ---------------------------------------------------------------- choices shared by forms


def career_choices() -> list[tuple[int, str]]:
    return [(c.id, c.title) for c in db.session.scalars(select(Career).order_by(Career.title))]


def family_choices() -> list[tuple[int, str]]:
    return [(f.id, f.name) for f in db.session.scalars(select(CareerFamily).order_by(CareerFamily.name))]


def school_choices() -> list[tuple[int, str]]:
    return [(s.id, f"{s.name} ({s.urn})") for s in db.session.scalars(select(School).order_by(School.name))]
