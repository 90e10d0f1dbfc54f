"""Public catalogue pages are kept for a minute for visitors who are not signed in, and never a page
that is particular to one visitor."""

import pytest

from portal.extensions import cache, db
from tests.factories import OpportunityFactory


@pytest.fixture
def cached_app(app):
    app.config["PAGE_CACHE_SECONDS"] = 60
    cache.clear()
    return app


def test_a_public_page_is_served_again_as_it_was_kept(cached_app, client):
    opportunity = OpportunityFactory(title="Ward volunteer", status="published")
    first = client.get("/opportunities/")
    assert "Ward volunteer" in first.text
    opportunity.title = "Renamed while kept"
    db.session.commit()
    second = client.get("/opportunities/")
    assert "Ward volunteer" in second.text, "the kept page is served"
    # The page needs nothing put back into it: its policy allows its inline script by hash.
    assert second.text == first.text
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]

    cached_app.config["PAGE_CACHE_SECONDS"] = 0
    assert "Renamed while kept" in client.get("/opportunities/").text


def test_each_language_and_query_is_kept_apart(cached_app, client):
    english = client.get("/careers/")
    arabic = client.get("/careers/", headers={"Accept-Language": "ar"})
    assert 'lang="en"' in english.text and 'lang="ar"' in arabic.text
    assert client.get("/careers/?q=nurse").text != english.text


def test_signed_in_staff_never_get_a_kept_page(cached_app, client, sign_in):
    client.get("/")
    sign_in("manager")
    page = client.get("/")
    assert "/staff/sign-out" in page.text


FORM_PAGE = """{% extends "layout.html" %}{% set page_title = "A form" %}
{% block page %}<h1>A form</h1><form action="/form-for-test" method="post">
<input type="hidden" name="csrf_token" value="{{ csrf_token() }}"></form>{% endblock %}"""


def test_pages_with_a_form_token_are_not_kept(cached_app, client, monkeypatch):
    from flask import render_template_string

    from portal.main import page_cache

    built = []

    @cached_app.get("/form-for-test")
    def form_for_test():
        built.append(1)
        return render_template_string(FORM_PAGE)

    monkeypatch.setattr(page_cache, "CACHEABLE", page_cache.CACHEABLE | {"form_for_test"})
    client.get("/form-for-test")
    client.get("/form-for-test")
    assert len(built) == 2


def test_an_unreachable_redis_costs_the_page_its_speed_not_the_page(tmp_path):
    import socket

    from portal import create_app

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    closed_port = probe.getsockname()[1]
    probe.close()
    app = create_app(
        {
            "PORTAL_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}",
            "REDIS_URL": f"redis://127.0.0.1:{closed_port}/0",
            "PAGE_CACHE_SECONDS": 60,
        }
    )
    with app.app_context():
        db.create_all()
    response = app.test_client().get("/careers/")
    assert response.status_code == 200 and "Careers" in response.text
