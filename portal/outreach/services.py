"""Referrals into the advisers' triage queue."""

from datetime import date

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from portal import signals
from portal.audit import services as audit
from portal.database import begin_write
from portal.extensions import db
from portal.outreach import restriction, told_us
from portal.outreach.choices import INTERVENTION_STAGE, INTERVENTION_TYPES
from portal.outreach.history import differences, record_change
from portal.outreach.models import (
    ActionItem,
    Case,
    CaseChange,
    GroupSession,
    Intervention,
    QualificationRecognition,
    Referral,
)
from portal.people import consent, intake, rights
from portal.people import services as people
from portal.pipeline import services as pipeline


def refer_self(details: dict, *, consent_version: str, today: date | None = None) -> Referral:
    """A person asks for an adviser from the website: keep what they typed (an intake) and put the
    request in the triage queue. Their person is created only when nobody on record could be them;
    otherwise the referral waits for an adviser to say who asked. All or nothing."""
    today = today or date.today()
    begin_write(db.session)
    referral = Referral(
        referred_on=today,
        source="website",
        needs="|" + "|".join(details.get("needs") or []) + "|" if details.get("needs") else "",
        message=(details.get("message") or "").strip(),
    )
    db.session.add(referral)
    db.session.flush()
    audit.record("create", "referral", referral.id)
    intake.receive(
        "adviser_request",
        details,
        record=referral,
        consent_version=consent_version,
        consent_how="web_form",
        answers={"needs": details.get("needs") or [], "journey": told_us.carried(details.get("journey") or {})},
        today=today,
    )
    signals.referral_arrived.send(referral)
    db.session.flush()
    return referral


def attach_referral(intake_row, person, user) -> None:
    """The person who asked is known: the referral becomes theirs and the ledger says they engaged."""
    referral = db.session.scalars(select(Referral).where(Referral.intake_id == intake_row.id)).one_or_none()
    if referral is None:
        return
    referral.person = person
    db.session.flush()
    pipeline.record_event(
        person, "engaged", referral.referred_on, recorded_by=user, source_type="referral", source_id=referral.id,
        today=max(referral.referred_on, date.today()),
    )  # fmt: skip


intake.register_kind("adviser_request", source="website", attach=attach_referral)


def triage_queue(status: str = "open") -> Select:
    statement = select(Referral).options(
        selectinload(Referral.person), selectinload(Referral.intake), selectinload(Referral.partner)
    )
    if status:
        statement = statement.where(Referral.status == status)
    return statement.order_by(Referral.referred_on, Referral.id)


# ---------------------------------------------------------------- cases

OUTREACH_ROLES = ("outreach_adviser", "manager")


def can_open_case(user, case) -> bool:
    """Restricted cases: only their adviser and managers. Others: advisers and managers."""
    if user.role == "manager":
        return True
    if user.role != "outreach_adviser":
        return False
    return not case.restricted or case.adviser_id == user.id


def visible_cases(user) -> Select:
    statement = select(Case)
    if not restriction.sees_all(user):
        statement = statement.where(or_(Case.restricted.is_(False), Case.adviser_id == user.id))
    return statement


def _timeline(person, user) -> list[dict]:
    """Interventions on the cases ``user`` may open, for the person's timeline (a restricted case's
    stay hidden from everyone but its adviser, managers and administrators)."""
    if user is None or user.role not in (*OUTREACH_ROLES, "admin"):
        return []
    cases = visible_cases(user).where(Case.person_id == person.id).with_only_columns(Case.id)
    return [
        {"on": intervention.occurred_on, "kind": "intervention", "item": intervention,
         "label": INTERVENTION_TYPES[intervention.type]}
        for intervention in db.session.scalars(select(Intervention).where(Intervention.case_id.in_(cases)))
    ]  # fmt: skip


people.register_timeline(_timeline, ("intervention",))
rights.register_contact_dates(
    lambda: [
        select(Referral.person_id, Referral.referred_on).where(Referral.person_id.is_not(None)),
        select(Case.person_id, Case.opened_on),
        select(Case.person_id, Case.closed_on).where(Case.closed_on.is_not(None)),
        select(Case.person_id, Intervention.occurred_on).join_from(Case, Intervention, Intervention.case_id == Case.id),
    ]
)


def advisers() -> list:
    from portal.auth.models import User

    return list(
        db.session.scalars(
            select(User).where(User.role == "outreach_adviser", User.active.is_(True)).order_by(User.name)
        )
    )


def _change(case, action: str, user, detail: str = "", changes=None) -> None:
    record_change(case, action, user, subject=detail, changes=changes)


def open_case(referral: Referral, adviser, *, restricted: bool, user, today: date | None = None) -> Case:
    if referral.person_id is None:
        raise ValueError("the referral's person is not known yet")
    case = Case(
        person_id=referral.person_id,
        referral_id=referral.id,
        adviser_id=adviser.id,
        restricted=restricted,
        opened_on=today or date.today(),
    )
    db.session.add(case)
    referral.status = "case_opened"
    db.session.flush()
    told_us.carry_into_case(case, referral)
    _change(case, "opened", user, detail=f"adviser {adviser.id}")
    signals.case_assigned.send(case, adviser=adviser)
    db.session.flush()
    return case


def close_referral(referral: Referral, reason: str, user) -> None:
    referral.status, referral.closed_reason = "closed", reason
    audit.record("update", "referral", referral.id, detail="closed", user=user, person=referral.person_id)
    db.session.flush()


def update_details(case: Case, *, barriers, goals, right_to_work_status, right_to_work_checked_on, user) -> None:
    """Barriers, goals and right to work; the history keeps each value that changed, old and new."""
    changes = []
    if sorted(case.barrier_list) != sorted(barriers):
        changes.append(["barriers", case.barrier_list, list(barriers)])
        case.barriers = "|" + "|".join(barriers) + "|" if barriers else ""
    changes += differences(
        case,
        {
            "goals": goals or "",
            "right_to_work_status": right_to_work_status or None,
            "right_to_work_checked_on": right_to_work_checked_on,
        },
    )
    if changes:
        _change(case, "details", user, changes=changes)
    db.session.flush()


def add_intervention(case: Case, *, type, occurred_on, minutes, mode, notes, user, today=None) -> Intervention:
    intervention = Intervention(
        case_id=case.id, type=type, occurred_on=occurred_on, minutes=minutes, mode=mode, notes=notes or "",
        recorded_by_id=user.id,
    )  # fmt: skip
    db.session.add(intervention)
    db.session.flush()
    pipeline.record_event(
        case.person,
        INTERVENTION_STAGE[type],
        occurred_on,
        recorded_by=user,
        source_type="intervention",
        source_id=intervention.id,
        today=today,
    )
    record_change(
        case, "intervention_added", user, subject=str(INTERVENTION_TYPES[type]),
        changes=[["type", None, type], ["occurred_on", None, occurred_on.isoformat()], ["minutes", None, minutes]],
        object_type="intervention", object_id=intervention.id, audit_action="create",
    )  # fmt: skip
    db.session.flush()
    return intervention


def add_action(case: Case, *, what, who, due_on, user) -> ActionItem:
    action = ActionItem(case_id=case.id, what=what.strip(), who=who.strip(), due_on=due_on)
    db.session.add(action)
    record_change(
        case, "action_added", user, subject=action.what,
        changes=[["who", None, action.who], ["due_on", None, due_on.isoformat()]],
    )  # fmt: skip
    db.session.flush()
    return action


def complete_action(action: ActionItem, user, today: date | None = None) -> None:
    action.done_on = today or date.today()
    case = db.session.get(Case, action.case_id)
    record_change(
        case, "action_done", user, subject=action.what, changes=[["done_on", None, action.done_on.isoformat()]]
    )
    db.session.flush()


def close_case(case: Case, reason: str, user, today: date | None = None) -> None:
    case.status, case.closed_on, case.closure_reason = "closed", today or date.today(), reason
    _change(case, "closed", user, changes=[["closure_reason", None, reason]])
    db.session.flush()


def reopen_case(case: Case, user) -> None:
    case.status, case.closed_on, case.closure_reason = "open", None, None
    _change(case, "reopened", user)
    db.session.flush()


def caseload(user) -> Select:
    """An adviser's open cases, oldest first; the view paginates and adds what needs attention."""
    return (
        select(Case)
        .where(Case.adviser_id == user.id, Case.status == "open")
        .options(selectinload(Case.person))
        .order_by(Case.opened_on, Case.id)
    )


def attention(cases: list[Case], today: date) -> list[dict]:
    """For one page of cases: overdue actions and last contact, in two grouped queries."""
    ids = [case.id for case in cases]
    overdue = (
        dict(
            db.session.execute(
                select(ActionItem.case_id, func.count())
                .where(ActionItem.case_id.in_(ids), ActionItem.done_on.is_(None), ActionItem.due_on < today)
                .group_by(ActionItem.case_id)
            ).all()
        )
        if ids
        else {}
    )
    last = (
        dict(
            db.session.execute(
                select(Intervention.case_id, func.max(Intervention.occurred_on))
                .where(Intervention.case_id.in_(ids))
                .group_by(Intervention.case_id)
            ).all()
        )
        if ids
        else {}
    )
    return [
        {
            "case": case,
            "overdue": overdue.get(case.id, 0),
            "last_contact": last.get(case.id),
            "not_contacted": (today - (last.get(case.id) or case.opened_on)).days >= 30,
        }
        for case in cases
    ]


def case_statement(case_id: int) -> Select:
    """The case with its page's relations loaded, for ``db.one_or_404``."""
    return (
        select(Case)
        .where(Case.id == case_id)
        .options(
            selectinload(Case.person),
            selectinload(Case.actions),
            selectinload(Case.interventions).selectinload(Intervention.recorded_by),
            selectinload(Case.history).selectinload(CaseChange.changed_by),
            selectinload(Case.referral),
        )
    )


def add_qualification(case: Case, user, **fields) -> QualificationRecognition:
    record = QualificationRecognition(case_id=case.id, **fields)
    db.session.add(record)
    record_change(case, "qualification_added", user, subject=record.qualification)
    db.session.flush()
    return record


def reassign_caseload(from_adviser, to_adviser, user) -> int:
    """When an adviser leaves: every open case of theirs moves to another adviser, history kept."""
    cases = db.session.scalars(select(Case).where(Case.adviser_id == from_adviser.id, Case.status == "open")).all()
    for case in cases:
        case.adviser_id = to_adviser.id
        _change(case, "reassigned", user, detail=f"{from_adviser.id}->{to_adviser.id}")
        signals.case_assigned.send(case, adviser=to_adviser)
    db.session.flush()
    return len(cases)


def record_group_session(*, title, type, held_on, minutes, mode, notes, case_ids, user, today=None) -> GroupSession:
    """One session, one intervention on each attendee's case (and its pipeline event)."""
    session_row = GroupSession(title=title, type=type, held_on=held_on, minutes=minutes, mode=mode, notes=notes or "",
                               recorded_by_id=user.id)  # fmt: skip
    db.session.add(session_row)
    db.session.flush()
    cases = db.session.scalars(
        select(Case).where(Case.id.in_(case_ids), Case.status == "open").options(selectinload(Case.person))
    ).all()
    for case in cases:
        intervention = Intervention(
            case_id=case.id, type=type, occurred_on=held_on, minutes=minutes, mode=mode,
            notes=title, recorded_by_id=user.id, group_session_id=session_row.id,
        )  # fmt: skip
        db.session.add(intervention)
        db.session.flush()
        pipeline.record_event(
            case.person, INTERVENTION_STAGE[type], held_on, recorded_by=user, source_type="intervention",
            source_id=intervention.id, today=today,
        )  # fmt: skip
    audit.record("create", "group_session", session_row.id, detail=f"{len(cases)} attended", user=user)
    db.session.flush()
    return session_row


def refer_from_partner(details: dict, *, partner, referred_on: date, reason: str, user) -> Referral:
    """A partner (Jobcentre Plus, a refugee charity, a council) referred someone; staff enter it."""
    begin_write(db.session)
    person = pipeline.create_or_link_person(
        details,
        source="referral",
        consent_date=referred_on,
        consent_version=details.get("consent_version"),
        reason="referred by a partner",
        by=user,
    )
    referral = Referral(person=person, referred_on=referred_on, source="partner", partner=partner, message=reason)
    db.session.add(referral)
    db.session.flush()
    consent.give(person, given_on=referred_on, version=details.get("consent_version"), how="partner_referral")
    pipeline.record_event(
        person, "engaged", referred_on, recorded_by=user, source_type="referral", source_id=referral.id,
        organisation=partner,
    )  # fmt: skip
    audit.record("create", "referral", referral.id, user=user, person=person)
    signals.referral_arrived.send(referral)
    db.session.flush()
    return referral
