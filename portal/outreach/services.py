"""Referrals into the advisers' triage queue."""

from datetime import date

import pandas as pd
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from portal.admin import audit
from portal.database import begin_write
from portal.extensions import db
from portal.notifications import notify
from portal.outreach.choices import INTERVENTION_STAGE
from portal.outreach.models import (
    ActionItem,
    Case,
    CaseChange,
    GroupSession,
    Intervention,
    QualificationRecognition,
    Referral,
)
from portal.pipeline import services as pipeline
from portal.pipeline.models import PipelineEvent


def refer_self(details: dict, *, consent_version: str, today: date | None = None) -> Referral:
    """A person asks for an adviser from the website: create or link their record, record that
    they engaged, and put them in the triage queue. All or nothing."""
    today = today or date.today()
    begin_write(db.session)
    person = pipeline.create_or_link_person(
        details,
        source="website",
        consent_date=today,
        consent_version=consent_version,
        reason="asked for an adviser",
        update_route=True,
    )
    referral = Referral(
        person=person,
        referred_on=today,
        source="website",
        needs="|" + "|".join(details.get("needs") or []) + "|" if details.get("needs") else "",
        message=(details.get("message") or "").strip(),
    )
    db.session.add(referral)
    db.session.flush()
    pipeline.record_event(
        person, "engaged", today, source_type="referral", source_id=referral.id, today=today, commit=False
    )
    audit.record("create", "referral", referral.id)
    notify.referral_arrived(referral)
    db.session.commit()
    return referral


def triage_queue(status: str = "open") -> Select:
    statement = select(Referral).options(selectinload(Referral.person), selectinload(Referral.partner))
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
    if user.role != "manager":
        statement = statement.where(or_(Case.restricted.is_(False), Case.adviser_id == user.id))
    return statement


def advisers() -> list:
    from portal.auth.models import User

    return list(
        db.session.scalars(
            select(User).where(User.role == "outreach_adviser", User.active.is_(True)).order_by(User.name)
        )
    )


def _change(case, action: str, user, detail: str = "") -> None:
    db.session.add(CaseChange(case_id=case.id, action=action, detail=detail, changed_by_id=user.id))
    audit.record("update", "case", case.id, detail=action, user=user)


def open_case(referral: Referral, adviser, *, restricted: bool, user, today: date | None = None) -> Case:
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
    _change(case, "opened", user, detail=f"adviser {adviser.id}")
    notify.case_assigned(case, adviser)
    db.session.commit()
    return case


def close_referral(referral: Referral, reason: str, user) -> None:
    referral.status, referral.closed_reason = "closed", reason
    audit.record("update", "referral", referral.id, detail="closed", user=user)
    db.session.commit()


def update_details(case: Case, *, barriers, goals, right_to_work_status, right_to_work_checked_on, user) -> None:
    case.barriers = "|" + "|".join(barriers) + "|" if barriers else ""
    case.goals = goals or ""
    case.right_to_work_status = right_to_work_status or None
    case.right_to_work_checked_on = right_to_work_checked_on
    _change(case, "details", user)
    db.session.commit()


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
        commit=False,
    )
    audit.record("create", "intervention", intervention.id, detail=type, user=user)
    db.session.commit()
    return intervention


def add_action(case: Case, *, what, who, due_on, user) -> ActionItem:
    action = ActionItem(case_id=case.id, what=what.strip(), who=who.strip(), due_on=due_on)
    db.session.add(action)
    audit.record("update", "case", case.id, detail="action added", user=user)
    db.session.commit()
    return action


def complete_action(action: ActionItem, user, today: date | None = None) -> None:
    action.done_on = today or date.today()
    audit.record("update", "case", action.case_id, detail="action done", user=user)
    db.session.commit()


def close_case(case: Case, reason: str, user, today: date | None = None) -> None:
    case.status, case.closed_on, case.closure_reason = "closed", today or date.today(), reason
    _change(case, "closed", user, detail=reason)
    db.session.commit()


def reopen_case(case: Case, user) -> None:
    case.status, case.closed_on, case.closure_reason = "open", None, None
    _change(case, "reopened", user)
    db.session.commit()


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


def get_case(case_id: int) -> Case | None:
    return db.session.scalars(
        select(Case)
        .where(Case.id == case_id)
        .options(
            selectinload(Case.person),
            selectinload(Case.actions),
            selectinload(Case.interventions).selectinload(Intervention.recorded_by),
            selectinload(Case.history).selectinload(CaseChange.changed_by),
            selectinload(Case.referral),
        )
    ).one_or_none()


def add_qualification(case: Case, user, **fields) -> QualificationRecognition:
    record = QualificationRecognition(case_id=case.id, **fields)
    db.session.add(record)
    audit.record("update", "case", case.id, detail="qualification recognition", user=user)
    db.session.commit()
    return record


def reassign_caseload(from_adviser, to_adviser, user) -> int:
    """When an adviser leaves: every open case of theirs moves to another adviser, history kept."""
    cases = db.session.scalars(select(Case).where(Case.adviser_id == from_adviser.id, Case.status == "open")).all()
    for case in cases:
        case.adviser_id = to_adviser.id
        _change(case, "reassigned", user, detail=f"{from_adviser.id}->{to_adviser.id}")
        notify.case_assigned(case, to_adviser)
    db.session.commit()
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
            source_id=intervention.id, today=today, commit=False,
        )  # fmt: skip
    audit.record("create", "group_session", session_row.id, detail=f"{len(cases)} attended", user=user)
    db.session.commit()
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
    pipeline.record_event(
        person, "engaged", referred_on, recorded_by=user, source_type="referral", source_id=referral.id,
        organisation=partner, commit=False,
    )  # fmt: skip
    audit.record("create", "referral", referral.id, user=user)
    notify.referral_arrived(referral)
    db.session.commit()
    return referral


# ---------------------------------------------------------------- the outreach report


def _people_with_stage(case_people, stage: str, start: date, end: date):
    return (
        select(func.count(func.distinct(PipelineEvent.person_id)))
        .where(PipelineEvent.person_id.in_(case_people))
        .where(PipelineEvent.stage == stage, PipelineEvent.occurred_on.between(start, end))
    )


def outreach_report(start: date, end: date) -> dict:
    """The seed's three numbers and the rest, for a period, computed in SQL; people counts exact."""
    active_cases = select(Case.person_id).where(
        Case.opened_on <= end, or_(Case.closed_on.is_(None), Case.closed_on >= start)
    )
    engaged = db.session.scalar(
        select(func.count(func.distinct(Referral.person_id))).where(Referral.referred_on.between(start, end))
    )
    case_managed = db.session.scalar(select(func.count(func.distinct(active_cases.subquery().c.person_id))))
    employed = db.session.scalar(_people_with_stage(active_cases, "employed", start, end))
    sustained_13 = db.session.scalar(_people_with_stage(active_cases, "sustained_13w", start, end))
    sustained_26 = db.session.scalar(_people_with_stage(active_cases, "sustained_26w", start, end))
    by_type = db.session.execute(
        select(Intervention.type, func.count(), func.sum(Intervention.minutes))
        .where(Intervention.occurred_on.between(start, end))
        .group_by(Intervention.type)
        .order_by(Intervention.type)
    ).all()
    closures = db.session.execute(
        select(Case.closure_reason, func.count())
        .where(Case.status == "closed", Case.closed_on.between(start, end))
        .group_by(Case.closure_reason)
        .order_by(Case.closure_reason)
    ).all()
    # Days from a person's first referral to their first job after it, one row per person.
    first_referral = (
        select(Referral.person_id, func.min(Referral.referred_on).label("referred_on"))
        .where(Referral.person_id.in_(active_cases))
        .group_by(Referral.person_id)
        .subquery()
    )
    first_job = db.session.execute(
        select(first_referral.c.referred_on, func.min(PipelineEvent.occurred_on))
        .join(PipelineEvent, PipelineEvent.person_id == first_referral.c.person_id)
        .where(PipelineEvent.stage == "employed", PipelineEvent.occurred_on >= first_referral.c.referred_on)
        .where(PipelineEvent.occurred_on.between(start, end))
        .group_by(first_referral.c.person_id, first_referral.c.referred_on)
    ).all()
    days = pd.Series([(job - referred).days for referred, job in first_job], dtype="float64")
    return {
        "engaged": engaged,
        "case_managed": case_managed,
        "employed": employed,
        "sustained_13w": sustained_13,
        "sustained_26w": sustained_26,
        "interventions": [{"type": t, "count": n, "minutes": int(m or 0)} for t, n, m in by_type],
        "closures": [{"reason": r, "count": n} for r, n in closures],
        "median_days_to_job": None if days.empty else float(days.median()),
        "people_with_a_job_time": len(days),
    }


def report_csv(report: dict, suppress) -> str:
    from portal.exports import to_csv

    rows = [
        ("people", "engaged", suppress(report["engaged"]), ""),
        ("people", "case_managed", suppress(report["case_managed"]), ""),
        ("people", "supported_into_employment", suppress(report["employed"]), ""),
        ("people", "sustained_13w", suppress(report["sustained_13w"]), ""),
        ("people", "sustained_26w", suppress(report["sustained_26w"]), ""),
        (
            "people",
            "median_days_referral_to_job",
            report["median_days_to_job"] if report["people_with_a_job_time"] > 7 else "*",
            "",
        ),
    ]
    rows += [("intervention", item["type"], item["count"], item["minutes"]) for item in report["interventions"]]
    rows += [("closure_reason", item["reason"], suppress(item["count"]), "") for item in report["closures"]]
    return to_csv(["section", "measure", "value", "minutes"], rows)
