"""Response headers (exact values, after GOV.UK Notify's header test), request size and rate limits."""

import base64
import hashlib
import re

import pytest

from portal import create_app
from portal.extensions import db
from tests.conftest import PageCheckingClient, csrf_token_from, submit_form


def expected_csp(script_hash):
    return (
        "default-src 'self'; "
        f"script-src 'self' '{script_hash}'; "
        "style-src 'self'; "
        "img-src 'self' data:; "
        "font-src 'self' https://assets.nhs.uk; "
        "connect-src 'self'; "
        "object-src 'none'; "
        "base-uri 'none'; "
        "frame-ancestors 'none'; "
        "form-action 'self'"
    )


def hash_of_inline_script(html):
    """The sha256 hash source of the page's one inline script, worked out here on its own."""
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)
    assert len(scripts) == 1
    return "sha256-" + base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()


@pytest.mark.parametrize("url", ["/", "/careers/", "/journey-to-work/", "/staff/sign-in", "/no-such-page"])
def test_every_page_has_the_security_headers(client, url):
    response = client.get(url)
    assert response.headers["Content-Security-Policy"] == expected_csp(hash_of_inline_script(response.text))
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Permissions-Policy"] == "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    # Plain HTTP: HSTS would be ignored by browsers, and it is not sent.
    assert "Strict-Transport-Security" not in response.headers


def test_the_policy_allows_no_inline_script_but_the_templates_own(client, sign_in):
    """No nonce: a script put into a page (by injection, say) is refused unless its text is the
    NHS.UK template's own, and the policy is the same for every page and visitor."""
    policies = {client.get(url).headers["Content-Security-Policy"] for url in ["/", "/careers/", "/no-such-page"]}
    sign_in("manager")
    policies.add(client.get("/staff/").headers["Content-Security-Policy"])
    assert len(policies) == 1
    assert "nonce" not in policies.pop()


def test_hsts_over_https(client):
    response = client.get("/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_hsts_behind_a_trusted_proxy(tmp_path):
    app = create_app(
        {
            "PORTAL_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}",
            "TRUSTED_PROXIES": 1,
        }
    )
    response = app.test_client().get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    untrusted = create_app({"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}"})
    response = untrusted.test_client().get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


def test_staff_pages_are_no_store_and_public_pages_are_not(client, sign_in):
    sign_in("manager")
    assert client.get("/staff/").headers["Cache-Control"] == "no-store"
    assert client.get("/staff/people/").headers["Cache-Control"] == "no-store"
    assert "Cache-Control" not in client.get("/careers/").headers


TEMPLATES_WITH_INLINE_CODE = re.compile(r"<style|\sstyle=|\son[a-z]+=|<script(?![^>]*\bsrc=)", re.I)


def test_no_template_has_inline_styles_scripts_or_handlers():
    from tests.conftest import ROOT

    # An email is not a page the CSP serves: mail clients read only inline styles. Nor is the board
    # pack's PDF: its page-margin rules and bar widths are written only when rendering the PDF
    # ({% if pdf %}), which WeasyPrint reads on the server; the served page below carries none.
    emails = {
        ROOT / "templates" / "notifications" / "email.html",
        ROOT / "templates" / "reports" / "board_pack.html",
        ROOT / "templates" / "components" / "charts.html",
    }
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if path not in emails and TEMPLATES_WITH_INLINE_CODE.search(path.read_text())
    ]
    assert offenders == []


def test_too_large_a_form_gets_the_413_page(client):
    response = client.post("/journey-to-work/adviser", data={"first_name": "x" * (300 * 1024)})
    assert response.status_code == 413
    assert "too large" in response.text
    assert "Traceback" not in response.text


def test_too_large_a_request_gets_the_413_page(client):
    response = client.post(
        "/journey-to-work/adviser", data=b"x" * (11 * 1024 * 1024), content_type="application/octet-stream"
    )
    assert response.status_code == 413


@pytest.fixture
def limited_app(tmp_path):
    app = create_app(
        {
            "PORTAL_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'limits.db'}",
            "SERVER_NAME": "localhost",
            "RATELIMIT_SIGN_IN": "3 per minute",
            "RATELIMIT_PUBLIC_FORMS": "2 per minute",
        }
    )
    app.test_client_class = PageCheckingClient
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_sign_in_is_rate_limited(limited_app):
    client = limited_app.test_client()
    token = csrf_token_from(client.get("/staff/sign-in").text)
    data = {"csrf_token": token, "email": "nobody@academy.example", "password": "wrong password here"}
    for _ in range(3):
        assert client.post("/staff/sign-in", data=data).status_code == 200
    response = client.post("/staff/sign-in", data=data)
    assert response.status_code == 429
    assert "Too many attempts" in response.text
    assert "Retry-After" in response.headers
    # Reading the page is not limited: only posting to it.
    assert client.get("/staff/sign-in").status_code == 200


def test_public_forms_are_rate_limited(limited_app):
    client = limited_app.test_client()
    for _ in range(2):
        assert submit_form(client, "/journey-to-work/adviser", {}).status_code == 200
    response = submit_form(client, "/journey-to-work/adviser", {})
    assert response.status_code == 429
    assert "Too many attempts" in response.text


def test_every_public_form_is_rate_limited(app):
    unlimited = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods
        and not getattr(app.view_functions[rule.endpoint], "rate_limited", False)
        and not rule.rule.startswith("/staff/")
    ]
    assert unlimited == []


@pytest.mark.parametrize("url", ["/careers/compare?role=%00", "/staff/people/a%00b", "/opportunities/?kind=x%00"])
def test_nul_bytes_are_refused_before_any_query(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Sorry, there is a problem with your request" in response.text


def test_nul_bytes_in_a_form_are_refused(client):
    response = submit_form(client, "/journey-to-work/adviser", {"first_name": "a\x00b"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("code", "words"), [(409, "Sorry, that cannot be done now"), (410, "problem with your request")]
)
def test_other_http_errors_keep_their_status_in_the_portal_look(app, client, code, words):
    from flask import abort

    @app.get(f"/abort-{code}-for-test")
    def aborting():
        abort(code)

    page = client.get(f"/abort-{code}-for-test")
    assert page.status_code == code
    assert words in page.text and "nhsuk-header" in page.text


def test_ids_too_large_for_the_database_are_not_found(client):
    assert client.get("/opportunities/2147483647").status_code == 404
    assert client.get("/opportunities/2147483648").status_code == 404
    assert client.get("/opportunities/99999999999999999999999").status_code == 404


@pytest.mark.db
def test_data_the_database_refuses_is_a_400_not_a_500(app, backend, client):
    from sqlalchemy import text
    from sqlalchemy.exc import DataError

    @app.get("/overflow-for-test")
    def overflow():
        if backend == "postgresql":
            db.session.execute(text("SELECT CAST(:n AS INTEGER)"), {"n": 2**31})  # integer out of range
        raise DataError("SELECT secret FROM people", {}, Exception("out of range"))

    page = client.get("/overflow-for-test")
    assert page.status_code == 400
    assert "SELECT" not in page.text and "Sorry, there is a problem with your request" in page.text


def test_a_date_with_a_huge_day_is_explained_not_a_500(client):
    response = submit_form(
        client,
        "/journey-to-work/adviser",
        {
            "date_of_birth[day]": "99999999999999999999999999",
            "date_of_birth[month]": "1",
            "date_of_birth[year]": "2000",
        },
    )
    assert response.status_code == 200
    assert "must be a real date" in response.text


def test_the_served_board_pack_has_no_inline_style(client, sign_in):
    sign_in("manager")
    page = client.get("/staff/reports/board-pack")
    assert page.status_code == 200
    assert not TEMPLATES_WITH_INLINE_CODE.search(page.text.replace(hash_of_inline_script_block(page.text), ""))


def hash_of_inline_script_block(html):
    """The page's one inline script (allowed by its hash), left out of the inline check."""
    found = re.search(r"<script(?![^>]*\bsrc=)[^>]*>.*?</script>", html, re.S)
    return found.group(0) if found else "\0"
