"""The opportunities-and-outcomes report: applications, places filled and fill rate, completions,
jobs and 13/26-week sustainment, by opportunity kind, career family and employer. Counted in SQL
(a few rows per breakdown leave the database); small numbers suppressed by the one rule.

Definitions (docs/reports.md):
- Opportunities whose closing date is in the period: their places (not people, not suppressed),
  the applications to them, places filled (placements started on them), fill rate (places filled
  ÷ places, from the rounded count) and completions (placements completed).
- Jobs started in the period: how many, and how many were still in work at the 13- and 26-week
  checks (the check recorded as still in the job).
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import and_, func, literal, select

from portal.careers.models import Career, CareerFamily
from portal.extensions import db
from portal.opportunities.choices import KINDS
from portal.opportunities.models import Application, EmploymentOutcome, Opportunity, Placement, opportunity_careers
from portal.pipeline.models import Organisation, Person
from portal.reports import widening
from portal.reports.suppression import SUPPRESSED, suppress

NOT_RECORDED = "not_recorded"
OPPORTUNITY_MEASURES = ("places", "applications", "places_filled", "fill_rate_pct", "completions")
JOB_MEASURES = ("jobs", "sustained_13w", "sustained_26w")
OPPORTUNITY_BREAKDOWNS = ("kind", "career_family", "employer")
JOB_BREAKDOWNS = ("career_family", "employer")


def measure_labels() -> dict[str, str]:
    return {
        "places": _("Places"),
        "applications": _("Applications"),
        "places_filled": _("Places filled"),
        "fill_rate_pct": _("Fill rate (%)"),
        "completions": _("Completions"),
        "jobs": _("Jobs started"),
        "sustained_13w": _("Still in work at 13 weeks"),
        "sustained_26w": _("Still in work at 26 weeks"),
    }


def breakdown_labels() -> dict[str, str]:
    return {
        "kind": _("By opportunity kind"),
        "career_family": _("By career family"),
        "employer": _("By employer or host organisation"),
    }


@dataclass
class OutcomesReport:
    opportunities: dict[str, list[dict]]  # breakdown -> rows {code, label, measure: value}
    jobs: dict[str, list[dict]]
    suppressed: bool


def _opportunity_groups(breakdown: str, filters):
    """(opportunity id, group code, group name) for the opportunities closing in the period; an
    opportunity with careers in two families is in both."""
    base = select(Opportunity.id.label("opportunity_id"))
    if breakdown == "kind":
        statement = base.add_columns(Opportunity.kind.label("code"), Opportunity.kind.label("name"))
    elif breakdown == "employer":
        statement = base.add_columns(
            func.cast(Organisation.id, db.String).label("code"), Organisation.name.label("name")
        ).join(Organisation, Organisation.id == Opportunity.organisation_id)
    else:
        statement = (
            base.add_columns(
                func.coalesce(CareerFamily.slug, literal(NOT_RECORDED)).label("code"),
                func.coalesce(CareerFamily.name, literal("")).label("name"),
            )
            .outerjoin(opportunity_careers, opportunity_careers.c.opportunity_id == Opportunity.id)
            .outerjoin(Career, Career.id == opportunity_careers.c.career_id)
            .outerjoin(CareerFamily, CareerFamily.id == Career.family_id)
            .distinct()
        )
    statement = statement.where(Opportunity.closes_on.between(filters.start, filters.end))
    if filters.organisation_id:
        statement = statement.where(Opportunity.organisation_id == filters.organisation_id)
    if filters.opportunity_kind:
        statement = statement.where(Opportunity.kind == filters.opportunity_kind)
    return statement.subquery()


def _people_filter(statement, person_column, filters):
    if filters.route:
        statement = statement.join(Person, Person.id == person_column).where(Person.route == filters.route)
    return statement


def opportunity_counts(breakdown: str, filters) -> list[tuple]:
    """(code, name, places, applications, places filled, completions) per group, exact."""
    groups = _opportunity_groups(breakdown, filters)
    places = (
        select(groups.c.code, groups.c.name, func.sum(Opportunity.places).label("places"))
        .join(Opportunity, Opportunity.id == groups.c.opportunity_id)
        .group_by(groups.c.code, groups.c.name)
    )
    applications = _people_filter(
        select(groups.c.code, func.count(Application.id)).join(
            Application, Application.opportunity_id == groups.c.opportunity_id
        ),
        Application.person_id,
        filters,
    ).group_by(groups.c.code)
    placements = _people_filter(
        select(
            groups.c.code,
            func.count(Placement.id),
            func.count(Placement.id).filter(Placement.completed.is_(True)),
        )
        .join(Application, Application.opportunity_id == groups.c.opportunity_id)
        .join(Placement, Placement.application_id == Application.id),
        Placement.person_id,
        filters,
    ).group_by(groups.c.code)
    applied = dict(db.session.execute(applications).all())
    placed = {code: (filled, completed) for code, filled, completed in db.session.execute(placements).all()}
    return [
        (code, name, int(total or 0), applied.get(code, 0), *placed.get(code, (0, 0)))
        for code, name, total in db.session.execute(places).all()
    ]


def job_counts(breakdown: str, filters) -> list[tuple]:
    """(code, name, jobs, still in work at 13 weeks, at 26 weeks) per group, exact."""
    still_13 = func.count().filter(EmploymentOutcome.check_13w_result == "still_employed")
    still_26 = func.count().filter(EmploymentOutcome.check_26w_result == "still_employed")
    if breakdown == "employer":
        code, name = func.cast(Organisation.id, db.String), Organisation.name
        statement = select(code, name, func.count(), still_13, still_26).join(
            Organisation, Organisation.id == EmploymentOutcome.organisation_id
        )
    else:
        code = func.coalesce(CareerFamily.slug, literal(NOT_RECORDED))
        name = func.coalesce(CareerFamily.name, literal(""))
        statement = (
            select(code, name, func.count(), still_13, still_26)
            .select_from(EmploymentOutcome)
            .outerjoin(Career, Career.id == EmploymentOutcome.career_id)
            .outerjoin(CareerFamily, CareerFamily.id == Career.family_id)
        )
    statement = statement.where(EmploymentOutcome.started_on.between(filters.start, filters.end))
    if filters.organisation_id:
        statement = statement.where(EmploymentOutcome.organisation_id == filters.organisation_id)
    if filters.opportunity_kind:
        of_kind = select(Application.id).join(Opportunity).where(Opportunity.kind == filters.opportunity_kind)
        statement = statement.where(and_(EmploymentOutcome.application_id.in_(of_kind)))
    statement = _people_filter(statement, EmploymentOutcome.person_id, filters)
    return [tuple(row) for row in db.session.execute(statement.group_by(code, name)).all()]


def _label(breakdown: str, code: str, name: str) -> str:
    if code == NOT_RECORDED:
        return _("Not recorded")
    if breakdown == "kind":
        return str(KINDS.get(code, code))
    return name


def present_opportunities(breakdown, counts, *, suppressed=True) -> list[dict]:
    shown = suppress if suppressed else (lambda count: count)
    rows = []
    for code, name, places, applications, filled, completions in counts:
        filled_shown = shown(filled)
        rate = "" if not places else ("*" if filled_shown == SUPPRESSED else widening.conversion(filled_shown, places))
        rows.append(
            {
                "code": code,
                "label": _label(breakdown, code, name),
                "places": places,
                "applications": shown(applications),
                "places_filled": filled_shown,
                "fill_rate_pct": rate,
                "completions": shown(completions),
            }
        )
    return sorted(rows, key=lambda row: (row["code"] == NOT_RECORDED, row["label"].lower()))


def present_jobs(breakdown, counts, *, suppressed=True) -> list[dict]:
    shown = suppress if suppressed else (lambda count: count)
    rows = [
        {
            "code": code,
            "label": _label(breakdown, code, name),
            "jobs": shown(jobs),
            "sustained_13w": shown(still_13),
            "sustained_26w": shown(still_26),
        }
        for code, name, jobs, still_13, still_26 in counts
    ]
    return sorted(rows, key=lambda row: (row["code"] == NOT_RECORDED, row["label"].lower()))


def outcomes_report(filters, *, suppressed: bool = True) -> OutcomesReport:
    return OutcomesReport(
        opportunities={
            b: present_opportunities(b, opportunity_counts(b, filters), suppressed=suppressed)
            for b in OPPORTUNITY_BREAKDOWNS
        },
        jobs={b: present_jobs(b, job_counts(b, filters), suppressed=suppressed) for b in JOB_BREAKDOWNS},
        suppressed=suppressed,
    )


CSV_COLUMNS = ["section", "breakdown", "group_code", "group", "measure_code", "measure", "value"]


def csv_rows(report: OutcomesReport):
    """One row per (section, breakdown, group, measure): the words beside the codes."""
    measures = measure_labels()
    for section, parts, names in (
        ("opportunities", report.opportunities, OPPORTUNITY_MEASURES),
        ("jobs", report.jobs, JOB_MEASURES),
    ):
        for breakdown, rows in parts.items():
            for row in rows:
                for measure in names:
                    yield (section, breakdown, row["code"], row["label"], measure, measures[measure], row[measure])
