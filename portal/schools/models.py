"""Schools, ambassadors, sessions in schools (with their year groups, careers, benchmarks and
ambassadors as rows so reports can GROUP BY them), toolkit resources, and session requests."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.careers.models import Career, CareerFamily
from portal.database import sql_in
from portal.extensions import db
from portal.pipeline.models import Organisation
from portal.schools.choices import (
    ACTIVITIES,
    DBS_VALID_YEARS,
    FORMATS,
    INVITATION_RESPONSES,
    KEY_STAGES,
    PHASES,
    REQUEST_STATUSES,
    YEAR_GROUPS,
)

session_careers = Table(
    "school_session_careers",
    db.metadata,
    Column("session_id", ForeignKey("school_sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("career_id", ForeignKey("careers.id"), primary_key=True, index=True),
)

resource_careers = Table(
    "school_resource_careers",
    db.metadata,
    Column("resource_id", ForeignKey("school_resources.id", ondelete="CASCADE"), primary_key=True),
    Column("career_id", ForeignKey("careers.id"), primary_key=True),
)


def years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def academic_year_start(on: date) -> date:
    """English school years run from 1 September."""
    return date(on.year if on.month >= 9 else on.year - 1, 9, 1)


def dbs_current(checked_on: date | None, on: date) -> bool:
    """A DBS check counts for three years from the day it was done."""
    return checked_on is not None and on < years_after(checked_on, DBS_VALID_YEARS)


def dbs_lapsed_on_or_before(on: date) -> date:
    """The latest check date that no longer counts on ``on`` (three years on, 29 February included)."""
    cutoff = years_after(on, -DBS_VALID_YEARS)
    return cutoff + timedelta(days=1) if not dbs_current(cutoff + timedelta(days=1), on) else cutoff


DBS_SOON_DAYS = 60


def dbs_expiring_query(statement, which: str, today: date):
    """Active ambassadors by DBS check: ``expired`` (or never recorded) or ``expiring`` within 60 days."""
    statement = statement.where(Ambassador.active.is_(True))
    lapsed = dbs_lapsed_on_or_before(today)
    if which == "expired":
        return statement.where((Ambassador.dbs_checked_on.is_(None)) | (Ambassador.dbs_checked_on <= lapsed))
    soon = dbs_lapsed_on_or_before(today + timedelta(days=DBS_SOON_DAYS))
    return statement.where(Ambassador.dbs_checked_on > lapsed, Ambassador.dbs_checked_on <= soon)


class School(db.Model):
    __tablename__ = "schools"
    __table_args__ = (
        # Imported history names a school by URN and name only; its phase is added later.
        CheckConstraint(f"phase IS NULL OR {sql_in('phase', PHASES)}", name="phase"),
        CheckConstraint("length(urn) = 6", name="urn_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    urn: Mapped[str] = mapped_column(String(6), unique=True)  # DfE unique reference number
    name: Mapped[str] = mapped_column(String(200), index=True)
    phase: Mapped[str | None] = mapped_column(String(20), index=True)
    local_authority: Mapped[str] = mapped_column(String(100), default="", index=True)
    postcode: Mapped[str | None] = mapped_column(String(8))
    pilot: Mapped[bool] = mapped_column(default=False, index=True)
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class Ambassador(db.Model):
    """A member of staff from across the system who volunteers to talk to pupils."""

    __tablename__ = "ambassadors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    career_id: Mapped[int | None] = mapped_column(ForeignKey("careers.id"), index=True)
    employer_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    dbs_checked_on: Mapped[date | None] = mapped_column(Date)
    formats: Mapped[str] = mapped_column(String(40), default="")  # |in_person|virtual|
    availability: Mapped[str] = mapped_column(String(300), default="")  # in their words: "Tuesday afternoons"
    active: Mapped[bool] = mapped_column(default=True, index=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    career: Mapped[Career | None] = relationship()
    employer: Mapped[Organisation | None] = relationship()

    @property
    def format_list(self) -> list[str]:
        return [item for item in self.formats.split("|") if item]

    def dbs_current(self, on: date) -> bool:
        return dbs_current(self.dbs_checked_on, on)

    def dbs_expiring(self, on: date) -> bool:
        """Current today, but not in DBS_SOON_DAYS: time to ask for a new check."""
        return self.dbs_current(on) and not self.dbs_current(on + timedelta(days=DBS_SOON_DAYS))


class SchoolSession(db.Model):
    """One careers session in one school on one day. Natural key (school, date, activity)."""

    __tablename__ = "school_sessions"
    __table_args__ = (
        UniqueConstraint("school_id", "held_on", "activity", name="uq_school_sessions_school_date_activity"),
        CheckConstraint(sql_in("format", FORMATS), name="format"),
        CheckConstraint(sql_in("activity", ACTIVITIES), name="activity"),
        CheckConstraint("pupils_reached >= 0", name="pupils_reached"),
        CheckConstraint("ambassador_count IS NULL OR ambassador_count >= 0", name="ambassador_count"),
        CheckConstraint("feedback_score IS NULL OR (feedback_score >= 1 AND feedback_score <= 5)", name="feedback"),
        Index("ix_school_sessions_held_on_school", "held_on", "school_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    held_on: Mapped[date] = mapped_column(Date)
    format: Mapped[str] = mapped_column(String(20))
    activity: Mapped[str] = mapped_column(String(30), index=True)
    pupils_reached: Mapped[int]
    # Ambassadors present when they are not named (imported history); otherwise the named count.
    ambassador_count: Mapped[int | None]
    curriculum_subject: Mapped[str] = mapped_column(String(100), default="")
    feedback_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 1))
    notes: Mapped[str] = mapped_column(Text, default="")
    # Unguessable: printed on a QR code in a classroom, so never the database id.
    signup_token: Mapped[str] = mapped_column(String(32), unique=True)
    source: Mapped[str] = mapped_column(String(10), default="logged")  # logged or imported
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    school: Mapped[School] = relationship()
    year_groups: Mapped[list["SessionYearGroup"]] = relationship(
        cascade="all, delete-orphan", order_by="SessionYearGroup.position"
    )
    careers: Mapped[list[Career]] = relationship(secondary=session_careers, order_by=Career.title)
    benchmarks: Mapped[list["SessionBenchmark"]] = relationship(
        cascade="all, delete-orphan", order_by="SessionBenchmark.benchmark"
    )
    ambassadors: Mapped[list["SessionAmbassador"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionAmbassador.ambassador_id"
    )
    changes: Mapped[list["SessionChange"]] = relationship(order_by="SessionChange.id")

    @property
    def year_group_list(self) -> list[str]:
        return [row.year_group for row in self.year_groups]

    @property
    def benchmark_list(self) -> list[int]:
        return [row.benchmark for row in self.benchmarks]

    @property
    def key_stage_list(self) -> list[str]:
        stages = [row.key_stage for row in self.year_groups]
        return [stage for stage in KEY_STAGES if stage in stages]

    @property
    def ambassadors_present(self) -> int:
        return len(self.ambassadors) if self.ambassadors else (self.ambassador_count or 0)


class SessionYearGroup(db.Model):
    __tablename__ = "school_session_year_groups"
    __table_args__ = (
        CheckConstraint(sql_in("year_group", YEAR_GROUPS), name="year_group"),
        CheckConstraint(sql_in("key_stage", KEY_STAGES), name="key_stage"),
    )

    session_id: Mapped[int] = mapped_column(ForeignKey("school_sessions.id", ondelete="CASCADE"), primary_key=True)
    year_group: Mapped[str] = mapped_column(String(2), primary_key=True)
    position: Mapped[int] = mapped_column(SmallInteger)  # R=0 ... 13=13, for ordering
    key_stage: Mapped[str] = mapped_column(String(4), index=True)


class SessionBenchmark(db.Model):
    __tablename__ = "school_session_benchmarks"
    __table_args__ = (CheckConstraint("benchmark BETWEEN 1 AND 8", name="benchmark"),)

    session_id: Mapped[int] = mapped_column(ForeignKey("school_sessions.id", ondelete="CASCADE"), primary_key=True)
    benchmark: Mapped[int] = mapped_column(SmallInteger, primary_key=True)


class SessionAmbassador(db.Model):
    __tablename__ = "school_session_ambassadors"
    __table_args__ = (CheckConstraint("hours >= 0", name="hours"),)

    session_id: Mapped[int] = mapped_column(ForeignKey("school_sessions.id", ondelete="CASCADE"), primary_key=True)
    ambassador_id: Mapped[int] = mapped_column(ForeignKey("ambassadors.id"), primary_key=True, index=True)
    hours: Mapped[Decimal] = mapped_column(Numeric(4, 1))

    ambassador: Mapped[Ambassador] = relationship()
    session: Mapped[SchoolSession] = relationship(back_populates="ambassadors")


class SessionChange(db.Model):
    """Who logged or changed a session, and which fields: kept, never overwritten."""

    __tablename__ = "school_session_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("school_sessions.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(String(500), default="")
    changed_at: Mapped[datetime] = mapped_column(server_default=func.now())
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    changed_by = relationship("User")


class Resource(db.Model):
    """A toolkit resource for schools: a link, or a file kept outside static/ and served by a view."""

    __tablename__ = "school_resources"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    key_stages: Mapped[str] = mapped_column(String(40), default="")  # |ks3|ks4|
    subject: Mapped[str] = mapped_column(String(100), default="")
    url: Mapped[str | None] = mapped_column(String(500))
    stored_name: Mapped[str | None] = mapped_column(String(64), unique=True)  # random; never the uploaded name
    original_name: Mapped[str | None] = mapped_column(String(200))
    file_type: Mapped[str | None] = mapped_column(String(4))
    file_size: Mapped[int | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    careers: Mapped[list[Career]] = relationship(secondary=resource_careers, order_by=Career.title)

    @property
    def key_stage_list(self) -> list[str]:
        return [item for item in self.key_stages.split("|") if item]


class SessionRequest(db.Model):
    """A school asking for a session, from the public form; staff match ambassadors to it."""

    __tablename__ = "school_session_requests"
    __table_args__ = (
        CheckConstraint(sql_in("status", REQUEST_STATUSES), name="status"),
        CheckConstraint(sql_in("format", FORMATS), name="format"),
        Index("ix_school_session_requests_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_name: Mapped[str] = mapped_column(String(200))
    urn: Mapped[str] = mapped_column(String(6), default="")
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"))
    contact_name: Mapped[str] = mapped_column(String(200))
    contact_email: Mapped[str] = mapped_column(String(254))
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    activity: Mapped[str] = mapped_column(String(30))
    family_id: Mapped[int | None] = mapped_column(ForeignKey("career_families.id"))
    topic: Mapped[str] = mapped_column(String(300), default="")
    year_groups: Mapped[str] = mapped_column(String(60))  # |7|8|
    preferred_date: Mapped[date] = mapped_column(Date)
    format: Mapped[str] = mapped_column(String(20))
    pupils_expected: Mapped[int | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="new")
    session_id: Mapped[int | None] = mapped_column(ForeignKey("school_sessions.id"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    school: Mapped[School | None] = relationship()
    family: Mapped[CareerFamily | None] = relationship()
    invitations: Mapped[list["Invitation"]] = relationship(order_by="Invitation.id")

    @property
    def year_group_list(self) -> list[str]:
        return [item for item in self.year_groups.split("|") if item]


class Invitation(db.Model):
    """An ambassador invited to a request, and their answer."""

    __tablename__ = "school_invitations"
    __table_args__ = (
        UniqueConstraint("request_id", "ambassador_id", name="uq_school_invitations_request_ambassador"),
        CheckConstraint(sql_in("response", INVITATION_RESPONSES), name="response"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("school_session_requests.id"), index=True)
    ambassador_id: Mapped[int] = mapped_column(ForeignKey("ambassadors.id"), index=True)
    response: Mapped[str] = mapped_column(String(10), default="invited")
    invited_on: Mapped[date] = mapped_column(Date)
    responded_on: Mapped[date | None] = mapped_column(Date)

    ambassador: Mapped[Ambassador] = relationship()
