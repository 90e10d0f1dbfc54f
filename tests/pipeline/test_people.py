"""Creating and matching people."""

from datetime import date

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.pipeline import services
from portal.pipeline.models import EqualityProfile
from tests.factories import PersonFactory


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("so166yd", "SO16 6YD"),
        (" SO16   6YD ", "SO16 6YD"),
        ("ec1a1bb", "EC1A 1BB"),
        ("w1a 0ax", "W1A 0AX"),
        ("m11ae", "M1 1AE"),
        ("", None),
        (None, None),
    ],
)
def test_postcodes_are_normalised(raw, expected):
    assert services.normalise_postcode(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "SO16", "not a postcode", "SO16 6YDX"])
def test_non_postcodes_are_refused(raw):
    with pytest.raises(ValueError):
        services.normalise_postcode(raw)


@pytest.mark.db
def test_create_person_stores_a_stable_reference_and_keeps_equality_apart(app):
    person = services.create_person(
        first_name="Olena",
        last_name="Example",
        email=" Olena@Example.COM ",
        route="seldom_heard",
        source="website",
        postcode="so16 6yd",
        consent_date=date(2026, 11, 1),
        consent_version="2026-11",
        equality={"ethnic_category": "C", "refugee_background": "yes", "disability": "prefer_not_to_say"},
    )
    assert person.person_ref.startswith("HCA-") and len(person.person_ref) == 12
    assert person.email == "olena@example.com" and person.postcode == "SO16 6YD"
    profile = db.session.get(EqualityProfile, person.id)
    assert profile.refugee_background == "yes" and profile.disability == "prefer_not_to_say"
    assert profile.sex is None
    assert db.session.scalars(select(AuditEvent).filter_by(object_type="person")).one().object_id == person.person_ref


def test_create_person_needs_a_route(app):
    with pytest.raises(services.PipelineError):
        services.create_person(first_name="A", last_name="B", route="unknown")


@pytest.mark.db
def test_same_email_finds_the_existing_person(app):
    existing = PersonFactory(email="amira@example.com")
    assert services.find_existing_person("AMIRA@example.com ", "Someone", "Else", None) == existing


@pytest.mark.db
def test_same_name_and_birth_date_finds_the_existing_person(app):
    existing = PersonFactory(first_name="Bohdan", last_name="Melnyk", date_of_birth=date(1990, 2, 3), email=None)
    assert services.find_existing_person(None, "bohdan", "MELNYK", date(1990, 2, 3)) == existing
    assert services.find_existing_person(None, "bohdan", "MELNYK", date(1990, 2, 4)) is None
    assert services.find_existing_person(None, "bohdan", "MELNYK", None) is None
