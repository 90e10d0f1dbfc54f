"""Test data. Factories, not fixture files: each test says what it needs."""

from datetime import date, datetime, timedelta

import factory
from factory.alchemy import SQLAlchemyModelFactory

from portal.auth.models import User
from portal.extensions import db
from portal.opportunities.models import Opportunity
from portal.pipeline.models import Organisation, Person

DEFAULT_PASSWORD = "correct horse battery staple"
# Every factory-made account has enrolled this authenticator secret; the sign-in helpers in
# tests/conftest.py compute its codes. Pass totp_secret=None, totp_enrolled_at=None for an
# account that has not set up two-factor sign-in yet.
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class UserFactory(BaseFactory):
    class Meta:
        model = User
        exclude = ("password",)

    email = factory.Sequence(lambda n: f"staff{n}@academy.example")
    name = factory.Sequence(lambda n: f"Staff Member {n}")
    role = "academy_staff"
    password = DEFAULT_PASSWORD
    password_hash = factory.LazyAttribute(lambda o: _hash(o.password))
    totp_secret = TEST_TOTP_SECRET
    totp_enrolled_at = datetime(2026, 1, 1, 9, 0)


def _hash(password):
    from werkzeug.security import generate_password_hash

    # A cheap hash keeps the suite fast; the portal itself uses Werkzeug's default (scrypt).
    return generate_password_hash(password, method="pbkdf2:sha256:1000")


class PersonFactory(BaseFactory):
    class Meta:
        model = Person

    person_ref = factory.Sequence(lambda n: f"TEST-{n:05d}")
    first_name = factory.Sequence(lambda n: f"Test{n}")
    last_name = "Person"
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    date_of_birth = date(2000, 5, 17)
    route = "career_changer"
    source = "website"
    consent_date = date(2026, 1, 5)
    consent_version = "2026-11"


class OrganisationFactory(BaseFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = "nhs_trust"


class OpportunityFactory(BaseFactory):
    class Meta:
        model = Opportunity

    title = factory.Sequence(lambda n: f"Opportunity {n}")
    kind = "work_experience"
    summary = "A week on the wards."
    organisation = factory.SubFactory(OrganisationFactory)
    location = "Northvale"
    closes_on = factory.LazyFunction(lambda: date.today() + timedelta(days=30))
    starts_on = factory.LazyFunction(lambda: date.today() + timedelta(days=45))
    places = 10
    places_taken = 0
    status = "published"
    routes = "|in_education|career_changer|seldom_heard|"
