"""What a visitor typed into a public form (an intake), kept as typed, apart from the person it may be."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import sql_in
from portal.extensions import db
from portal.people.choices import INTAKE_KINDS, INTAKE_STATUSES

if TYPE_CHECKING:  # by name at run time: importing the ledger's package would import its views
    from portal.pipeline.models import Person

# The person fields an intake can offer, in the order staff compare them.
PERSON_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "email",
    "phone",
    "postcode",
    "preferred_language",
    "route",
)
# What staff compare and may take from an intake: the person fields, and how the person would like
# to hear from us (given on their own page, kept in ``answers``).
COMPARED_FIELDS = (*PERSON_FIELDS, "contact_by")


class Intake(db.Model):
    """One public submission. It creates a person only when nobody on record could be them;
    otherwise it is held until a member of staff says who it is, and nothing of an existing person
    changes until then."""

    __tablename__ = "intakes"
    __table_args__ = (
        CheckConstraint(sql_in("kind", INTAKE_KINDS), name="kind"),
        CheckConstraint(sql_in("status", INTAKE_STATUSES), name="status"),
        Index("ix_intakes_status_received", "status", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Shown to the visitor: never a person's reference, so it says nothing about who is known.
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20))
    received_at: Mapped[datetime] = mapped_column(server_default=func.now())
    received_on: Mapped[date] = mapped_column(Date)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    postcode: Mapped[str | None] = mapped_column(String(8))
    preferred_language: Mapped[str | None] = mapped_column(String(16))
    route: Mapped[str | None] = mapped_column(String(20))
    # The rest of what they told us, by kind (the session they signed up at, their needs...).
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    # Their optional equality answers, as given; special-category, shown only to roles that may.
    equality: Mapped[dict | None] = mapped_column(JSON)
    consent_version: Mapped[str | None] = mapped_column(String(20))
    consent_how: Mapped[str] = mapped_column(String(20))
    # The people on record it could be, when it was held (ids; the queue shows them side by side).
    candidate_ids: Mapped[list] = mapped_column(JSON, default=list)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Which fields staff took from it into the person, for the record.
    fields_taken: Mapped[list] = mapped_column(JSON, default=list)

    person: Mapped["Person | None"] = relationship("Person")
    resolved_by = relationship("User")

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def contact_by(self) -> str | None:
        return (self.answers or {}).get("contact_by")

    @property
    def held(self) -> bool:
        return self.status == "held"


DUPLICATE_STATUSES = ("open", "dismissed", "merged")


class DuplicateCandidate(db.Model):
    """Two people on record who may be one, as the matcher last found them (``flask people
    duplicates --refresh``), so the staff queue reads a table instead of comparing everyone.
    ``person_a`` has the smaller reference. A pair staff said are two people stays dismissed."""

    __tablename__ = "duplicate_candidates"
    __table_args__ = (
        CheckConstraint(sql_in("status", DUPLICATE_STATUSES), name="status"),
        UniqueConstraint("person_a_id", "person_b_id", name="uq_duplicate_candidates_pair"),
        Index("ix_duplicate_candidates_status_score", "status", "score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_a_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    person_b_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    score: Mapped[int]
    # Reason codes (portal.people.matching.REASONS); the page shows them in words.
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="open")
    computed_at: Mapped[datetime] = mapped_column(server_default=func.now())
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    person_a: Mapped["Person"] = relationship("Person", foreign_keys=[person_a_id])
    person_b: Mapped["Person"] = relationship("Person", foreign_keys=[person_b_id])


class PersonMerge(db.Model):
    """One merge: ``merged`` was found to be ``kept``. What it changed is kept here so that it can
    be undone: the fields chosen from the merged record with the kept record's values before,
    and every row re-pointed from one to the other (table -> column -> row ids)."""

    __tablename__ = "person_merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    kept_person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    merged_person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    # Names of the person (and "equality.<name>") fields taken from the merged record.
    fields_chosen: Mapped[list] = mapped_column(JSON, default=list)
    # The kept record's values of those fields before the merge (dates as ISO text).
    old_values: Mapped[dict] = mapped_column(JSON, default=dict)
    repointed: Mapped[dict] = mapped_column(JSON, default=dict)
    merged_at: Mapped[datetime] = mapped_column(server_default=func.now())
    merged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    undone_at: Mapped[datetime | None]
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    kept: Mapped["Person"] = relationship("Person", foreign_keys=[kept_person_id])
    merged: Mapped["Person"] = relationship("Person", foreign_keys=[merged_person_id])
    merged_by = relationship("User", foreign_keys=[merged_by_id])
    undone_by = relationship("User", foreign_keys=[undone_by_id])
