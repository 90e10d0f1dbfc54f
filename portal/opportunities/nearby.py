"""Opportunities near a postcode: in-person ones within a distance, nearest first, then the
online ones (no distance to travel), using the postcode centroids of the postcode lookup.

The distance is worked out in SQL, the same on SQLite and PostgreSQL without maths functions: an
equirectangular approximation, whose squared form needs only arithmetic, with the cosine of the
searcher's latitude worked out here. Within the distances offered (up to 50 miles) it is within a
fraction of a percent of the great-circle distance.
"""

import math
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, case, literal, or_, select
from sqlalchemy.orm import selectinload

from portal.common.postcodes import normalise_postcode
from portal.extensions import db
from portal.opportunities.models import Opportunity
from portal.pipeline.models import PostcodeLookup

EARTH_RADIUS_MILES = 3958.8
MILES_PER_DEGREE = EARTH_RADIUS_MILES * math.pi / 180
DISTANCES = (1, 3, 5, 10, 25, 50)
DEFAULT_DISTANCE = 10
UNKNOWN_POSTCODE = _l(
    "We could not find that postcode. Check it, or try a postcode nearby (we know postcodes in our area)."
)


@dataclass(frozen=True)
class Origin:
    postcode: str
    latitude: float
    longitude: float
    miles: int


def origin_from(form) -> Origin | None:
    """Where to measure from, read from the list's form; an unknown postcode gets a message next to
    the field (and the list is shown without distances)."""
    postcode = normalise_postcode(form.postcode.data) if form.postcode.data else None
    if postcode is None:
        return None
    found = centroid(postcode)
    if found is None:
        form.postcode.errors = [*form.postcode.errors, UNKNOWN_POSTCODE]
        return None
    miles = int(form.distance.data) if form.distance.data in {str(m) for m in DISTANCES} else DEFAULT_DISTANCE
    return Origin(postcode, found[0], found[1], miles)


def centroid(postcode: str) -> tuple[float, float] | None:
    """The postcode's latitude and longitude, when the lookup knows them."""
    row = db.session.execute(
        select(PostcodeLookup.latitude, PostcodeLookup.longitude).where(
            PostcodeLookup.postcode == postcode, PostcodeLookup.latitude.is_not(None)
        )
    ).first()
    return (row.latitude, row.longitude) if row else None


def squared_miles(origin: Origin):
    """SQL: the squared distance in miles from the origin to the opportunity's postcode centroid."""
    east = (PostcodeLookup.longitude - origin.longitude) * math.cos(math.radians(origin.latitude))
    north = PostcodeLookup.latitude - origin.latitude
    return (east * east + north * north) * (MILES_PER_DEGREE**2)


def near(statement: Select, origin: Origin) -> Select:
    """The public list narrowed to in-person opportunities within the distance, nearest first,
    followed by the online ones (soonest closing first, as before)."""
    distance = squared_miles(origin)
    within = and_(Opportunity.online.is_(False), PostcodeLookup.latitude.is_not(None), distance <= origin.miles**2)
    return (
        statement.outerjoin(PostcodeLookup, PostcodeLookup.postcode == Opportunity.postcode)
        .where(or_(Opportunity.online.is_(True), within))
        .order_by(None)
        .order_by(
            case((Opportunity.online.is_(True), 1), else_=0),
            case((Opportunity.online.is_(True), literal(0.0)), else_=distance),
            Opportunity.closes_on,
            Opportunity.title,
            Opportunity.id,
        )
        .options(selectinload(Opportunity.organisation))
    )


def distances(opportunities: list[Opportunity], origin: Origin) -> dict[int, float]:
    """Miles from the origin to each in-person opportunity on the page, worked out in SQL."""
    ids = [opportunity.id for opportunity in opportunities if not opportunity.online]
    if not ids:
        return {}
    rows = db.session.execute(
        select(Opportunity.id, squared_miles(origin))
        .join(PostcodeLookup, PostcodeLookup.postcode == Opportunity.postcode)
        .where(Opportunity.id.in_(ids), PostcodeLookup.latitude.is_not(None))
    )
    return {opportunity_id: math.sqrt(squared) for opportunity_id, squared in rows}
