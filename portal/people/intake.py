"""The public front door: every public submission becomes an intake, and nothing a visitor types
is written into a person who is already on record. Staff say who a held intake is, field by field.

Areas join by registering what to do once an intake's person is known (``register_kind``): the
applications area links the application, the outreach area the referral. This module imports no
area.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select

from portal import signals
from portal.audit import services as audit
from portal.auth import permissions
from portal.extensions import db
from portal.people import consent, matching
from portal.people.models import COMPARED_FIELDS, PERSON_FIELDS, Intake
from portal.pipeline import services as pipeline
from portal.pipeline.models import EqualityProfile, Person

EQUALITY_FIELDS = tuple(
    column.name for column in EqualityProfile.__table__.columns if column.name not in ("person_id", "updated_at")
)


class IntakeError(ValueError):
    """A resolution that cannot be made (said to staff in plain words)."""


@dataclass(frozen=True)
class IntakeKind:
    source: str  # the person's source when the intake creates them
    # Called in the same transaction once the intake's person is known (at once, or by staff).
    attach: Callable[[Intake, Person, object], None]


_KINDS: dict[str, IntakeKind] = {}


def register_kind(kind: str, *, source: str, attach: Callable[[Intake, Person, object], None]) -> None:
    _KINDS[kind] = IntakeKind(source=source, attach=attach)


def new_intake_reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "REF-" + "".join(secrets.choice(alphabet) for _ in range(8))


def _digits(value: str | None) -> str:
    return "".join(ch for ch in value or "" if ch.isdigit())


def possible_matches(details: dict, limit: int = 10) -> list[int]:
    """People on record who could be the person who typed ``details``, best first: when in doubt, hold.

    The matcher's possible matches (names as people really write them, transliterated, swapped or
    mistyped, with the date of birth) and, beside them, any shared email or phone, the same date of
    birth with either name, or the same full name: a sibling typing the family email is asked
    about too. Deciding is staff's, not the form's."""
    scored = [match.person_id for match in matching.matches_for(details, db.session, limit=limit)]
    return list(dict.fromkeys(scored + _exactly_shared(details, limit)))[:limit]


def _exactly_shared(details: dict, limit: int) -> list[int]:
    first = (details.get("first_name") or "").strip().lower()
    last = (details.get("last_name") or "").strip().lower()
    email = (details.get("email") or "").strip().lower()
    phone = (details.get("phone") or "").strip()
    conditions = [(func.lower(Person.first_name) == first) & (func.lower(Person.last_name) == last)]
    if email:
        conditions.append(Person.email == email)
    if phone:
        conditions.append(Person.phone.in_({phone, _digits(phone)} - {""}))
    if details.get("date_of_birth"):
        conditions.append(
            (Person.date_of_birth == details["date_of_birth"])
            & or_(func.lower(Person.first_name) == first, func.lower(Person.last_name) == last)
        )
    return list(
        db.session.scalars(
            select(Person.id)
            .where(Person.erased_at.is_(None), Person.merged_into_id.is_(None), or_(*conditions))
            .order_by(Person.id)
            .limit(limit)
        )
    )


def _typed(details: dict) -> dict:
    typed = {name: details.get(name) or None for name in PERSON_FIELDS}
    typed["first_name"] = (details.get("first_name") or "").strip()
    typed["last_name"] = (details.get("last_name") or "").strip()
    if typed["email"]:
        typed["email"] = typed["email"].strip().lower()
    typed["postcode"] = pipeline.normalise_postcode(typed["postcode"])
    return typed


def receive(
    kind: str,
    details: dict,
    *,
    record=None,
    consent_version: str | None,
    consent_how: str,
    answers: dict | None = None,
    today=None,
) -> Intake:
    """Keep a public submission. Creates its person only when nobody on record could be them;
    otherwise holds it. ``record`` is what the area made of the submission (an application, a
    referral), given its ``intake``. Flushes; the caller commits."""
    today = today or date.today()
    handler = _KINDS[kind]
    intake = Intake(
        reference=new_intake_reference(),
        kind=kind,
        received_on=today,
        consent_version=consent_version,
        consent_how=consent_how,
        answers=answers or {},
        **_typed(details),
    )
    candidates = possible_matches(details)
    db.session.add(intake)
    if record is not None:
        record.intake = intake
    if candidates:
        intake.status, intake.candidate_ids = "held", candidates
        db.session.flush()
    else:
        intake.status = "created"
        intake.person = _create_person(intake, handler.source, by=None)
        db.session.flush()
        _consented(intake)
        handler.attach(intake, intake.person, None)
    audit.record("create", "intake", intake.reference, detail=intake.status)
    signals.intake_received.send(intake)
    return intake


def _create_person(intake: Intake, source: str, *, by, equality: dict | None = None) -> Person:
    return pipeline.create_person(
        created_by=by,
        first_name=intake.first_name,
        last_name=intake.last_name,
        email=intake.email,
        phone=intake.phone,
        date_of_birth=intake.date_of_birth,
        postcode=intake.postcode,
        preferred_language=intake.preferred_language,
        route=intake.route or "career_changer",
        source=source,
        consent_date=intake.received_on,
        consent_version=intake.consent_version,
        equality=equality or None,
    )


# Kinds that change a known person's details rather than introduce someone: never a new person.
UPDATE_KINDS = ("contact_update",)


def hold_update(person: Person, *, email, phone, contact_by, today=None) -> Intake:
    """A person on record, back through their emailed link, gives new contact details. Nothing
    of their record changes: the intake is held with them as its only candidate, and staff take
    each detail they accept (``link``). Flushes; the caller commits."""
    intake = Intake(
        reference=new_intake_reference(),
        kind="contact_update",
        status="held",
        received_on=today or date.today(),
        first_name=person.first_name,
        last_name=person.last_name,
        email=(email or "").strip().lower() or None,
        phone=(phone or "").strip() or None,
        consent_version=person.consent_version,
        consent_how="web_form",
        answers={"contact_by": contact_by} if contact_by else {},
        candidate_ids=[person.id],
    )
    db.session.add(intake)
    db.session.flush()
    audit.record("create", "intake", intake.reference, detail=f"contact update for {person.person_ref}")
    return intake


def _consented(intake: Intake) -> None:
    """The consent the visitor gave with this form, now that it is known whose it is."""
    if intake.consent_version and intake.person is not None:
        consent.give(
            intake.person, given_on=intake.received_on, version=intake.consent_version, how=intake.consent_how,
            intake=intake,
        )  # fmt: skip


def record_equality(intake: Intake, answers: dict) -> bool:
    """The optional "about you" step, once per intake. The answers reach a person only when this
    intake created them; a held intake keeps them for staff."""
    if intake.equality is not None:
        return False
    given = {name: answers.get(name) for name in EQUALITY_FIELDS if answers.get(name)}
    intake.equality = given
    if intake.status == "created" and intake.person is not None and intake.person.equality is None and given:
        intake.person.equality = EqualityProfile(**given)
        audit.record("update", "equality_profile", intake.person.person_ref, detail="given with the intake")
    db.session.flush()
    return True


# ---------------------------------------------------------------- staff say who it is


# Which area's staff check each kind of intake: those who may read that area's records.
# New contact details from a person's own page are for anyone who may read people.
KIND_AREAS = {
    "application": "applications",
    "school_sign_up": "schools",
    "adviser_request": "referrals",
    "contact_update": "people",
}


def checkable_kinds(user) -> list[str]:
    return [kind for kind, area in KIND_AREAS.items() if permissions.can(user, area)]


def held_intakes(kinds) -> Select:
    return (
        select(Intake)
        .where(Intake.status == "held", Intake.kind.in_(tuple(kinds)))
        .order_by(Intake.received_at, Intake.id)
    )


def candidates(intake: Intake) -> list[Person]:
    if not intake.candidate_ids:
        return []
    # A candidate merged since the intake was held is shown as the person it was merged into.
    ids = list(intake.candidate_ids)
    merged = dict(db.session.execute(select(Person.id, Person.merged_into_id).where(Person.id.in_(ids))).all())
    order = list(dict.fromkeys(merged.get(i) or i for i in ids))
    people = db.session.scalars(
        select(Person).where(Person.id.in_(order), Person.erased_at.is_(None), Person.merged_into_id.is_(None))
    ).all()
    return sorted(people, key=lambda person: order.index(person.id))


def differences(intake: Intake, person: Person) -> list[str]:
    """The person fields where the intake says something the record does not."""
    return [
        name
        for name in COMPARED_FIELDS
        if getattr(intake, name) not in (None, "") and getattr(intake, name) != getattr(person, name)
    ]


def _resolved(intake: Intake, status: str, person: Person, user, fields: list[str]) -> None:
    intake.status, intake.person, intake.fields_taken = status, person, fields
    intake.resolved_at, intake.resolved_by_id = datetime.now(), user.id
    db.session.flush()
    _consented(intake)
    _KINDS[intake.kind].attach(intake, person, user)


def link(intake: Intake, person: Person, user, *, fields=(), equality_fields=()) -> None:
    """Staff: this intake is ``person``. Only the fields they chose are copied into the record."""
    if not intake.held:
        raise IntakeError(_("Someone has already checked who this is."))
    if person.id not in [candidate.id for candidate in candidates(intake)]:
        raise IntakeError(_("Choose one of the people it could be."))
    taken = [name for name in fields if name in differences(intake, person)]
    for name in taken:
        setattr(person, name, getattr(intake, name))
    equality_taken = [name for name in equality_fields if (intake.equality or {}).get(name)]
    if equality_taken:
        profile = person.equality or EqualityProfile(person=person)
        for name in equality_taken:
            setattr(profile, name, intake.equality[name])
        db.session.add(profile)
        audit.record("update", "equality_profile", person.person_ref, detail=f"from {intake.reference}", user=user)
    audit.record(
        "update", "person", person.person_ref, detail=f"linked {intake.reference}: {','.join(taken) or 'nothing'}",
        user=user,
    )  # fmt: skip
    _resolved(intake, "linked", person, user, taken + [f"equality.{name}" for name in equality_taken])


def create_separate(intake: Intake, user) -> Person:
    """Staff: nobody on record is this person; make their record from what they typed."""
    if not intake.held:
        raise IntakeError(_("Someone has already checked who this is."))
    if intake.kind in UPDATE_KINDS:
        raise IntakeError(_("These are new details from a person on record: take them into their record or none."))
    person = _create_person(intake, _KINDS[intake.kind].source, by=user, equality=intake.equality)
    _resolved(intake, "separate", person, user, list(PERSON_FIELDS))
    return person
