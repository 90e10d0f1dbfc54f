"""Finding careers: ranked search with synonyms and typo tolerance, filters, compare."""

import difflib
import re
from dataclasses import dataclass, field

from sqlalchemy import Select, and_, case, func, literal, or_, select
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


EXACT = 90


def _word_start(column, escaped: str):
    """The text appears at the start of a word in the column ("hca" must not match "healthcare")."""
    return or_(*(column.like(f"{before}{escaped}%", escape="\\") for before in ("", "% ", "%(", "%-", "%|", "%/")))


def relevance(text: str):
    """Exact title or synonym first, then titles that start with it, then words in titles,
    synonyms and summaries."""
    escaped = _like(text)
    title = func.lower(Career.title)
    return case(
        (title == text, 100),
        (Career.synonyms.like(f"%|{escaped}|%", escape="\\"), EXACT),
        (title.like(f"{escaped}%", escape="\\"), 85),
        (_word_start(title, escaped), 60),
        (_word_start(Career.synonyms, escaped), 40),
        (_word_start(func.lower(Career.summary), escaped), 20),
        else_=0,
    )


def _family_bonus(text: str):
    """Roles in a family the words point at ("nurse" -> Nursing) come first among equals."""
    stems = [word[:4] for word in text.split() if len(word) >= 4]
    if not stems:
        return literal(0)
    matching = select(CareerFamily.id).where(
        or_(*(func.lower(CareerFamily.name).like(f"%{_like(stem)}%", escape="\\") for stem in stems))
    )
    return case((Career.family_id.in_(matching), 5), else_=0)


def _filters(query: CareerQuery) -> list:
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


def search(query: CareerQuery, text: str | None = None) -> Select:
    """Careers matching the query, best first, with what the list shows loaded up front."""
    text = normalise(query.text if text is None else text)
    statement = select(Career).join(Career.family).where(*_filters(query)).options(selectinload(Career.family))
    if not text:
        return statement.order_by(Career.title)
    score = relevance(text)
    words = text.split()
    if len(words) > 1:
        # Several words: every word must match somewhere, phrase matches still rank first.
        word_matches = [relevance(word) > 0 for word in words]
        statement = statement.where(or_(score > 0, and_(*word_matches)))
        score = score + sum((relevance(word) for word in words), literal(0)) / 10
    else:
        statement = statement.where(score > 0)
    # Exact matches lead; then roles in a family the words name ("nurse" -> Nursing), best first.
    exact = case((score >= EXACT, 1), else_=0)
    return statement.order_by(exact.desc(), _family_bonus(text).desc(), score.desc(), Career.title)


def vocabulary() -> dict[str, str]:
    """Every title and synonym, each pointing at the role title to show for it."""
    words = {}
    for title, synonyms in db.session.execute(select(Career.title, Career.synonyms)):
        for word in synonyms.split("|"):
            if word:
                words.setdefault(word, title.lower())
        words[title.lower()] = title.lower()
    return words


def suggest(text: str) -> str | None:
    """The role title closest to a misspelt search (via titles and synonyms), if one is close."""
    text = normalise(text)
    if not text:
        return None
    words = vocabulary()
    matches = difflib.get_close_matches(text, list(words), n=1, cutoff=0.75)
    return words[matches[0]] if matches else None


def get_career(slug: str) -> Career | None:
    return db.session.scalars(
        select(Career)
        .where(Career.slug == slug)
        .options(selectinload(Career.family), selectinload(Career.standards), selectinload(Career.related))
    ).one_or_none()


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


def get_family(slug: str) -> CareerFamily | None:
    return db.session.scalars(
        select(CareerFamily).where(CareerFamily.slug == slug).options(selectinload(CareerFamily.careers))
    ).one_or_none()


def pay_range(career: Career) -> tuple[int, int] | None:
    """Entry pay of the lowest band to top pay of the highest, for roles on Agenda for Change."""
    if career.band_min not in AFC_PAY or career.band_max not in AFC_PAY:
        return None
    return AFC_PAY[career.band_min][0], AFC_PAY[career.band_max][1]
