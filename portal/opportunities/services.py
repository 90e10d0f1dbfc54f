"""Publishing opportunities, applying, the application workflow, placements and employment.

Every change to a person's journey goes through a function here, which keeps the status history,
writes the pipeline event due, audits the change and commits.
"""

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import Date, Select, and_, func, or_, select, update
from sqlalchemy.orm import selectinload

from portal import signals
from portal.audit import services as audit
from portal.careers import services as careers
from portal.careers.models import Career, CareerFamily
from portal.database import begin_write
from portal.exports import to_csv
from portal.extensions import db
from portal.opportunities.choices import (
    APPLICATION_STATUSES,
    PLACEMENT_STAGE,
    PLACEMENT_STATUSES,
    RELEASED,
    STATUS_STAGE,
    SUSTAINMENT_WEEKS,
    TRANSITIONS,
)
from portal.opportunities.models import (
    Application,
    ApplicationNote,
    ApplicationStatusChange,
    EmploymentOutcome,
    Opportunity,
    Placement,
    opportunity_careers,
)
from portal.outreach import support
from portal.people import consent, intake, rights
from portal.people import services as people
from portal.pipeline import services as pipeline
from portal.pipeline.models import Organisation, Person

CLOSING_SOON_DAYS = 14


class ApplyRefused(ValueError):
    """An application that cannot be accepted, with a reason fit to show the person."""


class WorkflowError(ValueError):
    """A status change that is not allowed, with a reason fit to show staff."""


# ---------------------------------------------------------------- the public list


@dataclass
class OpportunityFilters:
    kind: str = ""
    family: str = ""
    mode: str = ""  # online | in_person
    route: str = ""
    closing_soon: bool = False
    age: int | None = None


def _public_conditions(filters: OpportunityFilters, today: date, *, with_kind: bool = True) -> list:
    conditions = [Opportunity.status == "published", Opportunity.closes_on >= today]
    if with_kind and filters.kind:
        conditions.append(Opportunity.kind == filters.kind)
    if filters.family:
        conditions.append(
            Opportunity.id.in_(
                select(opportunity_careers.c.opportunity_id)
                .join(Career, Career.id == opportunity_careers.c.career_id)
                .join(CareerFamily)
                .where(CareerFamily.slug == filters.family)
            )
        )
    if filters.mode == "online":
        conditions.append(Opportunity.online.is_(True))
    elif filters.mode == "in_person":
        conditions.append(Opportunity.online.is_(False))
    if filters.route:
        conditions.append(Opportunity.routes.like(f"%|{filters.route}|%"))
    if filters.closing_soon:
        conditions.append(Opportunity.closes_on <= today + timedelta(days=CLOSING_SOON_DAYS))
    if filters.age is not None:
        conditions.append(or_(Opportunity.min_age.is_(None), Opportunity.min_age <= filters.age))
    return conditions


def public_opportunities(filters: OpportunityFilters, today: date) -> Select:
    """Published opportunities still open, soonest closing first."""
    return (
        select(Opportunity)
        .where(*_public_conditions(filters, today))
        .options(selectinload(Opportunity.organisation))
        .order_by(Opportunity.closes_on, Opportunity.title, Opportunity.id)
    )


def kind_counts(filters: OpportunityFilters, today: date) -> dict[str, int]:
    """How many open opportunities of each kind match the other filters."""
    rows = db.session.execute(
        select(Opportunity.kind, func.count())
        .where(*_public_conditions(filters, today, with_kind=False))
        .group_by(Opportunity.kind)
    )
    return dict(rows.all())


def get_opportunity(opportunity_id: int) -> Opportunity | None:
    return db.session.scalars(
        select(Opportunity)
        .where(Opportunity.id == opportunity_id)
        .options(selectinload(Opportunity.organisation), selectinload(Opportunity.careers))
    ).one_or_none()


def open_opportunities_for_career(career_id: int, today: date) -> list[Opportunity]:
    """Shown on the role's page in the careers catalogue (registered below)."""
    return list(
        db.session.scalars(
            public_opportunities(OpportunityFilters(), today).where(
                Opportunity.id.in_(
                    select(opportunity_careers.c.opportunity_id).where(opportunity_careers.c.career_id == career_id)
                )
            )
        )
    )


careers.register_for_career("opportunities", open_opportunities_for_career)


# ---------------------------------------------------------------- applying


def age_on(date_of_birth: date, day: date) -> int:
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


def refusal_reason(
    opportunity: Opportunity, today: date, date_of_birth: date | None = None, right_to_work: str | None = None
) -> str | None:
    """Why this person cannot apply, in plain words; None when they can."""
    if not opportunity.is_open(today):
        return _("This opportunity has closed, so it is not taking applications.")
    if opportunity.places_left <= 0:
        return _("All the places on this opportunity have been taken.")
    if opportunity.min_age and date_of_birth is not None:
        on = max(opportunity.starts_on or today, today)
        if age_on(date_of_birth, on) < opportunity.min_age:
            return _(
                "You need to be at least %(age)d years old on %(day)s to take part in this opportunity.",
                age=opportunity.min_age,
                day=on.strftime("%d/%m/%Y"),
            )
    if opportunity.right_to_work_required and right_to_work == "no":
        return _(
            "This opportunity needs the right to work in the UK. Volunteering does not, and an adviser can help you with your next steps."
        )
    return None


def new_application_reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "APP-" + "".join(secrets.choice(alphabet) for _ in range(8))


def _take_place(opportunity_id: int) -> bool:
    """Take one place, atomically: of two people applying for the last place, one gets it."""
    result = db.session.execute(
        update(Opportunity)
        .where(Opportunity.id == opportunity_id, Opportunity.places_taken < Opportunity.places)
        .values(places_taken=Opportunity.places_taken + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _release_place(opportunity_id: int) -> None:
    db.session.execute(
        update(Opportunity)
        .where(Opportunity.id == opportunity_id, Opportunity.places_taken > 0)
        .values(places_taken=Opportunity.places_taken - 1)
        .execution_options(synchronize_session=False)
    )


def apply(opportunity_id: int, details: dict, *, consent_version: str, today: date | None = None) -> Application:
    """Keep the application and what the applicant typed (an intake), taking a place; all or nothing.

    The applicant's person is created only when nobody on record could be them; otherwise the
    application waits, without a person, for staff to say who applied (portal/people/intake.py).
    The answer is the same either way, so the page never tells a visitor who is known.

    ``details``: first_name, last_name, email, phone, date_of_birth, postcode, route,
    preferred_language, statement, right_to_work.
    """
    today = today or date.today()
    begin_write(db.session)
    opportunity = db.session.get(Opportunity, opportunity_id)
    if opportunity is None:
        raise ApplyRefused(_("This opportunity does not exist."))
    reason = refusal_reason(opportunity, today, details.get("date_of_birth"), details.get("right_to_work"))
    if reason:
        raise ApplyRefused(reason)
    try:
        if not _take_place(opportunity_id):
            raise ApplyRefused(_("All the places on this opportunity have been taken."))
        application = Application(
            reference=new_application_reference(),
            opportunity_id=opportunity_id,
            statement=details.get("statement") or "",
            right_to_work=details.get("right_to_work"),
        )
        db.session.add(application)
        db.session.flush()
        db.session.add(ApplicationStatusChange(application_id=application.id, from_status=None, to_status="submitted"))
        audit.record("create", "application", application.reference)
        intake.receive(
            "application",
            details,
            record=application,
            consent_version=consent_version,
            consent_how="web_form",
            answers={"application": application.reference},
            today=today,
        )
        db.session.commit()
    except ApplyRefused:
        db.session.rollback()
        raise
    return application


def attach_application(intake_row, person: Person, user) -> None:
    """The applicant is known: the application becomes theirs and the ledger says they applied.

    A second application from someone who already applied for the same opportunity is withdrawn
    (its place freed) rather than joined to them; they are told by message, never on a page."""
    application = db.session.scalars(select(Application).where(Application.intake_id == intake_row.id)).one_or_none()
    if application is None:
        return
    already = db.session.scalar(
        select(Application.id).where(
            Application.opportunity_id == application.opportunity_id, Application.person_id == person.id
        )
    )
    if already is not None:
        previous, application.status = application.status, "withdrawn"
        db.session.add(
            ApplicationStatusChange(
                application_id=application.id, from_status=previous, to_status="withdrawn",
                changed_by_id=getattr(user, "id", None),
            )
        )  # fmt: skip
        _release_place(application.opportunity_id)
        audit.record(
            "update", "application", application.reference, detail="duplicate: withdrawn", user=user,
            person=application.person_id,
        )  # fmt: skip
        signals.application_duplicated.send(application, person=person)
        return
    application.person = person
    db.session.flush()
    pipeline.record_event(
        person,
        "applied",
        intake_row.received_on,
        recorded_by=user,
        source_type="application",
        source_id=application.id,
        organisation=application.opportunity.organisation,
        today=max(intake_row.received_on, date.today()),
        commit=False,
    )


intake.register_kind("application", source="website", attach=attach_application)


# ---------------------------------------------------------------- the workflow


def allowed_next(application: Application) -> tuple[str, ...]:
    """Statuses staff can move an application to from its status page (not the placement ones)."""
    return tuple(status for status in TRANSITIONS[application.status] if status not in PLACEMENT_STATUSES)


def _set_status(application: Application, to_status: str, user, today: date) -> None:
    if application.person is None:
        raise WorkflowError(_("Check who sent %(reference)s before changing it.", reference=application.reference))
    if to_status not in TRANSITIONS.get(application.status, ()):
        raise WorkflowError(
            _(
                "%(reference)s cannot go from %(current)s to %(target)s.",
                reference=application.reference,
                # In words: staff read this message, and the codes mean nothing to them.
                current=APPLICATION_STATUSES.get(application.status, application.status),
                target=APPLICATION_STATUSES.get(to_status, to_status),
            )
        )
    previous = application.status
    application.status = to_status
    db.session.add(
        ApplicationStatusChange(
            application_id=application.id,
            from_status=previous,
            to_status=to_status,
            changed_by_id=getattr(user, "id", None),
        )
    )
    if to_status in RELEASED and previous not in RELEASED:
        _release_place(application.opportunity_id)
    stage = STATUS_STAGE.get(to_status)
    if stage:
        pipeline.record_event(
            application.person,
            stage,
            today,
            recorded_by=user,
            source_type="application",
            source_id=application.id,
            organisation=application.opportunity.organisation,
            today=today,
            commit=False,
        )
    audit.record(
        "update", "application", application.reference, detail=f"{previous}->{to_status}", user=user,
        person=application.person_id,
    )  # fmt: skip
    signals.application_status_changed.send(application)


def change_status(application: Application, to_status: str, user, today: date | None = None) -> None:
    if to_status in PLACEMENT_STATUSES:
        raise WorkflowError(_("Use the placement form to start or complete a placement."))
    _set_status(application, to_status, user, today or date.today())
    db.session.commit()


def bulk_change_status(application_ids: list[int], to_status: str, user, today: date | None = None):
    """Move each selected application that may move; report the ones that may not."""
    today = today or date.today()
    if to_status in PLACEMENT_STATUSES:
        raise WorkflowError(_("Use the placement form to start or complete a placement."))
    applications = db.session.scalars(
        select(Application)
        .where(Application.id.in_(application_ids))
        .options(selectinload(Application.person), selectinload(Application.opportunity))
        .order_by(Application.id)
    ).all()
    changed, refused = [], []
    for application in applications:
        try:
            _set_status(application, to_status, user, today)
            changed.append(application.reference)
        except WorkflowError as error:
            refused.append(str(error))
    db.session.commit()
    return changed, refused


def add_note(application: Application, text: str, user) -> None:
    db.session.add(ApplicationNote(application_id=application.id, text=text.strip(), created_by_id=user.id))
    audit.record("update", "application", application.reference, detail="note", user=user, person=application.person_id)
    db.session.commit()


def start_placement(application: Application, *, starts_on, ends_on, expected_hours, organisation, user, today=None):
    today = today or date.today()
    if application.status != "accepted":
        raise WorkflowError(_("A placement can start once the offer has been accepted."))
    _set_status(application, "started", user, today)
    placement = Placement(
        application_id=application.id,
        person_id=application.person_id,
        organisation_id=(organisation or application.opportunity.organisation).id,
        starts_on=starts_on,
        ends_on=ends_on,
        expected_hours=expected_hours,
    )
    db.session.add(placement)
    db.session.flush()
    pipeline.record_event(
        application.person,
        PLACEMENT_STAGE[application.opportunity.kind],
        min(starts_on, today),
        recorded_by=user,
        source_type="placement",
        source_id=placement.id,
        organisation=placement.organisation,
        today=today,
        commit=False,
    )
    signals.placement_confirmed.send(application, placement=placement)
    db.session.commit()
    return placement


def complete_placement(application: Application, *, hours_done, completed: bool, completed_on, user, today=None):
    today = today or date.today()
    placement = application.placement
    if application.status != "started" or placement is None:
        raise WorkflowError(_("Only a placement that has started can be completed."))
    _set_status(application, "completed", user, today)
    placement.hours_done, placement.completed, placement.completed_on = hours_done, completed, completed_on
    if not completed:
        pipeline.record_event(
            application.person,
            "withdrawn",
            completed_on,
            recorded_by=user,
            source_type="placement",
            source_id=placement.id,
            organisation=placement.organisation,
            note="placement not completed",
            today=today,
            commit=False,
        )
    db.session.commit()


# ---------------------------------------------------------------- employment and sustainment


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
        commit=False,
    )
    audit.record("create", "employment_outcome", outcome.id, user=user, person=person)
    db.session.commit()
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
            commit=False,
        )
    audit.record(
        "update", "employment_outcome", outcome.id, detail=f"{stage}:{result}", user=user, person=outcome.person_id
    )
    db.session.commit()


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
    # Nobody is asked about a job once their details are erased.
    outcomes = outcomes.where(EmploymentOutcome.person_id.in_(select(Person.id).where(Person.erased_at.is_(None))))
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


# ---------------------------------------------------------------- staff lists


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


def get_application(application_id: int) -> Application | None:
    return db.session.scalars(
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
    ).one_or_none()


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


# ---------------------------------------------------------------- opportunities and organisations


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
    db.session.commit()
    return opportunity


def set_opportunity_status(opportunity: Opportunity, status: str, user) -> None:
    opportunity.status = status
    audit.record("update", "opportunity", opportunity.id, detail=status, user=user)
    db.session.commit()


def save_organisation(organisation: Organisation | None, data: dict, user) -> Organisation:
    creating = organisation is None
    if creating:
        organisation = Organisation()
        db.session.add(organisation)
    for name, value in data.items():
        setattr(organisation, name, value)
    db.session.flush()
    audit.record("create" if creating else "update", "organisation", organisation.id, user=user)
    db.session.commit()
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
