"""The permissions matrix: the code's table equals docs/permissions.md, every staff URL has an area,
and every URL answers each role exactly as the matrix says."""

import re

import pytest

from portal.auth import permissions
from portal.auth.access import is_staff_rule
from portal.auth.models import ROLES
from tests.auth.test_access import concrete_url, methods, staff_rules
from tests.conftest import ROOT, sign_in_as


def documented_matrix() -> dict:
    text = (ROOT / "docs" / "permissions.md").read_text()
    rows = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 2 + len(ROLES) and cells[2] in permissions.LEVELS:
            rows[cells[0]] = {role: permissions.LEVELS[cell] for role, cell in zip(ROLES, cells[2:], strict=True)}
    return rows


def test_the_documented_matrix_is_the_enforced_one():
    assert documented_matrix() == permissions.MATRIX


def test_every_area_names_every_role():
    for area, row in permissions.MATRIX.items():
        assert set(row) == set(ROLES), area


def test_every_staff_url_has_an_area_in_the_matrix(app):
    missing = [
        rule.rule
        for rule in staff_rules(app)
        if not getattr(app.view_functions[rule.endpoint], "public_staff_page", False)
        and permissions.area_of(rule.endpoint) not in permissions.MATRIX
    ]
    assert missing == []


def test_no_view_declares_roles_of_its_own(app):
    """Access is decided by the matrix alone; a leftover @roles_required would mislead a reader."""
    declared = [endpoint for endpoint, view in app.view_functions.items() if hasattr(view, "declared_roles")]
    assert declared == []


def test_every_area_mapped_exists(app):
    assert set(permissions.AREAS.values()) <= set(permissions.MATRIX)


def test_unknown_area_and_unknown_role_are_refused():
    assert permissions.level("admin", "no_such_area") == permissions.NONE
    assert permissions.level("superuser", "home") == permissions.NONE
    assert permissions.level(None, "home") == permissions.NONE
    assert permissions.area_of("nowhere.view") is None


def test_write_implies_read_and_only_known_levels():
    for row in permissions.MATRIX.values():
        assert set(row.values()) <= {permissions.NONE, permissions.READ, permissions.WRITE}


@pytest.fixture
def walk_app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def expected_allowed(app, role, rule, method) -> bool:
    with app.test_request_context():
        return permissions.may(role, rule.endpoint, method)


def test_anonymous_visitors_reach_only_public_pages_and_sign_in(walk_app):
    client = walk_app.test_client()
    for rule in walk_app.url_map.iter_rules():
        view = walk_app.view_functions[rule.endpoint]
        for method in methods(rule):
            response = client.open(concrete_url(rule), method=method)
            if is_staff_rule(rule.rule) and not getattr(view, "public_staff_page", False):
                assert response.status_code == 302, (method, rule.rule)
                assert response.headers["Location"].startswith("/staff/sign-in"), rule.rule
            else:
                assert response.status_code not in (401, 403), (method, rule.rule, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_what_the_matrix_allows(walk_app, make_user, role):
    client = walk_app.test_client()
    assert sign_in_as(client, make_user(role=role)).status_code == 302
    checked = 0
    for rule in walk_app.url_map.iter_rules():
        view = walk_app.view_functions[rule.endpoint]
        if rule.endpoint in ("auth.sign_out", "static") or getattr(view, "public_staff_page", False):
            continue
        for method in methods(rule):
            status = client.open(concrete_url(rule), method=method).status_code
            if not is_staff_rule(rule.rule) or expected_allowed(walk_app, role, rule, method):
                assert status != 403, (role, method, rule.rule)
            else:
                assert status == 403, (role, method, rule.rule)
            checked += 1
    assert checked > 50


def test_a_form_page_needs_write_even_to_look_at(app):
    with app.test_request_context():
        assert permissions.needed("opportunities_staff.edit_opportunity", "GET") == permissions.WRITE
        assert permissions.needed("opportunities_staff.view_opportunity", "GET") == permissions.READ
        assert permissions.needed("people.list_people", "POST") == permissions.READ
        assert permissions.needed("outreach.add_action", "POST") == permissions.WRITE
        assert not permissions.may("manager", "opportunities_staff.edit_opportunity", "GET")
        assert permissions.may("manager", "opportunities_staff.view_opportunity", "GET")


def test_adding_an_area_is_a_row_and_a_mapping(walk_app, make_user, monkeypatch):
    """What the lead does when the reports pages arrive: until then they fail closed."""
    from flask import Blueprint

    reports = Blueprint("reports_example", __name__)

    @reports.get("/")
    def index():
        return "<!doctype html><html lang='en' dir='ltr'><head><title>Reports</title></head><body><h1>Reports</h1></body></html>"

    walk_app.register_blueprint(reports, url_prefix="/staff/reports-example")
    client = walk_app.test_client()
    sign_in_as(client, make_user(role="manager"))
    assert client.get("/staff/reports-example/").status_code == 403
    monkeypatch.setitem(permissions.AREAS, "reports_example", "reports")
    assert client.get("/staff/reports-example/").status_code == 200


def test_equality_answers_follow_the_matrix():
    readers = sorted(role for role in ROLES if permissions.level(role, "equality") >= permissions.READ)
    assert readers == ["admin", "manager"]
    assert re.search(r"\| equality \|", (ROOT / "docs" / "permissions.md").read_text())
