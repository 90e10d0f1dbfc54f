"""Opportunities, applications with their status history, placements and employment outcomes."""

from datetime import date, datetime, timedelta

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.careers.models import Career
from portal.database import sql_in
from portal.extensions import db
from portal.opportunities.choices import APPLICATION_STATUSES, CONTRACT_TYPES, DBS_LEVELS, KINDS, OPPORTUNITY_STATUSES
from portal.people.models import Intake
from portal.pipeline.models import Organisation, Person

opportunity_careers = Table(
    "opportunity_careers",
    db.metadata,
    Column("opportunity_id", ForeignKey("opportunities.id"), primary_key=True),
    Column("career_id", ForeignKey("careers.id"), primary_key=True, index=True),
)


class Opportunity(db.Model):
    __tablename__ = "opportunities"
    __table_args__ = (
        CheckConstraint(sql_in("kind", KINDS), name="kind"),
        CheckConstraint(sql_in("status", OPPORTUNITY_STATUSES), name="status"),
        CheckConstraint(sql_in("dbs_check", DBS_LEVELS), name="dbs_check"),
        CheckConstraint("places >= 0 AND places_taken >= 0", name="places"),
        Index("ix_opportunities_status_closes", "status", "closes_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30), index=True)
    summary: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    online: Mapped[bool] = mapped_column(default=False)
    location: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str | None] = mapped_column(String(8), index=True)  # for distance ("near me")
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    places: Mapped[int]
    # Kept by the services alongside applications, so that taking the last place is one atomic
    # UPDATE ... WHERE places_taken < places, safe when two people apply at the same moment.
    places_taken: Mapped[int] = mapped_column(default=0)
    min_age: Mapped[int | None] = mapped_column(SmallInteger)
    right_to_work_required: Mapped[bool] = mapped_column(default=False)
    dbs_check: Mapped[str] = mapped_column(String(10), default="none")
    routes: Mapped[str] = mapped_column(String(100), default="")  # |in_education|career_changer|...
    status: Mapped[str] = mapped_column(String(10), default="draft")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())

    organisation: Mapped[Organisation] = relationship()
    careers: Mapped[list[Career]] = relationship(secondary=opportunity_careers, order_by=Career.title)

    @property
    def route_list(self) -> list[str]:
        return [route for route in self.routes.split("|") if route]

    @property
    def places_left(self) -> int:
        return max(self.places - self.places_taken, 0)

    def is_open(self, today: date) -> bool:
        return self.status == "published" and self.closes_on >= today


class Application(db.Model):
    __tablename__ = "applications"
    __table_args__ = (
        CheckConstraint(sql_in("status", APPLICATION_STATUSES), name="status"),
        UniqueConstraint("opportunity_id", "person_id", name="uq_applications_opportunity_person"),
        Index("ix_applications_status_submitted", "status", "submitted_at"),
        Index("ix_applications_opportunity_status", "opportunity_id", "status"),
        Index("ix_applications_submitted", "submitted_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    opportunity_id: Mapped[int] = mapped_column(ForeignKey("opportunities.id"))
    # Empty while the intake it came with waits for staff to say who applied (portal/people/intake.py).
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    intake_id: Mapped[int | None] = mapped_column(ForeignKey("intakes.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="submitted")
    statement: Mapped[str] = mapped_column(Text, default="")
    right_to_work: Mapped[str | None] = mapped_column(String(10))
    submitted_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())

    opportunity: Mapped[Opportunity] = relationship()
    person: Mapped[Person | None] = relationship()
    intake: Mapped[Intake | None] = relationship()
    history: Mapped[list["ApplicationStatusChange"]] = relationship(
        back_populates="application", order_by="ApplicationStatusChange.id"
    )
    notes: Mapped[list["ApplicationNote"]] = relationship(order_by="ApplicationNote.id")
    placement: Mapped["Placement | None"] = relationship(back_populates="application", uselist=False)

    @property
    def applicant(self):
        """Who applied: the person, or what they typed while staff check who they are."""
        return self.person or self.intake


class ApplicationStatusChange(db.Model):
    """The full history of an application: one row per status it has been in."""

    __tablename__ = "application_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    changed_at: Mapped[datetime] = mapped_column(server_default=func.now())
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    application: Mapped[Application] = relationship(back_populates="history")
    changed_by = relationship("User")


class ApplicationNote(db.Model):
    __tablename__ = "application_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    created_by = relationship("User")


class Placement(db.Model):
    __tablename__ = "placements"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    expected_hours: Mapped[int | None]
    hours_done: Mapped[int | None]
    completed: Mapped[bool | None]
    completed_on: Mapped[date | None] = mapped_column(Date)

    application: Mapped[Application] = relationship(back_populates="placement")
    organisation: Mapped[Organisation] = relationship()


class EmploymentOutcome(db.Model):
    __tablename__ = "employment_outcomes"
    __table_args__ = (
        CheckConstraint(sql_in("contract_type", CONTRACT_TYPES), name="contract_type"),
        Index("ix_employment_outcomes_started", "started_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    career_id: Mapped[int | None] = mapped_column(ForeignKey("careers.id"))
    job_title: Mapped[str] = mapped_column(String(200))
    band: Mapped[str | None] = mapped_column(String(3))
    contract_type: Mapped[str] = mapped_column(String(20))
    # A float, not Numeric: 37.5 and 22.5 are exact in binary, and SQLite has no decimals.
    hours_per_week: Mapped[float | None] = mapped_column(Float)
    started_on: Mapped[date] = mapped_column(Date)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"))
    check_13w_result: Mapped[str | None] = mapped_column(String(20))
    check_13w_recorded_on: Mapped[date | None] = mapped_column(Date)
    check_26w_result: Mapped[str | None] = mapped_column(String(20))
    check_26w_recorded_on: Mapped[date | None] = mapped_column(Date)
    # When staff reached the person for each check, and what they heard.
    check_13w_contacted_on: Mapped[date | None] = mapped_column(Date)
    check_13w_notes: Mapped[str | None] = mapped_column(Text)
    check_26w_contacted_on: Mapped[date | None] = mapped_column(Date)
    check_26w_notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    person: Mapped[Person] = relationship()
    organisation: Mapped[Organisation] = relationship()
    career: Mapped[Career | None] = relationship()

    def due_on(self, weeks: int) -> date:
        return self.started_on + timedelta(weeks=weeks)
