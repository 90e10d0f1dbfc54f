"""Property-based tests (Hypothesis): every form of the portal, found by fetching every page as a
visitor and as each role, is posted generated input — very long, unicode, right-to-left, control
characters, HTML and SQL fragments, wrong types, missing fields. No answer is ever a 500, and
afterwards no page anywhere carries a script or event handler that came from the input.

PROPERTY_EXAMPLES (default 6) sets the examples per form; the count of inputs tried is printed.
"""

import base64
import hashlib
import os
import re
from dataclasses import dataclass, field

import pytest
from bs4 import BeautifulSoup
from flask import current_app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.auth.models import ROLES
from portal.extensions import db
from tests.auth.test_access import concrete_url
from tests.conftest import sign_in_as

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "6"))
MARKER = "xss-probe"
NASTY = [
    f"<script>alert('{MARKER}')</script>",
    f'"><img src=x onerror="alert(\'{MARKER}\')">',
    f"<svg/onload=alert('{MARKER}')>",
    f"javascript:alert('{MARKER}')",
    "'; DROP TABLE people; --",
    "' OR '1'='1",
    "1; SELECT pg_sleep(5)",
    "{{ 7*7 }}{% raw %}",
    "${7*7}",
    "\u202eevil\u202c",
    "مرحبا بالعالم",
    "سلام دنیا",
    "Слава Україні",
    "\x00",
    "a\x00b",
    "\x1b[31mred\x1b[0m",
    "\r\n\r\nSet-Cookie: x=y",
    "😀" * 40,
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "2026-02-30",
    '=HYPERLINK("http://evil.example")',
    "",
    " ",
    "x" * 70000,
]
VALUE = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=3000),
    st.integers().map(str),
    st.floats(allow_nan=True).map(str),
)

SKIP_ENDPOINTS = {"static", "auth.sign_out", "main.nhsuk_assets", "main.healthz"}


@dataclass
class FoundForm:
    client_key: str
    page: str
    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> offered values


def make_world(app, make_user):
    """One of each record, with id 1 (or reference "example"), so every URL with a parameter works."""
    from datetime import date, timedelta

    from portal.opportunities import services as opportunities
    from portal.outreach import services as outreach
    from portal.people import intake
    from tests.factories import OpportunityFactory, PersonFactory

    users = {role: make_user(role=role) for role in ROLES}
    opportunity = OpportunityFactory()
    details = {"first_name": "Ada", "last_name": "Person", "email": "ada@example.com", "route": "career_changer"}
    application = opportunities.apply(opportunity.id, details, consent_version="2026-11")
    referral = outreach.refer_self({**details, "needs": ["english"]}, consent_version="2026-11")
    intake.link(referral.intake, application.person, users["outreach_adviser"])  # the same person, said by staff
    case = outreach.open_case(referral, users["outreach_adviser"], restricted=False, user=users["outreach_adviser"])
    outreach.add_action(case, what="Call", who="Adviser", due_on=date.today(), user=users["outreach_adviser"])
    opportunities.record_employment(
        application.person, user=users["academy_staff"], organisation_id=opportunity.organisation_id,
        job_title="Porter", contract_type="bank", started_on=date.today() - timedelta(weeks=14),
    )  # fmt: skip
    PersonFactory(person_ref="example")
    db.session.commit()
    return users


def clients(app, users):
    result = {"anonymous": app.test_client()}
    for role, user in users.items():
        client = app.test_client()
        assert sign_in_as(client, user).status_code == 302
        result[role] = client
    return result


def page_urls(app):
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP_ENDPOINTS or "GET" not in rule.methods:
            continue
        if rule.rule.endswith((".csv", ".json")):
            continue
        urls.append(concrete_url(rule))
    return sorted(set(urls))


def discover_forms(app, client_map) -> list[FoundForm]:
    found: dict[tuple, FoundForm] = {}
    for key, client in client_map.items():
        for url in page_urls(app):
            response = client.get(url)
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            soup = BeautifulSoup(response.text, "html.parser")
            for form in soup.find_all("form"):
                action = form.get("action") or url
                if "sign-out" in action:
                    continue
                method = (form.get("method") or "get").lower()
                entry = found.setdefault((key, method, action), FoundForm(key, url, action, method))
                for element in form.find_all(["input", "select", "textarea"]):
                    name = element.get("name")
                    if not name or name == "csrf_token":
                        continue
                    offered = entry.fields.setdefault(name, [])
                    if element.name == "select":
                        offered += [option.get("value", "") for option in element.find_all("option")]
                    elif element.get("value") is not None:
                        offered.append(element["value"])
    return list(found.values())


def field_values(form: FoundForm):
    """A strategy for a form's data: each field missing, a value it offers, or generated input."""

    def one(offered):
        choices = [VALUE]
        if offered:
            choices.append(st.sampled_from(offered))
        return st.one_of(*choices)

    return st.fixed_dictionaries({}, optional={name: one(offered) for name, offered in form.fields.items()})


INJECTED = re.compile(MARKER)


def allowed_by_its_hash(script: str) -> bool:
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    return f"'sha256-{digest}'" in current_app.extensions["content_security_policy"]


def assert_no_injection(html: str, where: str):
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        assert script.get("src") or allowed_by_its_hash(script.get_text()), (where, str(script)[:200])
        assert not INJECTED.search(script.get_text()), where
    for element in soup.find_all(True):
        for attribute, value in element.attrs.items():
            if attribute.lower().startswith("on"):
                raise AssertionError(f"event handler {attribute} on {where}: {str(element)[:200]}")
            if (
                attribute in ("href", "src", "action", "formaction")
                and isinstance(value, str)
                and value.strip().lower().startswith("javascript:")
            ):
                raise AssertionError(f"javascript: URL in {attribute} on {where}")


def poster(form: FoundForm, client, counter: list):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=field_values(form))
    def post(data):
        counter.append(1)
        if form.method == "post":
            page = client.get(form.page)
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
            payload = {**data, **({"csrf_token": token.group(1)} if token else {})}
            response = client.post(form.action, data=payload)
        else:
            response = client.get(form.action, query_string=data)
        assert response.status_code < 500, (form.client_key, form.method, form.action, data)
        if response.mimetype == "text/html":
            assert_no_injection(response.get_data(as_text=True), form.action)

    return post


@pytest.fixture
def property_app(app):
    # Posting the same forms many times a second: lift the sign-in throttling too.
    app.config["THROTTLE_ACCOUNT_FREE"] = app.config["THROTTLE_ADDRESS_FREE"] = 10**9
    return app


@pytest.mark.db
def test_every_form_survives_generated_input_and_never_runs_it(property_app, make_user, capsys):
    app = property_app
    users = make_world(app, make_user)
    client_map = clients(app, users)
    forms = discover_forms(app, client_map)
    assert len(forms) >= 30, [f.action for f in forms]
    tried = 0

    for form in forms:
        client = client_map[form.client_key]
        counter = []
        poster(form, client, counter)()
        tried += len(counter)
        # A session may have been ended by what was posted (e.g. sign-in as someone else).
        if form.client_key != "anonymous" and client.get("/staff/").status_code != 200:
            assert sign_in_as(client, users[form.client_key]).status_code == 302

    # Everything stored is shown escaped, on every page, to everyone.
    pages = 0
    for key, client in client_map.items():
        if key != "anonymous" and client.get("/staff/").status_code != 200:
            sign_in_as(client, users[key])
        for url in page_urls(app):
            response = client.get(url)
            assert response.status_code < 500, (key, url)
            if response.mimetype == "text/html":
                assert_no_injection(response.get_data(as_text=True), url)
                pages += 1
    with capsys.disabled():
        print(f"\nproperty test: {len(forms)} forms, {tried} generated submissions, {pages} pages checked afterwards")
