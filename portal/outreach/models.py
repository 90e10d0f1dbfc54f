"""Referrals: a person asking for, or referred to, an outreach adviser."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import sql_in
from portal.extensions import db
from portal.outreach.choices import REFERRAL_STATUSES
from portal.people.models import Intake
from portal.pipeline.models import Organisation, Person


class Referral(db.Model):
    __tablename__ = "referrals"
    __table_args__ = (
        CheckConstraint(sql_in("status", REFERRAL_STATUSES), name="status"),
        Index("ix_referrals_status_referred", "status", "referred_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Empty while the intake it came with waits for staff to say who asked (portal/people/intake.py).
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    intake_id: Mapped[int | None] = mapped_column(ForeignKey("intakes.id"), index=True)
    referred_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(20))  # website, or partner when a partner referred them
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    needs: Mapped[str] = mapped_column(String(200), default="")  # |english|qualifications|...
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="open")
    closed_reason: Mapped[str | None] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    person: Mapped[Person | None] = relationship()
    intake: Mapped[Intake | None] = relationship()
    partner: Mapped[Organisation | None] = relationship()

    @property
    def applicant(self):
        """Who asked: the person, or what they typed while staff check who they are."""
        return self.person or self.intake

    @property
    def need_list(self) -> list[str]:
        return [need for need in self.needs.split("|") if need]

    @property
    def journey_answers(self) -> dict:
        """Their Journey to Work answers, as kept with the request ({question: code or [codes]})."""
        return dict(((self.intake.answers or {}).get("journey") or {}) if self.intake is not None else {})


class Case(db.Model):
    """One person's outreach case, held by one adviser. Restricted cases can be opened only by
    their adviser and managers."""

    __tablename__ = "cases"
    __table_args__ = (
        CheckConstraint(sql_in("status", ("open", "closed")), name="status"),
        Index("ix_cases_adviser_status", "adviser_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id"))
    adviser_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(10), default="open")
    restricted: Mapped[bool] = mapped_column(default=False)
    opened_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    closure_reason: Mapped[str | None] = mapped_column(String(30))
    barriers: Mapped[str] = mapped_column(String(300), default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    right_to_work_status: Mapped[str | None] = mapped_column(String(20))
    right_to_work_checked_on: Mapped[date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship()
    adviser = relationship("User")
    referral: Mapped[Referral | None] = relationship()
    actions: Mapped[list["ActionItem"]] = relationship(order_by="ActionItem.due_on, ActionItem.id")
    interventions: Mapped[list["Intervention"]] = relationship(
        order_by="Intervention.occurred_on.desc(), Intervention.id.desc()"
    )
    history: Mapped[list["CaseChange"]] = relationship(order_by="CaseChange.id")
    qualifications: Mapped[list["QualificationRecognition"]] = relationship(order_by="QualificationRecognition.id")
    told_us: Mapped[list["CaseAnswer"]] = relationship(order_by="CaseAnswer.id")

    @property
    def barrier_list(self) -> list[str]:
        return [barrier for barrier in self.barriers.split("|") if barrier]


class CaseChange(db.Model):
    """Opened, closed, reopened, reassigned, and every change to the case's records: kept, never
    overwritten. ``changes`` holds what changed as JSON ``[[field, old, new], ...]`` in codes and
    ISO dates; portal/outreach/history.py puts it into words in the reader's language."""

    __tablename__ = "case_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(String(200), default="")
    changes: Mapped[str | None] = mapped_column(Text)
    changed_at: Mapped[datetime] = mapped_column(server_default=func.now())
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    changed_by = relationship("User")


class Intervention(db.Model):
    __tablename__ = "interventions"
    __table_args__ = (Index("ix_interventions_case_occurred", "case_id", "occurred_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    type: Mapped[str] = mapped_column(String(40))
    occurred_on: Mapped[date] = mapped_column(Date, index=True)
    minutes: Mapped[int]
    mode: Mapped[str] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    group_session_id: Mapped[int | None] = mapped_column(ForeignKey("group_sessions.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    recorded_by = relationship("User")


class ActionItem(db.Model):
    __tablename__ = "action_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    what: Mapped[str] = mapped_column(String(300))
    who: Mapped[str] = mapped_column(String(100))
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)

    def is_overdue(self, today: date) -> bool:
        return self.done_on is None and self.due_on < today


class QualificationRecognition(db.Model):
    """A qualification from abroad on its way to being recognised (UK ENIC)."""

    __tablename__ = "qualification_recognitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    qualification: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(100))
    enic_requested_on: Mapped[date | None] = mapped_column(Date)
    enic_received_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(300), default="")


class GroupSession(db.Model):
    """An information session or workshop, recorded once for everyone who came."""

    __tablename__ = "group_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(40))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    minutes: Mapped[int]
    mode: Mapped[str] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class CaseAnswer(db.Model):
    """One of the person's Journey to Work answers, carried from their request into the case:
    "what they told us" until an adviser has checked it with them."""

    __tablename__ = "case_answers"
    __table_args__ = (UniqueConstraint("case_id", "question"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    question: Mapped[str] = mapped_column(String(30))
    # The answer's code, or codes as |a|b| for a question with several (the kinds of work).
    answer: Mapped[str] = mapped_column(String(300))
    told_on: Mapped[date] = mapped_column(Date)
    checked_at: Mapped[datetime | None]
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    checked_by = relationship("User")

    @property
    def codes(self) -> list[str]:
        return [code for code in self.answer.split("|") if code] if self.answer.startswith("|") else [self.answer]
