"""Restricted cases leak nothing: who may see one, and what everyone else is shown instead.

A case marked restricted is seen by its adviser, managers and administrators only
(docs/permissions.md). For anyone else the person's whole outreach record is restricted: their
referrals show "restricted" in the queue and on the referral page, the referrals' and
interventions' entries leave their timeline, and a person search or person page says the record
is restricted, without any of the case's details. Registered with ``portal.people`` so that
package never imports this one.
"""

from sqlalchemy import Select, or_, select

from portal.audit import services as audit
from portal.extensions import db
from portal.outreach.models import Case, Intervention, Referral
from portal.people import services as people

# Roles that see every restricted case: managers run triage and caseloads, administrators answer
# subject-access requests and erasure. Everyone else sees a restricted case only if it is theirs.
SEE_ALL = ("manager", "admin")


def sees_all(user) -> bool:
    return getattr(user, "role", None) in SEE_ALL


def hidden_cases(user) -> Select | None:
    """SQL: the restricted cases ``user`` may not see (None: they see them all)."""
    if sees_all(user):
        return None
    statement = select(Case.id, Case.person_id).where(Case.restricted.is_(True))
    if user is not None and getattr(user, "id", None) is not None:
        statement = statement.where(Case.adviser_id != user.id)
    return statement


def restricted_people(user, person_ids) -> set[int]:
    """Of ``person_ids``, those whose outreach record is restricted for ``user`` (one query)."""
    hidden = hidden_cases(user)
    ids = [person_id for person_id in person_ids if person_id is not None]
    if hidden is None or not ids:
        return set()
    return set(db.session.scalars(hidden.where(Case.person_id.in_(ids)).with_only_columns(Case.person_id)))


def hidden_sources(person, user) -> set[tuple[str, int]]:
    """The ledger entries (source_type, source_id) that would tell ``user`` about a restricted
    case: the person's referrals and the hidden cases' interventions."""
    hidden = hidden_cases(user)
    if hidden is None:
        return set()
    cases = hidden.where(Case.person_id == person.id).with_only_columns(Case.id)
    if not db.session.scalar(select(cases.exists())):
        return set()
    referrals = db.session.scalars(select(Referral.id).where(Referral.person_id == person.id))
    interventions = db.session.scalars(select(Intervention.id).where(Intervention.case_id.in_(cases)))
    return {("referral", i) for i in referrals} | {("intervention", i) for i in interventions}


def hidden_referrals(user, referrals) -> set[int]:
    """Of a page of referrals, the ids ``user`` is shown only as "restricted": a referral of a
    person with a restricted case the user may not see, unless it is the referral of a case
    the user may open."""
    restricted = restricted_people(user, {referral.person_id for referral in referrals})
    if not restricted:
        return set()
    ids = [referral.id for referral in referrals if referral.person_id in restricted]
    own = set(
        db.session.scalars(
            select(Case.referral_id).where(
                Case.referral_id.in_(ids), or_(Case.restricted.is_(False), Case.adviser_id == user.id)
            )
        )
    )
    return {referral_id for referral_id in ids if referral_id not in own}


def refuse(object_type: str, object_id) -> None:
    """Audit a refused read of a restricted record; the caller answers (the request commits)."""
    audit.record("refused", object_type, object_id, detail="restricted")


people.register_restriction(restricted_people, hidden_sources)
