"""Schools programme test data: factories for schools and ambassadors, the careers catalogue, and
a helper that logs a session through the service."""

from datetime import date
from decimal import Decimal

import factory
import pytest
from sqlalchemy import select

from portal.careers.models import Career
from portal.careers.reference import load_careers
from portal.extensions import db
from portal.schools import services
from portal.schools.models import Ambassador, School
from tests.factories import BaseFactory


class SchoolFactory(BaseFactory):
    class Meta:
        model = School

    urn = factory.Sequence(lambda n: f"{100000 + n}")
    name = factory.Sequence(lambda n: f"Northvale School {n}")
    phase = "secondary"
    local_authority = "Eastmoor"
    pilot = False


class AmbassadorFactory(BaseFactory):
    class Meta:
        model = Ambassador

    name = factory.Sequence(lambda n: f"Ambassador {n}")
    email = factory.Sequence(lambda n: f"ambassador{n}@nhs.example")
    dbs_checked_on = date(2026, 1, 10)
    formats = "|in_person|virtual|"
    active = True


@pytest.fixture
def catalogue(app):
    load_careers()
    db.session.commit()


def career(slug: str) -> Career:
    return db.session.scalars(select(Career).where(Career.slug == slug)).one()


def log(school, held_on, *, activity="careers_talk", pupils=30, years=("9",), careers=(), benchmarks=(),
        ambassadors=None, format="in_person", user=None):  # fmt: skip
    return services.log_session(
        services.SessionDetails(
            school_id=school.id,
            held_on=held_on,
            format=format,
            activity=activity,
            year_groups=list(years),
            pupils_reached=pupils,
            career_ids=[c.id for c in careers],
            benchmarks=list(benchmarks),
            ambassador_hours={a.id: Decimal(h) for a, h in (ambassadors or {}).items()},
        ),
        user,
    )


def date_fields(name: str, day: date) -> dict:
    return {f"{name}[day]": str(day.day), f"{name}[month]": str(day.month), f"{name}[year]": str(day.year)}
