"""The outreach report: engaged, case-managed and supported into work, interventions, closures and
days from referral to a job, computed in SQL from the outreach area's models."""

from datetime import date

import pandas as pd
from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from portal.auth.models import User
from portal.extensions import db
from portal.outreach.models import Case, Intervention, Referral
from portal.pipeline.identity import counted_people
from portal.pipeline.models import Person, PipelineEvent
from portal.pipeline.services import counted
from portal.reports.suppression import suppress
from portal.ui.exports import to_csv


def _people_with_stage(case_people, stage: str, start: date, end: date):
    # Cases and referrals are re-pointed by a merge; events are not (see counted_people).
    people, person = counted_people()
    return (
        select(func.count(func.distinct(person)))
        .select_from(PipelineEvent)
        .join(people, people.id == PipelineEvent.person_id)
        .where(PipelineEvent.stage == stage, PipelineEvent.occurred_on.between(start, end), counted())
        # The case's person or a record merged into them: both columns indexed.
        .where(or_(people.id.in_(case_people), people.merged_into_id.in_(case_people)))
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
    # The person's own events and those of records merged into them, each join by an index.
    people = aliased(Person)
    first_job = db.session.execute(
        select(first_referral.c.referred_on, func.min(PipelineEvent.occurred_on))
        .select_from(first_referral)
        .join(people, or_(people.id == first_referral.c.person_id, people.merged_into_id == first_referral.c.person_id))
        .join(PipelineEvent, PipelineEvent.person_id == people.id)
        .where(PipelineEvent.stage == "employed", PipelineEvent.occurred_on >= first_referral.c.referred_on, counted())
        .where(PipelineEvent.occurred_on.between(start, end))
        .group_by(first_referral.c.person_id, first_referral.c.referred_on)
    ).all()
    days = pd.Series([(job - referred).days for referred, job in first_job], dtype="float64")
    # Open caseload by adviser: cases open on the last day of the period.
    caseload = db.session.execute(
        select(User.name, func.count(Case.id))
        .join(User, User.id == Case.adviser_id)
        .where(Case.opened_on <= end, or_(Case.closed_on.is_(None), Case.closed_on > end))
        .group_by(User.id, User.name)
        .order_by(User.name, User.id)
    ).all()
    return {
        "caseload": [{"adviser": name, "open_cases": count} for name, count in caseload],
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


def report_csv(report: dict, labels: dict | None = None) -> str:
    """Codes in ``measure`` and, beside them in ``label``, the words (``labels``: section -> code
    -> words, in the reader's language)."""
    labels = labels or {}
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
    rows += [
        ("open_caseload_by_adviser", item["adviser"], suppress(item["open_cases"]), "") for item in report["caseload"]
    ]
    worded = (
        (
            section,
            measure,
            labels.get(section, {}).get(measure, measure if section == "open_caseload_by_adviser" else ""),
            value,
            minutes,
        )
        for section, measure, value, minutes in rows
    )
    return to_csv(["section", "measure", "label", "value", "minutes"], worded)
