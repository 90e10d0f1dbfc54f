"""Referrals: a person asking for, or referred to, an outreach adviser."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import sql_in
from portal.extensions import db
from portal.outreach.choices import REFERRAL_STATUSES
from portal.pipeline.models import Organisation, Person


class Referral(db.Model):
    __tablename__ = "referrals"
    __table_args__ = (
        CheckConstraint(sql_in("status", REFERRAL_STATUSES), name="status"),
        Index("ix_referrals_status_referred", "status", "referred_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    referred_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(20))  # website, or partner when a partner referred them
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    needs: Mapped[str] = mapped_column(String(200), default="")  # |english|qualifications|...
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    person: Mapped[Person] = relationship()
    partner: Mapped[Organisation | None] = relationship()

    @property
    def need_list(self) -> list[str]:
        return [need for need in self.needs.split("|") if need]
