"""Property-based tests (Hypothesis) for every list page: the pages that paginate, found from the
URL map by fetching every page as a visitor and as each role and noticing which render a page of
results. Each is sent generated query strings — the page number, a sort key, every filter and
search field its own forms offer — holding text, huge and negative numbers, unicode and control
characters. No answer is ever a 500.

PROPERTY_EXAMPLES (default 6) sets the examples per list page and visitor.
"""

import os

import pytest
from bs4 import BeautifulSoup
from flask import template_rendered
from flask_sqlalchemy.pagination import Pagination
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_property_forms import NASTY, clients, make_world, page_urls

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "6"))
HUGE = "99999999999999999999"
NUMBERS = st.one_of(
    st.integers().map(str),
    st.sampled_from([HUGE, "-1", "0", "1e9", "0x10", " 2 ", "٣", "1_000", "NaN", "", "9" * 400]),
)
VALUE = st.one_of(
    NUMBERS,
    st.sampled_from(NASTY),
    st.text(max_size=100),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=500),
)


def paginated(app, client, url) -> bool:
    """Whether the page renders a page of results."""
    found = []

    def seen(_sender, template, context, **_extra):
        found.extend(value for value in context.values() if isinstance(value, Pagination))

    with template_rendered.connected_to(seen, app):
        response = client.get(url)
    return response.status_code == 200 and bool(found)


def list_pages(app, client_map) -> dict[tuple[str, str], set[str]]:
    """(visitor, list URL) -> the query parameters its GET forms offer, plus page and sort."""
    pages = {}
    for key, client in client_map.items():
        for url in page_urls(app):
            if not paginated(app, client, url):
                continue
            soup = BeautifulSoup(client.get(url).text, "html.parser")
            names = {"page", "sort"}
            for form in soup.find_all("form"):
                if (form.get("method") or "get").lower() == "get":
                    names |= {e.get("name") for e in form.find_all(["input", "select"]) if e.get("name")}
            pages[(key, url)] = names
    return pages


@pytest.fixture
def world(app, make_user):
    app.config["LOCKOUT_ATTEMPTS"] = 10**9
    users = make_world(app, make_user)
    return clients(app, users)


def test_every_list_page_answers_a_huge_negative_or_garbage_page_number(app, world):
    pages = list_pages(app, world)
    urls = {url for _key, url in pages}
    # The fifteen paginated pages, the public careers and opportunities lists among them.
    assert {"/careers/", "/opportunities/", "/staff/people/", "/staff/admin/audit"} <= urls, urls
    assert len(urls) >= 15, sorted(urls)
    for key, url in pages:
        for number in (HUGE, "-5", "0", "two", "1.5", "9" * 400):
            response = world[key].get(url, query_string={"page": number})
            assert response.status_code == 200, (key, url, number, response.status_code)


def test_a_page_past_the_end_is_the_last_page_and_garbage_is_the_first(app, make_user):
    from sqlalchemy import select

    from portal.auth.models import User
    from portal.ui.pagination import paginate

    for _ in range(3):
        make_user()
    statement = select(User).order_by(User.id)
    for number, expected in ((HUGE, 3), ("4", 3), ("-2", 1), ("0", 1), ("x", 1), ("2", 2)):
        with app.test_request_context(f"/?page={number}"):
            page = paginate(statement, per_page=1)
            assert (page.page, len(page.items)) == (expected, 1), number


def querier(client, key, url, names, tried):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.fixed_dictionaries({}, optional=dict.fromkeys(sorted(names), VALUE)))
    def query(data):
        tried.append(1)
        response = client.get(url, query_string=data)
        assert response.status_code < 500, (key, url, data)

    return query


@pytest.mark.db
def test_no_query_string_on_any_list_page_reaches_a_500(app, world, capsys):
    pages = list_pages(app, world)
    tried = []
    for (key, url), names in sorted(pages.items()):
        querier(world[key], key, url, names, tried)()
    with capsys.disabled():
        print(f"\nlist property test: {len(pages)} list pages by visitor, {len(tried)} generated query strings")


def test_a_number_too_long_for_a_float_is_an_ordinary_answer(app, world):
    # Found by the property test: ?age= with 400 digits overflowed the range check.
    response = world["anonymous"].get("/opportunities/", query_string={"age": "9" * 400})
    assert response.status_code == 200
    assert "must be a whole number" in response.get_data(as_text=True)


def test_every_list_page_paginates_through_the_shared_helper():
    from pathlib import Path

    portal = Path(__file__).resolve().parent.parent / "portal"
    direct = [
        str(path.relative_to(portal))
        for path in portal.rglob("*.py")
        if path.name != "pagination.py" and ("db.paginate(" in path.read_text() or 'get("page"' in path.read_text())
    ]
    assert direct == []
