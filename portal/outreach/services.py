"""Referrals into the advisers' triage queue."""

from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from portal.admin import audit
from portal.database import begin_write
from portal.extensions import db
from portal.outreach.models import Referral
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
