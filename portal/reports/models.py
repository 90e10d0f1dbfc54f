"""The local population baseline the widening-participation report compares reach with."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db


class PopulationShare(db.Model):
    """One group's share of the local population for one characteristic (e.g. from Census 2021)."""

    __tablename__ = "population_shares"
    __table_args__ = (
        UniqueConstraint("characteristic", "group_name", name="uq_population_shares_group"),
        CheckConstraint("share_pct >= 0 AND share_pct <= 100", name="share_pct"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    characteristic: Mapped[str] = mapped_column(String(30))
    group_name: Mapped[str] = mapped_column(String(30))
    share_pct: Mapped[float] = mapped_column(Numeric(5, 2, asdecimal=False))
    source: Mapped[str | None] = mapped_column(String(200))
    loaded_at: Mapped[datetime] = mapped_column(server_default=func.now())
    loaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
