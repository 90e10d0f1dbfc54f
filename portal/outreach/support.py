"""Whom an outreach adviser supports: the people with a case of theirs, open or closed.

Advisers record jobs and 13/26-week checks only for these people (docs/permissions.md); the
other roles that may record them (administrators, academy staff) are not narrowed.
"""

from sqlalchemy import exists, select

from portal.extensions import db
from portal.outreach.models import Case
from portal.people import services as people

ADVISER_ROLE = "outreach_adviser"


class NotSupportedError(PermissionError):
    """An adviser tried to record an outcome for someone they do not support."""


def supported_people(user):
    """SQL: the ids of the people the adviser supports."""
    return select(Case.person_id).where(Case.adviser_id == user.id)


def may_record_outcomes(user, person_id: int) -> bool:
    if getattr(user, "role", None) != ADVISER_ROLE:
        return True
    return bool(db.session.scalar(select(exists().where(Case.adviser_id == user.id, Case.person_id == person_id))))


def require_support(user, person_id: int) -> None:
    if not may_record_outcomes(user, person_id):
        raise NotSupportedError("advisers record outcomes only for people they support")


people.register_rule("record_outcomes", may_record_outcomes)
