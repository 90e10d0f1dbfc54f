"""The schools programme's writes (each audited) and the queries that matter: lists, matching
ambassadors to requests, pupils signing up from a session, and the reach report."""

import secrets
import zipfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from flask import current_app
from sqlalchemy import Select, distinct, false, func, or_, select
from sqlalchemy.orm import selectinload

from portal import signals
from portal.audit import services as audit
from portal.careers.models import Career, CareerFamily
from portal.database import begin_write
from portal.extensions import db
from portal.people import intake
from portal.pipeline import services as pipeline
from portal.pipeline.identity import counted_person, same_person_ids
from portal.pipeline.models import PipelineEvent
from portal.schools.choices import DBS_VALID_YEARS, RESOURCE_FILE_TYPES, SIGN_UP_MIN_AGE, YEAR_GROUPS, YEAR_KEY_STAGE
from portal.schools.models import (
    Ambassador,
    Invitation,
    Resource,
    School,
    SchoolSession,
    SessionAmbassador,
    SessionBenchmark,
    SessionChange,
    SessionRequest,
    SessionYearGroup,
    years_after,
)


def age_on(date_of_birth: date, on: date) -> int:
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


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
    db.session.commit()
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


def ambassadors_query(q: str = "", status: str = "active") -> Select:
    statement = select(Ambassador).options(selectinload(Ambassador.career), selectinload(Ambassador.employer))
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
    db.session.commit()
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


def log_session(details: SessionDetails, user, *, source: str = "logged", commit: bool = True) -> SchoolSession:
    row = SchoolSession(signup_token=new_signup_token(), source=source, created_by_id=getattr(user, "id", None))
    _apply(row, details)
    db.session.add(row)
    db.session.flush()
    db.session.add(SessionChange(session_id=row.id, action=source, changed_by_id=getattr(user, "id", None)))
    audit.record("create", "school_session", row.id, detail=source, user=user)
    if commit:
        db.session.commit()
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
    db.session.commit()
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


def get_session(session_id: int) -> SchoolSession | None:
    return db.session.scalars(
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
    ).one_or_none()


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
    db.session.commit()
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
            source_id=row.id, today=max(intake_row.received_on, date.today()), commit=False,
        )  # fmt: skip


intake.register_kind("school_sign_up", source="school_session", attach=attach_sign_up)


# ---------------------------------------------------------------- requests and matching


def create_request(fields: dict) -> SessionRequest:
    request_row = SessionRequest(**fields)
    if request_row.urn:
        request_row.school = school_by_urn(request_row.urn)
    db.session.add(request_row)
    db.session.flush()
    audit.record("create", "school_session_request", request_row.id)
    signals.session_requested.send(request_row)
    db.session.commit()
    return request_row


def requests_query(status: str = "") -> Select:
    statement = select(SessionRequest).options(selectinload(SessionRequest.family))
    if status == "open":
        statement = statement.where(SessionRequest.status.in_(("new", "matching", "arranged")))
    elif status:
        statement = statement.where(SessionRequest.status == status)
    return statement.order_by(SessionRequest.preferred_date, SessionRequest.id)


def get_request(request_id: int) -> SessionRequest | None:
    return db.session.scalars(
        select(SessionRequest)
        .where(SessionRequest.id == request_id)
        .options(
            selectinload(SessionRequest.invitations)
            .selectinload(Invitation.ambassador)
            .selectinload(Ambassador.career),
            selectinload(SessionRequest.family),
            selectinload(SessionRequest.school),
        )
    ).one_or_none()


def suggest_ambassadors(request_row: SessionRequest) -> list[Ambassador]:
    """Active ambassadors, DBS-current on the requested date, who can come in the requested way
    (in person, virtually; hybrid suits either), whose profession fits the requested career family
    (any, when none was asked for). Those already invited are left out."""
    on = request_row.preferred_date
    wanted = {"hybrid": ("in_person", "virtual")}.get(request_row.format, (request_row.format,))
    oldest_current_check = years_after(on, -DBS_VALID_YEARS)
    statement = (
        select(Ambassador)
        .outerjoin(Career, Career.id == Ambassador.career_id)
        .where(Ambassador.active.is_(True))
        .where(Ambassador.dbs_checked_on.is_not(None), Ambassador.dbs_checked_on > oldest_current_check)
        .where(or_(false(), *(Ambassador.formats.like(f"%|{mode}|%") for mode in wanted)))
        .where(Ambassador.id.not_in(select(Invitation.ambassador_id).where(Invitation.request_id == request_row.id)))
        .options(selectinload(Ambassador.career), selectinload(Ambassador.employer))
        .order_by(Ambassador.name)
    )
    if request_row.family_id:
        statement = statement.where(Career.family_id == request_row.family_id)
    return list(db.session.scalars(statement))


def invite(request_row: SessionRequest, ambassador_ids: list[int], user, today: date | None = None) -> int:
    allowed = {ambassador.id for ambassador in suggest_ambassadors(request_row)}
    chosen = [ambassador_id for ambassador_id in ambassador_ids if ambassador_id in allowed]
    for ambassador_id in chosen:
        db.session.add(
            Invitation(request_id=request_row.id, ambassador_id=ambassador_id, invited_on=today or date.today())
        )
    if chosen and request_row.status == "new":
        request_row.status = "matching"
    audit.record("update", "school_session_request", request_row.id, detail=f"invited {chosen}", user=user)
    db.session.commit()
    return len(chosen)


def record_response(invitation: Invitation, response: str, user, today: date | None = None) -> None:
    invitation.response = response
    invitation.responded_on = today or date.today()
    request_row = db.session.get(SessionRequest, invitation.request_id)
    if response == "accepted" and request_row.status in ("new", "matching"):
        request_row.status = "arranged"
    audit.record("update", "school_session_request", request_row.id, detail=f"{invitation.ambassador_id} {response}",
                 user=user)  # fmt: skip
    db.session.commit()


def set_request_status(request_row: SessionRequest, status: str, user) -> None:
    request_row.status = status
    audit.record("update", "school_session_request", request_row.id, detail=status, user=user)
    db.session.commit()


def accepted_ambassador_ids(request_row: SessionRequest) -> list[int]:
    return [item.ambassador_id for item in request_row.invitations if item.response == "accepted"]


def link_request(request_row: SessionRequest, session_row: SchoolSession, user) -> None:
    request_row.session_id, request_row.status = session_row.id, "delivered"
    if request_row.school_id is None:
        request_row.school_id = session_row.school_id
    audit.record("update", "school_session_request", request_row.id, detail="delivered", user=user)
    db.session.commit()


# ---------------------------------------------------------------- toolkit resources and uploads


class UploadError(ValueError):
    """A file the toolkit will not keep, with a reason fit to show."""


def _looks_like(kind: str, head: bytes, path: Path) -> bool:
    if kind == "pdf":
        return head.startswith(b"%PDF-")
    if not head.startswith(b"PK\x03\x04"):
        return False
    required = {"docx": "word/document.xml", "pptx": "ppt/presentation.xml"}[kind]
    try:
        with zipfile.ZipFile(path) as archive:
            return "[Content_Types].xml" in archive.namelist() and required in archive.namelist()
    except zipfile.BadZipFile:
        return False


def upload_folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_upload(storage) -> dict:
    """Keep an uploaded PDF, DOCX or PPTX under a random name outside static/. Both the name's
    extension and the file's first bytes must agree; anything else is refused and not kept."""
    from flask_babel import gettext as _

    original = (storage.filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    kind = original.rsplit(".", 1)[-1].lower() if "." in original else ""
    if kind not in RESOURCE_FILE_TYPES:
        raise UploadError(_("The file must be a PDF, DOCX or PPTX"))
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    data = storage.stream.read(limit + 1)
    if len(data) > limit:
        raise UploadError(_("The file must be smaller than %(size)d MB", size=limit // (1024 * 1024)))
    if not data:
        raise UploadError(_("The file is empty"))
    stored_name = f"{secrets.token_hex(16)}.{kind}"
    path = upload_folder() / stored_name
    path.write_bytes(data)
    if not _looks_like(kind, data[:8], path):
        path.unlink()
        raise UploadError(_("The file is not a real %(kind)s file", kind=kind.upper()))
    return {"stored_name": stored_name, "original_name": original[:200], "file_type": kind, "file_size": len(data)}


def resources_query(key_stage: str = "", career_id: int | None = None, q: str = "") -> Select:
    statement = select(Resource).options(selectinload(Resource.careers))
    if key_stage:
        statement = statement.where(Resource.key_stages.like(f"%|{key_stage}|%"))
    if career_id:
        statement = statement.where(Resource.careers.any(Career.id == career_id))
    if q:
        like = f"%{q.lower()}%"
        statement = statement.where(or_(func.lower(Resource.title).like(like), func.lower(Resource.subject).like(like)))
    return statement.order_by(Resource.title, Resource.id)


def save_resource(resource: Resource | None, fields: dict, career_ids: list[int], upload: dict | None, user):
    creating = resource is None
    resource = resource or Resource(created_by_id=user.id)
    old_file = resource.stored_name if upload else None
    for name, value in fields.items():
        setattr(resource, name, value)
    if upload:
        for name, value in upload.items():
            setattr(resource, name, value)
    resource.careers = list(db.session.scalars(select(Career).where(Career.id.in_(career_ids)))) if career_ids else []
    db.session.add(resource)
    db.session.flush()
    audit.record("create" if creating else "update", "school_resource", resource.id, user=user)
    db.session.commit()
    if old_file:
        (upload_folder() / old_file).unlink(missing_ok=True)
    return resource


def delete_resource(resource: Resource, user) -> None:
    stored = resource.stored_name
    audit.record("delete", "school_resource", resource.id, user=user)
    db.session.delete(resource)
    db.session.commit()
    if stored:
        (upload_folder() / stored).unlink(missing_ok=True)


# ---------------------------------------------------------------- choices shared by forms


def career_choices() -> list[tuple[int, str]]:
    return [(c.id, c.title) for c in db.session.scalars(select(Career).order_by(Career.title))]


def family_choices() -> list[tuple[int, str]]:
    return [(f.id, f.name) for f in db.session.scalars(select(CareerFamily).order_by(CareerFamily.name))]


def school_choices() -> list[tuple[int, str]]:
    return [(s.id, f"{s.name} ({s.urn})") for s in db.session.scalars(select(School).order_by(School.name))]
