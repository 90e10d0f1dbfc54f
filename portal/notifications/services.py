"""What the public's way back in reads and changes, and the staff view of the outbox."""

from datetime import date

from flask import current_app
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from portal.audit import services as audit
from portal.extensions import db
from portal.notifications import messages, staff
from portal.notifications.links import new_return_link
from portal.notifications.models import Message
from portal.people import consent, intake
from portal.pipeline.models import Person


def request_link(email: str) -> bool:
    """Email a fresh link to the person with this address, if there is one. The caller shows
    the same page either way, so the form never tells anyone whether an address is known."""
    address = (email or "").strip().lower()
    person = db.session.scalars(
        select(Person)
        .where(func.lower(Person.email) == address, Person.erased_at.is_(None), Person.merged_into_id.is_(None))
        .order_by(Person.id.desc())
        .limit(1)
    ).first()
    if person is None:
        return False
    messages.return_link(
        person.email, person.preferred_language or "en", person.first_name, new_return_link(person),
        days=current_app.config["RETURN_LINK_DAYS"], person_id=person.id,
    )  # fmt: skip
    audit.record("create", "return_link", person.person_ref)
    db.session.flush()
    return True


def overview(person_id: int) -> dict | None:
    from portal.opportunities.models import Application
    from portal.outreach.models import Case, Referral

    person = db.session.get(Person, person_id)
    if person is None or person.erased_at is not None:
        return None
    applications = db.session.scalars(
        select(Application)
        .where(Application.person_id == person_id)
        .options(selectinload(Application.opportunity))
        .order_by(Application.submitted_at.desc(), Application.id.desc())
    ).all()
    referrals = db.session.scalars(
        select(Referral).where(Referral.person_id == person_id).order_by(Referral.referred_on.desc())
    ).all()
    cases = {
        case.referral_id: case
        for case in db.session.scalars(
            select(Case).where(Case.person_id == person_id).options(selectinload(Case.adviser))
        )
    }
    audit.record("view", "person", person.person_ref, detail="their own applications page")
    db.session.flush()
    return {"person": person, "applications": applications, "referrals": referrals, "cases": cases}


def withdraw(person_id: int, application_id: int) -> str | None:
    """Withdraw one of the person's own applications through the workflow (status history,
    pipeline event, place released, message). Returns its reference, or None if it is not theirs
    or can no longer be withdrawn."""
    from portal.opportunities import services as opportunities
    from portal.opportunities.choices import TRANSITIONS

    application = opportunities.get_application(application_id)
    if application is None or application.person_id != person_id:
        return None
    if "withdrawn" not in TRANSITIONS.get(application.status, ()):
        return None
    opportunities.change_status(application, "withdrawn", None, date.today())
    return application.reference


def set_contact_by(person_id: int, contact_by: str) -> None:
    """The person's choice of email or text message; text needs a phone number on record."""
    person = db.session.get(Person, person_id)
    if person is None or contact_by not in ("email", "sms") or (contact_by == "sms" and not person.phone):
        return
    person.contact_by = contact_by
    audit.record("update", "person", person.person_ref, detail="contact_by by the person")
    db.session.flush()


def hold_contact_update(person_id: int, *, email: str, phone: str, contact_by: str) -> bool:
    """New contact details from the person's own page. Their record does not change: the
    details wait as a held intake (portal/people/intake.py) for staff to take field by field.
    False when nothing differs from the record (nothing is kept)."""
    person = db.session.get(Person, person_id)
    if person is None or person.erased_at is not None:
        return False
    email = (email or "").strip().lower() or None
    phone = (phone or "").strip() or None
    if (email, phone, contact_by) == ((person.email or "").lower() or None, person.phone, person.contact_by or "email"):
        return False
    intake.hold_update(person, email=email, phone=phone, contact_by=contact_by)
    db.session.flush()
    return True


def _attach_contact_update(intake_row, person, user) -> None:
    """Staff took what they accepted (``intake.link``); there is nothing else to attach."""


intake.register_kind("contact_update", source="website", attach=_attach_contact_update)


def request_copy(person_id: int) -> None:
    """A subject-access request from the person: audited, and every admin is told."""
    person = db.session.get(Person, person_id)
    if person is None:
        return
    audit.record("subject_access", "person", person.person_ref, detail="requested by the person")
    staff.data_request(person)
    db.session.flush()


def consent_state(person_id: int) -> dict | None:
    """For the person's own consent page: whether they may still be contacted, and when they withdrew."""
    person = db.session.get(Person, person_id)
    if person is None or person.erased_at is not None:
        return None
    history = consent.history(person)
    withdrawn = [row.withdrawn_on for row in history if row.withdrawn_on]
    may_contact = consent.may_contact(person)
    return {"person": person, "may_contact": may_contact, "withdrawn_on": None if may_contact else max(withdrawn)}


def withdraw_consent(person_id: int) -> None:
    """The person withdraws their consent through the way back in: audited, and nothing waiting
    is sent (the outbox listens to the withdrawal)."""
    person = db.session.get(Person, person_id)
    if person is None or person.erased_at is not None:
        return
    consent.withdraw(person, how="way_back_in")
    db.session.flush()


def messages_to(person_id: int) -> list[Message]:
    return list(
        db.session.scalars(select(Message).where(Message.to_person_id == person_id).order_by(Message.id.desc()))
    )


def outbox_query(status: str = "") -> Select:
    statement = select(Message)
    if status:
        statement = statement.where(Message.status == status)
    return statement.order_by(Message.id.desc())
