"""Schools asking for a session, and matching ambassadors to them: suggestions, invitations,
answers and the request's status."""

from datetime import date

from sqlalchemy import Select, false, or_, select
from sqlalchemy.orm import selectinload

from portal import signals
from portal.audit import services as audit
from portal.careers.models import Career
from portal.extensions import db
from portal.schools.choices import DBS_VALID_YEARS
from portal.schools.models import (
    Ambassador,
    Invitation,
    SchoolSession,
    SessionRequest,
    years_after,
)
from portal.schools.services import school_by_urn


def create_request(fields: dict) -> SessionRequest:
    request_row = SessionRequest(**fields)
    if request_row.urn:
        request_row.school = school_by_urn(request_row.urn)
    db.session.add(request_row)
    db.session.flush()
    audit.record("create", "school_session_request", request_row.id)
    signals.session_requested.send(request_row)
    db.session.flush()
    return request_row


def requests_query(status: str = "") -> Select:
    statement = select(SessionRequest).options(selectinload(SessionRequest.family))
    if status == "open":
        statement = statement.where(SessionRequest.status.in_(("new", "matching", "arranged")))
    elif status:
        statement = statement.where(SessionRequest.status == status)
    return statement.order_by(SessionRequest.preferred_date, SessionRequest.id)


def request_statement(request_id: int) -> Select:
    """The session request with its page's relations loaded, for ``db.one_or_404``."""
    return (
        select(SessionRequest)
        .where(SessionRequest.id == request_id)
        .options(
            selectinload(SessionRequest.invitations)
            .selectinload(Invitation.ambassador)
            .selectinload(Ambassador.career),
            selectinload(SessionRequest.family),
            selectinload(SessionRequest.school),
        )
    )


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
    db.session.flush()
    return len(chosen)


def record_response(invitation: Invitation, response: str, user, today: date | None = None) -> None:
    invitation.response = response
    invitation.responded_on = today or date.today()
    request_row = db.session.get(SessionRequest, invitation.request_id)
    if response == "accepted" and request_row.status in ("new", "matching"):
        request_row.status = "arranged"
    audit.record("update", "school_session_request", request_row.id, detail=f"{invitation.ambassador_id} {response}",
                 user=user)  # fmt: skip
    db.session.flush()


def set_request_status(request_row: SessionRequest, status: str, user) -> None:
    request_row.status = status
    audit.record("update", "school_session_request", request_row.id, detail=status, user=user)
    db.session.flush()


def accepted_ambassador_ids(request_row: SessionRequest) -> list[int]:
    return [item.ambassador_id for item in request_row.invitations if item.response == "accepted"]


def link_request(request_row: SessionRequest, session_row: SchoolSession, user) -> None:
    request_row.session_id, request_row.status = session_row.id, "delivered"
    if request_row.school_id is None:
        request_row.school_id = session_row.school_id
    audit.record("update", "school_session_request", request_row.id, detail="delivered", user=user)
    db.session.flush()
