"""Public pages, the health check and error pages."""

import pytest
from sqlalchemy.exc import OperationalError

from portal import create_app


def test_home_introduces_the_three_routes(client):
    page = client.get("/")
    assert page.status_code == 200
    for heading in (
        "I am at school, college or university",
        "I want to change career or I am out of work",
        "I am new to the UK or need extra support",
    ):
        assert heading in page.text


def test_home_has_skip_link_header_and_language_switcher(client):
    html = client.get("/").text
    assert 'href="#maincontent"' in html and 'id="maincontent"' in html
    assert "Health and Care Academy" in html
    for tag in ("uk", "ar", "prs", "ps"):
        assert f'href="/?lang={tag}"' in html


def test_every_navigation_link_goes_somewhere_real(client, sign_in):
    sign_in("admin")
    from bs4 import BeautifulSoup

    for url in ("/", "/staff/"):
        soup = BeautifulSoup(client.get(url).text, "html.parser")
        for link in soup.select("header a[href], footer a[href], main a[href]"):
            href = link["href"]
            if href.startswith(("#", "mailto:", "tel:")):  # not pages of ours
                continue
            assert client.get(href).status_code == 200, href


@pytest.mark.db
def test_healthz_answers_ok_when_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "up"}


@pytest.mark.parametrize(
    "url",
    ["sqlite:////nonexistent-directory/for/sure/portal.db", "postgresql+psycopg://nobody@127.0.0.1:1/none"],
)
def test_healthz_answers_503_when_database_is_down(url):
    app = create_app({"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "down"


def test_unknown_page_gets_404_in_the_portal_look(client):
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert "Page not found" in page.text and "nhsuk-header" in page.text


def test_unexpected_error_gets_500_page_without_details(app, client):
    @app.get("/explode-for-test")
    def explode():
        raise RuntimeError("secret internal detail SELECT * FROM people")

    page = client.get("/explode-for-test")
    assert page.status_code == 500
    assert "Sorry, there is a problem with the service" in page.text
    assert "secret internal detail" not in page.text and "Traceback" not in page.text


def test_database_error_gets_503_page_without_sql(app, client):
    @app.get("/database-down-for-test")
    def database_down():
        raise OperationalError("SELECT secret FROM people", {}, Exception("could not connect"))

    page = client.get("/database-down-for-test")
    assert page.status_code == 503
    assert "SELECT" not in page.text and "unavailable" in page.text


@pytest.mark.parametrize("url", ["/staff/sign-out", "/journey-to-work/start-again"])
def test_wrong_method_gets_405_page(client, url):
    page = client.get(url)
    assert page.status_code == 405
    assert "Sorry, there is a problem with your request" in page.text and "nhsuk-header" in page.text


def test_nhsuk_assets_are_served_where_the_stylesheet_expects(client):
    assert client.get("/assets/images/favicon.svg").status_code == 200
    assert client.get("/static/vendor/nhsuk/nhsuk-frontend.min.css").status_code == 200
