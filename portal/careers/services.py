"""Finding careers: filters, a role, a family, compare (the words of a search: search.py)."""

import re
from dataclasses import dataclass, field

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import selectinload

from portal.careers.choices import AFC_PAY, BAND_RANK
from portal.careers.models import Career, CareerFamily
from portal.extensions import db

# Areas show what they have for a role on its page (open opportunities) by registering a function
# ``(career_id, today) -> list``; the catalogue imports no area.
_FOR_CAREER = {}


def register_for_career(name: str, find) -> None:
    _FOR_CAREER[name] = find


def for_career(name: str, career_id: int, today) -> list:
    find = _FOR_CAREER.get(name)
    return find(career_id, today) if find else []


MAX_COMPARE = 3


@dataclass
class CareerQuery:
    """What the careers list was asked for, read from the URL."""

    text: str = ""
    family: str = ""
    routes: list[str] = field(default_factory=list)
    band: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.text or self.family or self.routes or self.band)


def _like(value: str) -> str:
    return re.sub(r"([\\%_])", r"\\\1", value)


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s'-]", " ", text.lower()).split())[:100]


def filters(query: CareerQuery) -> list:
    conditions = []
    if query.family:
        conditions.append(CareerFamily.slug == query.family)
    for route in query.routes:
        if route == "no_degree":
            conditions.append(Career.degree_needed.is_(False))
        else:
            conditions.append(Career.entry_routes.like(f"%|{_like(route)}|%", escape="\\"))
    if query.band in BAND_RANK:
        rank = BAND_RANK[query.band]
        conditions.append(and_(Career.band_min_rank <= rank, Career.band_max_rank >= rank))
    return conditions


def search(query: CareerQuery) -> Select:
    """Careers matching the query's filters, by title; words are ranked by portal/careers/search.py."""
    return (
        select(Career)
        .join(Career.family)
        .where(*filters(query))
        .options(selectinload(Career.family))
        .order_by(Career.title)
    )


def career_statement(slug: str) -> Select:
    """The career with its page's relations loaded, for ``db.one_or_404``."""
    return (
        select(Career)
        .where(Career.slug == slug)
        .options(selectinload(Career.family), selectinload(Career.standards), selectinload(Career.related))
    )


def get_careers(slugs: list[str]) -> list[Career]:
    """The careers named, in the order given; unknown slugs are left out."""
    found = {
        career.slug: career
        for career in db.session.scalars(
            select(Career)
            .where(Career.slug.in_(slugs))
            .options(selectinload(Career.family), selectinload(Career.standards))
        )
    }
    return [found[slug] for slug in slugs if slug in found]


def role_choices() -> list[tuple[str, str]]:
    return [tuple(row) for row in db.session.execute(select(Career.slug, Career.title).order_by(Career.title))]


def families() -> list[CareerFamily]:
    return list(db.session.scalars(select(CareerFamily).order_by(CareerFamily.name)))


def family_counts() -> dict[int, int]:
    return dict(db.session.execute(select(Career.family_id, func.count()).group_by(Career.family_id)).all())


def family_statement(slug: str) -> Select:
    """The family with its page's relations loaded, for ``db.one_or_404``."""
    return select(CareerFamily).where(CareerFamily.slug == slug).options(selectinload(CareerFamily.careers))


def pay_range(career: Career) -> tuple[int, int] | None:
    """Entry pay of the lowest band to top pay of the highest, for roles on Agenda for Change."""
    if career.band_min not in AFC_PAY or career.band_max not in AFC_PAY:
        return None
    return AFC_PAY[career.band_min][0], AFC_PAY[career.band_max][1]
