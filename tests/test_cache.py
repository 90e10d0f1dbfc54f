"""The one cache on a real Redis: two app instances (two workers, or two hosts) with REDIS_URL set
to the same server share what is kept, and a change made through one is seen through the other
at once. Needs TEST_REDIS_URL (scripts/test.sh starts a throwaway Redis); skipped without it."""

import os
import uuid
from datetime import date

import pytest
import redis
from sqlalchemy import select

from portal import create_app
from portal.auth.models import User
from portal.careers.reference import load_careers
from portal.extensions import cache, db
from portal.reports import schools_reach
from portal.schools.models import School
from tests.conftest import PageCheckingClient, sign_in_as
from tests.factories import OpportunityFactory, UserFactory
from tests.reports.test_schools_reach import REPORT_URL
from tests.schools.conftest import SchoolFactory, log

REDIS_URL = os.environ.get("TEST_REDIS_URL")


@pytest.fixture
def two_apps(tmp_path):
    if not REDIS_URL:
        pytest.skip("Redis is not available: run the suite with scripts/test.sh")
    prefix = f"test-{uuid.uuid4().hex}:"
    config = {
        "PORTAL_ENV": "testing",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'shared.db'}",
        "SERVER_NAME": "localhost",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "PAGE_CACHE_SECONDS": 60,
    }
    apps = create_app(config), create_app(config)
    for app in apps:
        app.test_client_class = PageCheckingClient
    with apps[0].app_context():
        db.create_all()
    yield apps
    for app in apps:
        with app.app_context():
            cache.clear()
            db.engine.dispose()


def keys_in_redis(app) -> list[bytes]:
    return redis.from_url(REDIS_URL).keys(app.config["CACHE_KEY_PREFIX"] + "*")


def test_a_page_kept_by_one_instance_is_served_by_the_other(two_apps):
    first, second = two_apps
    with first.app_context():
        opportunity_id = OpportunityFactory(title="Ward volunteer", status="published").id
    assert "Ward volunteer" in first.test_client().get("/opportunities/").text
    assert keys_in_redis(first), "the page is kept in Redis"
    with first.app_context():
        opportunity = db.session.get(OpportunityFactory._meta.model, opportunity_id)
        opportunity.title = "Renamed while kept"
        db.session.commit()

    assert "Ward volunteer" in second.test_client().get("/opportunities/").text, "the first's kept page"
    second.config["PAGE_CACHE_SECONDS"] = 0
    assert "Renamed while kept" in second.test_client().get("/opportunities/").text


def test_a_change_through_one_instance_renews_the_report_on_both(two_apps, monkeypatch):
    first, second = two_apps
    with first.app_context():
        load_careers()
        school_id = SchoolFactory(name="Alder Secondary").id
        email = UserFactory(role="manager").email
        school = db.session.get(School, school_id)
        log(school, date(2025, 10, 1), pupils=173)
        db.session.commit()
    clients = []
    for app in two_apps:
        client = app.test_client()
        with app.app_context():
            manager = db.session.scalars(select(User).filter_by(email=email)).one()
            assert sign_in_as(client, manager).status_code == 302
        clients.append(client)

    assert "173" in clients[0].get(REPORT_URL).text
    real_report = schools_reach.reach_report

    def not_again(*args, **kwargs):
        raise AssertionError("the report kept by the first instance should have been used")

    monkeypatch.setattr(schools_reach, "reach_report", not_again)
    assert "173" in clients[1].get(REPORT_URL).text
    monkeypatch.setattr(schools_reach, "reach_report", real_report)

    with second.app_context():
        manager = db.session.scalars(select(User).filter_by(email=email)).one()
        log(db.session.get(School, school_id), date(2026, 3, 1), pupils=29, user=manager)
        db.session.commit()
    assert "202" in clients[0].get(REPORT_URL).text
    assert "202" in clients[1].get(REPORT_URL).text
