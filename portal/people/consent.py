"""Consent as history: every consent a person gives is a row of its own, never overwritten, and
withdrawing it closes every consent they had given until then. ``may_contact`` is the one rule that
everything which contacts a person asks (the outbox asks when it queues and when it sends).

Giving consent again later (a new application after a withdrawal) is a new row: the person has
said yes again. Withdrawal is announced with ``signals.consent_withdrawn`` so that the outbox can
stop what is waiting; this package never imports the notifications package.
"""

from collections.abc import Iterable
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, exists, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal import signals
from portal.audit import services as audit
from portal.database import sql_in
from portal.extensions import db

HOW = {
    "web_form": _l("Web form"),
    "school_sign_up": _l("School sign-up"),
    "partner_referral": _l("Partner referral"),
    "import": _l("Import"),
}
WITHDRAWN_HOW = {
    "staff_on_their_word": _l("Told a member of staff"),
    "way_back_in": _l("Withdrew it themselves online"),
}


class Consent(db.Model):
    """One consent given: when, to which wording, how; and, once withdrawn, when, how and by whom."""

    __tablename__ = "consents"
    __table_args__ = (
        CheckConstraint(sql_in("how", HOW), name="how"),
        CheckConstraint(f"withdrawn_how IS NULL OR {sql_in('withdrawn_how', WITHDRAWN_HOW)}", name="withdrawn_how"),
        Index("ix_consents_person_withdrawn", "person_id", "withdrawn_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    intake_id: Mapped[int | None] = mapped_column(ForeignKey("intakes.id"), index=True)
    given_on: Mapped[date] = mapped_column(Date)
    version: Mapped[str | None] = mapped_column(String(20))
    how: Mapped[str] = mapped_column(String(20))
    recorded_at: Mapped[datetime] = mapped_column(server_default=func.now())
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    withdrawn_how: Mapped[str | None] = mapped_column(String(30))
    # What the member of staff noted about the withdrawal (never read out to anyone else).
    note: Mapped[str] = mapped_column(Text, default="")

    withdrawn_by = relationship("User")

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_on is not None


def give(person, *, given_on: date, version: str | None, how: str, intake=None) -> Consent:
    """Record a consent the person gave. Flushes; the caller commits."""
    if how not in HOW:
        raise ValueError(f"unknown way of giving consent {how!r}")
    row = Consent(
        person_id=person.id, intake_id=getattr(intake, "id", None), given_on=given_on, version=version, how=how
    )
    db.session.add(row)
    db.session.flush()
    return row


def history(person) -> list[Consent]:
    """Every consent the person gave, newest first."""
    return list(
        db.session.scalars(
            select(Consent).where(Consent.person_id == person.id).order_by(Consent.given_on.desc(), Consent.id.desc())
        )
    )


def _withdrawn_clause(person_id_column):
    """True for a person who withdrew and has not consented again since: every consent closed."""
    given = select(Consent.id).where(Consent.person_id == person_id_column)
    return exists(given.where(Consent.withdrawn_on.is_not(None))) & ~exists(given.where(Consent.withdrawn_on.is_(None)))


def may_contact(person) -> bool:
    """The one rule: nobody contacts a person whose details are erased, or who withdrew their
    consent and has not given it again. A person recorded before consent was kept (no row) is
    contacted as before."""
    if person is None or getattr(person, "erased_at", None) is not None:
        return False
    return not db.session.scalar(select(_withdrawn_clause(person.id)))


def withdrawn_among(person_ids: Iterable[int | None]) -> set[int]:
    """Of these people, those who may not be contacted because they withdrew: one query, for a list page."""
    ids = sorted({person_id for person_id in person_ids if person_id is not None})
    if not ids:
        return set()
    closed = (
        select(Consent.person_id)
        .where(Consent.person_id.in_(ids))
        .group_by(Consent.person_id)
        .having(func.count(Consent.withdrawn_on) == func.count())
    )
    return set(db.session.scalars(closed))


def withdrawn_people() -> set[int]:
    """Everyone who may not be contacted because they withdrew (for an export: names left out)."""
    closed = (
        select(Consent.person_id).group_by(Consent.person_id).having(func.count(Consent.withdrawn_on) == func.count())
    )
    return set(db.session.scalars(closed))


def withdraw(person, *, how: str, by=None, note: str = "", today: date | None = None) -> int:
    """The person withdraws their consent: every consent still open is closed, audited, and
    ``consent_withdrawn`` is announced so that nothing waiting is sent. Returns how many were
    closed (0 if there was nothing to withdraw). Flushes; the caller commits."""
    if how not in WITHDRAWN_HOW:
        raise ValueError(f"unknown way of withdrawing {how!r}")
    today = today or date.today()
    open_rows = db.session.scalars(
        select(Consent).where(Consent.person_id == person.id, Consent.withdrawn_on.is_(None))
    ).all()
    if not open_rows and not may_contact(person):
        return 0
    if not open_rows:
        # Recorded before consent was kept: the withdrawal still needs a row to belong to.
        open_rows = [give(person, given_on=person.consent_date or today, version=person.consent_version, how="import")]
    for row in open_rows:
        row.withdrawn_on, row.withdrawn_how = today, how
        row.withdrawn_by_id = getattr(by, "id", None)
        row.note = (note or "").strip()
    db.session.flush()
    audit.record("update", "consent", person.person_ref, detail=f"withdrawn ({how})", user=by)
    signals.consent_withdrawn.send(person)
    return len(open_rows)
