"""Public catalogue pages are kept for a minute for visitors who are not signed in, and never a page
that is particular to one visitor."""

import re

import pytest

from portal.extensions import db
from tests.factories import OpportunityFactory


@pytest.fixture
def cached_app(app):
    app.config["PAGE_CACHE_SECONDS"] = 60
    app.extensions["page_cache"].clear()
    return app


def nonce(response) -> str:
    return re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)


def test_a_public_page_is_served_again_with_a_fresh_nonce(cached_app, client):
    opportunity = OpportunityFactory(title="Ward volunteer", status="published")
    first = client.get("/opportunities/")
    assert "Ward volunteer" in first.text
    opportunity.title = "Renamed while kept"
    db.session.commit()
    second = client.get("/opportunities/")
    assert "Ward volunteer" in second.text, "the kept page is served"
    assert nonce(first) != nonce(second)
    assert f'nonce="{nonce(second)}"' in second.text and f'nonce="{nonce(first)}"' not in second.text

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


def test_pages_with_a_form_token_are_not_kept(cached_app, client):
    opportunity = OpportunityFactory(status="published")
    client.get(f"/opportunities/{opportunity.id}")
    kept = cached_app.extensions["page_cache"].pages
    assert all("csrf" not in body.decode() for _t, body, _n in kept.values())
