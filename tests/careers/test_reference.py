"""The careers reference data: complete, well-formed, linked, and loaded idempotently."""

import re
from collections import Counter

import pytest
from sqlalchemy import func, select

from portal.careers.choices import BANDS, ENTRY_ROUTES
from portal.careers.models import ApprenticeshipStandard, Career, CareerFamily, career_standards, related_careers
from portal.careers.reference import load_careers, read
from portal.extensions import db

ROLES = read("roles.toml")["role"]
STANDARDS = read("standards.toml")["standard"]
FAMILIES = read("families.toml")["family"]


def test_sixteen_families_including_adult_social_care():
    assert len(FAMILIES) == 16
    assert "adult-social-care" in {family["slug"] for family in FAMILIES}


def test_at_least_120_roles_across_every_family():
    assert len(ROLES) >= 120
    per_family = Counter(role["family"] for role in ROLES)
    assert set(per_family) == {family["slug"] for family in FAMILIES}
    assert min(per_family.values()) >= 4


def test_at_least_25_standards_with_well_formed_unique_codes_and_levels():
    codes = [standard["code"] for standard in STANDARDS]
    assert len(codes) >= 25 and len(codes) == len(set(codes))
    assert all(re.fullmatch(r"ST\d{4}", code) for code in codes)
    assert all(2 <= standard["level"] <= 7 for standard in STANDARDS)


def test_checked_facts_from_the_reference_notes():
    by_code = {standard["code"]: standard for standard in STANDARDS}
    assert (by_code["ST0216"]["title"], by_code["ST0216"]["level"]) == ("Healthcare support worker", 2)
    assert by_code["ST0827"]["level"] == 5 and by_code["ST0300"]["level"] == 3


def test_every_role_is_complete_and_links_to_things_that_exist():
    slugs = {role["slug"] for role in ROLES}
    codes = {standard["code"] for standard in STANDARDS}
    assert len(slugs) == len(ROLES)
    for role in ROLES:
        assert role["summary"] and role["day_to_day"] and role["qualifications"], role["slug"]
        assert role["entry_routes"] and set(role["entry_routes"]) <= set(ENTRY_ROUTES), role["slug"]
        assert set(role["related"]) <= slugs and role["slug"] not in role["related"], role["slug"]
        assert set(role["standards"]) <= codes, role["slug"]
        if "band_min" in role:
            assert BANDS.index(role["band_min"]) <= BANDS.index(role["band_max"]), role["slug"]
        else:
            assert role["pay_note"], f"{role['slug']} has neither a band nor a pay note"
        assert role["pay_year"], role["slug"]
        assert not role["shortage"] or role["shortage_source"], f"{role['slug']}: shortage without a source"


def test_all_fourteen_allied_health_professions_are_there():
    titles = {role["title"].lower() for role in ROLES}
    for profession in (
        "art therapist",
        "dietitian",
        "dramatherapist",
        "music therapist",
        "occupational therapist",
        "operating department practitioner",
        "orthoptist",
        "osteopath",
        "paramedic",
        "physiotherapist",
        "podiatrist",
        "diagnostic radiographer",
        "therapeutic radiographer",
        "speech and language therapist",
    ):
        assert any(profession in title for title in titles), profession


def test_apprenticeship_standards_are_linked_to_roles():
    linked = {code for role in ROLES for code in role["standards"]}
    assert len(linked) >= 25


def table_counts():
    return tuple(
        db.session.scalar(select(func.count()).select_from(table))
        for table in (CareerFamily, Career, ApprenticeshipStandard, career_standards, related_careers)
    )


@pytest.mark.db
def test_loading_twice_changes_nothing(app):
    load_careers()
    db.session.commit()
    first = table_counts()
    assert first[:3] == (16, len(ROLES), len(STANDARDS))
    load_careers()
    assert not db.session.dirty and not db.session.new
    db.session.commit()
    assert table_counts() == first


@pytest.mark.db
def test_loading_updates_a_changed_role(app):
    load_careers()
    db.session.commit()
    physio = db.session.scalars(select(Career).filter_by(slug="physiotherapist")).one()
    physio.summary = "out of date"
    db.session.commit()
    load_careers()
    db.session.commit()
    assert physio.summary != "out of date"
