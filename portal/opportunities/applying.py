"""Applying: who may apply, taking a place, keeping the application as an intake, and the ledger's
``applied`` once staff say who applied."""

import secrets
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select, update

from portal import signals
from portal.audit import services as audit
from portal.common.dates import age_on
from portal.database import begin_write
from portal.extensions import db
from portal.opportunities.models import (
    Application,
    ApplicationStatusChange,
    Opportunity,
)
from portal.people import intake
from portal.pipeline import services as pipeline
from portal.pipeline.models import Person
from portal.pipeline.stages import stage_at


class ApplyRefused(ValueError):
    """An application that cannot be accepted, with a reason fit to show the person."""


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
        db.session.flush()
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
        stage_at(application.opportunity.kind, "applied"),
        intake_row.received_on,
        recorded_by=user,
        source_type="application",
        source_id=application.id,
        organisation=application.opportunity.organisation,
        today=max(intake_row.received_on, date.today()),
    )


intake.register_kind("application", source="website", attach=attach_application)
