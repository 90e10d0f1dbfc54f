"""Referrals into the advisers' triage queue."""

from datetime import date

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from portal.admin import audit
from portal.database import begin_write
from portal.extensions import db
from portal.outreach.choices import INTERVENTION_STAGE
from portal.outreach.models import ActionItem, Case, CaseChange, Intervention, Referral
from portal.pipeline import services as pipeline


def refer_self(details: dict, *, consent_version: str, today: date | None = None) -> Referral:
    """A person asks for an adviser from the website: create or link their record, record that
    they engaged, and put them in the triage queue. All or nothing."""
    today = today or date.today()
    begin_write(db.session)
    person = pipeline.find_existing_person(
        details.get("email"), details["first_name"], details["last_name"], details.get("date_of_birth")
    )
    if person is None:
        person = pipeline.create_person(
            commit=False,
            first_name=details["first_name"].strip(),
            last_name=details["last_name"].strip(),
            email=details.get("email") or None,
            phone=details.get("phone") or None,
            date_of_birth=details.get("date_of_birth"),
            postcode=details.get("postcode"),
            preferred_language=details.get("preferred_language"),
            route=details["route"],
            source="website",
            consent_date=today,
            consent_version=consent_version,
        )
    else:
        person.route = details["route"]
        if details.get("preferred_language"):
            person.preferred_language = details["preferred_language"]
        for name in ("email", "phone", "date_of_birth"):
            if not getattr(person, name) and details.get(name):
                setattr(person, name, details[name])
        person.consent_date, person.consent_version = today, consent_version
        audit.record("update", "person", person.person_ref, detail="asked for an adviser")
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
    db.session.commit()
    return case


def close_referral(referral: Referral, user) -> None:
    referral.status = "closed"
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


def caseload(user, today: date) -> list[dict]:
    """An adviser's open cases with what needs attention: overdue actions and last contact."""
    overdue = (
        select(func.count(ActionItem.id))
        .where(ActionItem.case_id == Case.id, ActionItem.done_on.is_(None), ActionItem.due_on < today)
        .scalar_subquery()
    )
    last_contact = select(func.max(Intervention.occurred_on)).where(Intervention.case_id == Case.id).scalar_subquery()
    rows = db.session.execute(
        select(Case, overdue.label("overdue"), last_contact.label("last_contact"))
        .where(Case.adviser_id == user.id, Case.status == "open")
        .options(selectinload(Case.person))
        .order_by(Case.opened_on, Case.id)
    ).all()
    return [
        {
            "case": case,
            "overdue": overdue_count,
            "last_contact": last,
            "not_contacted": (today - (last or case.opened_on)).days >= 30,
        }
        for case, overdue_count, last in rows
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
