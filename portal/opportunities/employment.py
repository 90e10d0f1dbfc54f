"""Jobs and their 13- and 26-week sustainment checks: recording them, what is due, the list and
its CSV."""

from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from portal.audit import services as audit
from portal.extensions import db
from portal.opportunities.choices import (
    SUSTAINMENT_WEEKS,
)
from portal.opportunities.models import (
    EmploymentOutcome,
)
from portal.opportunities.workflow import WorkflowError
from portal.outreach import support
from portal.pipeline import services as pipeline
from portal.pipeline.models import Organisation, Person
from portal.ui.exports import to_csv


def record_employment(
    person: Person, *, user, today=None, new_employer: dict | None = None, **fields
) -> EmploymentOutcome:
    """A job. ``new_employer`` ({"name", "kind"}) adds the employer in the same transaction (or
    uses the organisation of that name if someone added it meanwhile)."""
    support.require_support(user, person.id)
    today = today or date.today()
    if new_employer is not None:
        name = new_employer["name"].strip()
        employer = db.session.scalar(select(Organisation).where(func.lower(Organisation.name) == name.lower()))
        if employer is None:
            employer = Organisation(name=name, kind=new_employer["kind"])
            db.session.add(employer)
            db.session.flush()
            audit.record("create", "organisation", employer.id, user=user)
        fields["organisation_id"] = employer.id
    outcome = EmploymentOutcome(person_id=person.id, **fields)
    db.session.add(outcome)
    db.session.flush()
    pipeline.record_event(
        person,
        "employed",
        outcome.started_on,
        recorded_by=user,
        source_type="employment",
        source_id=outcome.id,
        organisation=db.session.get(Organisation, outcome.organisation_id),
        today=today,
    )
    audit.record("create", "employment_outcome", outcome.id, user=user, person=person)
    db.session.flush()
    return outcome


def record_check(
    outcome: EmploymentOutcome, stage: str, result: str, user, today=None, contacted_on=None, notes: str = ""
) -> None:
    """The 13- or 26-week check, with when the person was reached and what they said. Still in the
    job writes the sustainment stage, dated when due."""
    support.require_support(user, outcome.person_id)
    today = today or date.today()
    weeks = SUSTAINMENT_WEEKS[stage]
    due = outcome.due_on(weeks)
    if due > today:
        raise WorkflowError(_("This check is not due until %(day)s.", day=format_date(due, "d MMM yyyy")))
    column = f"check_{weeks}w"
    if getattr(outcome, f"{column}_result"):
        raise WorkflowError(_("This check has already been recorded."))
    setattr(outcome, f"{column}_result", result)
    setattr(outcome, f"{column}_recorded_on", today)
    setattr(outcome, f"{column}_contacted_on", contacted_on or today)
    setattr(outcome, f"{column}_notes", (notes or "").strip() or None)
    if result == "still_employed":
        pipeline.record_event(
            outcome.person,
            stage,
            due,
            recorded_by=user,
            source_type="employment",
            source_id=outcome.id,
            organisation=outcome.organisation,
            today=today,
        )
    audit.record(
        "update", "employment_outcome", outcome.id, detail=f"{stage}:{result}", user=user, person=outcome.person_id
    )
    db.session.flush()


def only_supported(outcomes: Select, user) -> Select:
    """Jobs and their checks: an outreach adviser sees only those of the people they support."""
    if getattr(user, "role", None) != support.ADVISER_ROLE:
        return outcomes
    return outcomes.where(EmploymentOutcome.person_id.in_(support.supported_people(user)))


def checks_due(today: date, within_days: int = 14) -> Select:
    """Sustainment checks due by ``today + within_days`` and not yet recorded, soonest first."""
    horizon = today + timedelta(days=within_days)
    outcomes = select(EmploymentOutcome).options(
        selectinload(EmploymentOutcome.person), selectinload(EmploymentOutcome.organisation)
    )
    # Nobody is asked about a job once their details are erased. A correlated EXISTS: ``person_id IN
    # (people not erased)`` had SQLite list every person (100,000 at scale) for a handful of jobs.
    outcomes = outcomes.where(EmploymentOutcome.person.has(Person.erased_at.is_(None)))
    return outcomes.where(
        or_(
            and_(
                EmploymentOutcome.check_13w_result.is_(None),
                EmploymentOutcome.started_on <= horizon - timedelta(weeks=13),
            ),
            and_(
                EmploymentOutcome.check_26w_result.is_(None),
                EmploymentOutcome.started_on <= horizon - timedelta(weeks=26),
            ),
        )
    ).order_by(EmploymentOutcome.started_on, EmploymentOutcome.id)


def outcomes(search: str = "") -> Select:
    statement = (
        select(EmploymentOutcome)
        .join(EmploymentOutcome.person)
        .options(
            selectinload(EmploymentOutcome.person),
            selectinload(EmploymentOutcome.organisation),
            selectinload(EmploymentOutcome.career),
        )
        .order_by(EmploymentOutcome.started_on.desc(), EmploymentOutcome.id.desc())
    )
    if search:
        term = search.strip().lower()
        statement = statement.where(
            or_(
                func.lower(Person.person_ref) == term,
                func.lower(Person.first_name + " " + Person.last_name).like(f"%{term}%"),
            )
        )
    return statement


def outcomes_csv(statement: Select, seen: list | None = None) -> str:
    seen = [] if seen is None else seen
    rows = (
        (
            o.person.person_ref,
            o.organisation.name,
            o.job_title,
            o.career.slug if o.career else "",
            o.band or "",
            o.contract_type,
            f"{o.hours_per_week:g}" if o.hours_per_week else "",
            o.started_on.isoformat(),
            o.check_13w_result or "",
            o.check_26w_result or "",
        )
        for o in db.session.scalars(statement)
        if not seen.append(o.person.person_ref)
    )
    header = [
        "person_ref", "employer", "job_title", "career", "band", "contract_type",
        "hours_per_week", "started_on", "check_13w", "check_26w",
    ]  # fmt: skip
    return to_csv(header, rows)
