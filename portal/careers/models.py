"""The careers catalogue: families, roles and apprenticeship standards (reference data)."""

from sqlalchemy import Column, ForeignKey, SmallInteger, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db

career_standards = Table(
    "career_standards",
    db.metadata,
    Column("career_id", ForeignKey("careers.id"), primary_key=True),
    Column("standard_id", ForeignKey("apprenticeship_standards.id"), primary_key=True),
)

related_careers = Table(
    "related_careers",
    db.metadata,
    Column("career_id", ForeignKey("careers.id"), primary_key=True),
    Column("related_id", ForeignKey("careers.id"), primary_key=True),
)


class CareerFamily(db.Model):
    __tablename__ = "career_families"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)

    careers: Mapped[list["Career"]] = relationship(back_populates="family", order_by="Career.title")


class ApprenticeshipStandard(db.Model):
    __tablename__ = "apprenticeship_standards"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)  # Skills England reference, e.g. ST0216
    title: Mapped[str] = mapped_column(String(200))
    level: Mapped[int] = mapped_column(SmallInteger)
    level_checked: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str] = mapped_column(String(300), default="")


class Career(db.Model):
    """A role. List-valued facts are stored as ``|a|b|`` text so filters stay one indexed query."""

    __tablename__ = "careers"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(150))
    family_id: Mapped[int] = mapped_column(ForeignKey("career_families.id"), index=True)
    summary: Mapped[str] = mapped_column(Text)
    day_to_day: Mapped[str] = mapped_column(Text)
    entry_routes: Mapped[str] = mapped_column(String(200))
    degree_needed: Mapped[bool]
    qualifications: Mapped[str] = mapped_column(Text)
    training_length: Mapped[str] = mapped_column(Text, default="")
    band_min: Mapped[str | None] = mapped_column(String(3))
    band_max: Mapped[str | None] = mapped_column(String(3))
    band_min_rank: Mapped[int | None] = mapped_column(SmallInteger, index=True)
    band_max_rank: Mapped[int | None] = mapped_column(SmallInteger, index=True)
    pay_note: Mapped[str] = mapped_column(Text, default="")
    pay_year: Mapped[str] = mapped_column(String(10))
    synonyms: Mapped[str] = mapped_column(Text, default="")
    shortage: Mapped[bool] = mapped_column(default=False)
    shortage_source: Mapped[str] = mapped_column(String(300), default="")

    family: Mapped[CareerFamily] = relationship(back_populates="careers")
    standards: Mapped[list[ApprenticeshipStandard]] = relationship(
        secondary=career_standards, order_by=ApprenticeshipStandard.level
    )
    related: Mapped[list["Career"]] = relationship(
        secondary=related_careers,
        primaryjoin=id == related_careers.c.career_id,
        secondaryjoin=id == related_careers.c.related_id,
        order_by="Career.title",
    )

    @property
    def entry_route_list(self) -> list[str]:
        return [route for route in self.entry_routes.split("|") if route]

    @property
    def synonym_list(self) -> list[str]:
        return [word for word in self.synonyms.split("|") if word]


class CatalogueTranslation(db.Model):
    """A family's name or a role's title and one-line summary in one reader's language.

    Loaded from portal/careers/data/translations/<language>.csv by `flask seed reference`; keyed by the
    family or role slug, so the English catalogue stays the source and a missing row falls back to it.
    """

    __tablename__ = "catalogue_translations"
    __table_args__ = (UniqueConstraint("kind", "code", "language", name="uq_catalogue_translations_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # "family" or "role"
    code: Mapped[str] = mapped_column(String(100))  # the family or role slug
    language: Mapped[str] = mapped_column(String(8), index=True)  # BCP 47 tag: uk, ar, prs, ps
    name: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
