"""Deny by default: walk every URL under /staff as an anonymous visitor and as each role."""

import pytest
from werkzeug.routing import IntegerConverter, Rule

from portal.auth.access import is_staff_rule


def staff_rules(app) -> list[Rule]:
    return [rule for rule in app.url_map.iter_rules() if is_staff_rule(rule.rule)]


def concrete_url(rule: Rule) -> str:
    """A URL for the rule with made-up values for its parameters."""
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        if isinstance(converter, IntegerConverter):
            values[name] = 1
        elif converter.__class__.__name__ == "AnyConverter":
            values[name] = sorted(converter.items)[0]
        else:
            values[name] = "example"
    return rule.build(values)[1]


def methods(rule: Rule) -> list[str]:
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


@pytest.fixture
def walk_app(app):
    # This walk is about who may reach what; CSRF has its own tests.
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def test_there_are_staff_urls_to_walk(app):
    assert len(staff_rules(app)) >= 4


def test_only_sign_in_forgotten_and_set_password_are_open_to_anonymous_visitors(app):
    public = sorted(
        rule.rule for rule in staff_rules(app) if getattr(app.view_functions[rule.endpoint], "public_staff_page", False)
    )
    assert public == [
        "/staff/forgotten-password",
        "/staff/forgotten-password/check-your-email",
        "/staff/set-password/<string(maxlength=200):token>",
        "/staff/sign-in",
        "/staff/sign-in/code",
        "/staff/sign-in/set-up-two-factor",
    ]


def test_anonymous_visitor_is_sent_to_sign_in_from_every_staff_url(walk_app):
    client = walk_app.test_client()
    for rule in staff_rules(walk_app):
        if getattr(walk_app.view_functions[rule.endpoint], "public_staff_page", False):
            continue
        for method in methods(rule):
            response = client.open(concrete_url(rule), method=method)
            assert response.status_code == 302, (method, rule.rule)
            assert response.headers["Location"].startswith("/staff/sign-in"), rule.rule


def test_view_without_an_area_is_refused_to_everyone(walk_app, make_user):
    @walk_app.get("/staff/forgotten-decorator")
    def forgotten():
        return "should never be seen"

    from tests.conftest import sign_in_as

    client = walk_app.test_client()
    user = make_user(role="admin")
    assert sign_in_as(client, user).status_code == 302
    response = client.get("/staff/forgotten-decorator")
    assert response.status_code == 403
    assert "should never be seen" not in response.text


def test_staff_pages_are_never_cached(client, sign_in):
    sign_in("manager")
    assert client.get("/staff/").headers["Cache-Control"] == "no-store"
    assert client.get("/staff/sign-in").headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")


def test_staff_home_shows_each_role_only_what_it_can_open(client, sign_in):
    sign_in("outreach_adviser")
    html = client.get("/staff/").text
    assert "Outreach adviser" in html
    assert "Pipeline overview" in html
    assert "/staff/admin/users" not in html


def test_admin_sees_staff_accounts_on_staff_home(client, sign_in):
    sign_in("admin")
    assert "/staff/admin/users" in client.get("/staff/").text
