"""Staff lists of applications and opportunities, saving opportunities and organisations, the
applications CSV, and what the area adds to a person's timeline and retention dates."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Date, Select, func, or_, select
from sqlalchemy.orm import selectinload

from portal.audit import services as audit
from portal.careers.models import Career
from portal.extensions import db
from portal.opportunities.models import (
    Application,
    ApplicationNote,
    ApplicationStatusChange,
    EmploymentOutcome,
    Opportunity,
    Placement,
)
from portal.people import consent, rights
from portal.people import services as people
from portal.pipeline.models import Organisation, Person
from portal.ui.exports import to_csv


@dataclass
class ApplicationFilters:
    status: str = ""
    opportunity_id: int | None = None
    submitted_from: date | None = None
    submitted_to: date | None = None
    search: str = ""


def applications(filters: ApplicationFilters) -> Select:
    # Newest first, read in index order (ix_applications_submitted), so a page costs the same
    # however many applications there are.
    statement = (
        select(Application)
        .options(
            selectinload(Application.person), selectinload(Application.intake), selectinload(Application.opportunity)
        )
        .order_by(Application.submitted_at.desc(), Application.id.desc())
    )
    if filters.status:
        statement = statement.where(Application.status == filters.status)
    if filters.opportunity_id:
        statement = statement.where(Application.opportunity_id == filters.opportunity_id)
    if filters.submitted_from:
        statement = statement.where(func.date(Application.submitted_at) >= filters.submitted_from)
    if filters.submitted_to:
        statement = statement.where(func.date(Application.submitted_at) <= filters.submitted_to)
    if filters.search:
        term = filters.search.strip().lower()
        like = f"%{term}%"
        statement = statement.outerjoin(Application.person).where(
            or_(
                func.lower(Application.reference) == term,
                func.lower(Person.person_ref) == term,
                func.lower(Person.first_name + " " + Person.last_name).like(like),
                func.lower(Person.last_name).like(like),
            )
        )
    return statement


def application_statement(application_id: int) -> Select:
    """The application with its page's relations loaded, for ``db.one_or_404``."""
    return (
        select(Application)
        .where(Application.id == application_id)
        .options(
            selectinload(Application.person),
            selectinload(Application.intake),
            selectinload(Application.opportunity).selectinload(Opportunity.organisation),
            selectinload(Application.history).selectinload(ApplicationStatusChange.changed_by),
            selectinload(Application.notes).selectinload(ApplicationNote.created_by),
            selectinload(Application.placement),
        )
    )


def get_application(application_id: int) -> Application | None:
    return db.session.scalars(application_statement(application_id)).one_or_none()


def staff_opportunities(status: str = "") -> Select:
    statement = select(Opportunity).options(selectinload(Opportunity.organisation))
    if status:
        statement = statement.where(Opportunity.status == status)
    return statement.order_by(Opportunity.closes_on.desc(), Opportunity.id.desc())


def _timeline(person: Person, _user) -> list[dict]:
    """Applications, placements and jobs, for the person's timeline (portal/people)."""
    entries = [
        {"on": application.submitted_at.date(), "kind": "application", "item": application}
        for application in db.session.scalars(
            select(Application).where(Application.person_id == person.id).options(selectinload(Application.opportunity))
        )
    ]
    entries += [
        {"on": placement.starts_on, "kind": "placement", "item": placement}
        for placement in db.session.scalars(
            select(Placement).where(Placement.person_id == person.id).options(selectinload(Placement.organisation))
        )
    ]
    entries += [
        {"on": outcome.started_on, "kind": "employment", "item": outcome}
        for outcome in db.session.scalars(
            select(EmploymentOutcome)
            .where(EmploymentOutcome.person_id == person.id)
            .options(selectinload(EmploymentOutcome.organisation))
        )
    ]
    return entries


people.register_timeline(_timeline, ("application", "placement", "employment"))


def _contact_dates() -> list:
    """When things happened with a person here, for retention (portal/people/rights.py)."""

    def day(column):
        return func.date(column, type_=Date)

    return [
        select(Application.person_id, day(Application.submitted_at)).where(Application.person_id.is_not(None)),
        select(Application.person_id, day(ApplicationStatusChange.changed_at))
        .join_from(Application, ApplicationStatusChange, ApplicationStatusChange.application_id == Application.id)
        .where(Application.person_id.is_not(None)),
        select(Placement.person_id, func.coalesce(Placement.completed_on, Placement.starts_on)),
        select(EmploymentOutcome.person_id, EmploymentOutcome.started_on),
        select(EmploymentOutcome.person_id, EmploymentOutcome.check_13w_recorded_on).where(
            EmploymentOutcome.check_13w_recorded_on.is_not(None)
        ),
        select(EmploymentOutcome.person_id, EmploymentOutcome.check_26w_recorded_on).where(
            EmploymentOutcome.check_26w_recorded_on.is_not(None)
        ),
    ]


rights.register_contact_dates(_contact_dates)


def save_opportunity(opportunity: Opportunity | None, data: dict, careers: list[Career], user) -> Opportunity:
    creating = opportunity is None
    if creating:
        opportunity = Opportunity(status="draft", places_taken=0)
        db.session.add(opportunity)
    for name, value in data.items():
        setattr(opportunity, name, value)
    opportunity.careers = careers
    db.session.flush()
    audit.record("create" if creating else "update", "opportunity", opportunity.id, user=user)
    db.session.flush()
    return opportunity


def set_opportunity_status(opportunity: Opportunity, status: str, user) -> None:
    opportunity.status = status
    audit.record("update", "opportunity", opportunity.id, detail=status, user=user)
    db.session.flush()


def save_organisation(organisation: Organisation | None, data: dict, user) -> Organisation:
    creating = organisation is None
    if creating:
        organisation = Organisation()
        db.session.add(organisation)
    for name, value in data.items():
        setattr(organisation, name, value)
    db.session.flush()
    audit.record("create" if creating else "update", "organisation", organisation.id, user=user)
    db.session.flush()
    return organisation


# ---------------------------------------------------------------- CSV export


def applications_csv(statement: Select, seen: list | None = None) -> str:
    """The applications as CSV; the person references exported are added to ``seen`` (to audit)."""
    seen = [] if seen is None else seen
    # Someone who withdrew their consent is still counted, but not named (subject access names them).
    unnamed = consent.withdrawn_people()
    rows = (
        (
            a.reference,
            a.person.person_ref,
            "" if a.person_id in unnamed else a.person.first_name,
            "" if a.person_id in unnamed else a.person.last_name,
            a.opportunity.title,
            a.opportunity.kind,
            a.status,
            a.submitted_at.date().isoformat(),
        )
        for a in db.session.scalars(statement)
        if not seen.append(a.person.person_ref)
    )
    header = ["reference", "person_ref", "first_name", "last_name", "opportunity", "kind", "status", "submitted_on"]
    return to_csv(header, rows)
