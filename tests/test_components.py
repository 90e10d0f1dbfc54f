"""Components rendered in Python write the same markup as the nhsuk-frontend-jinja macros they
stand in for (compared with whitespace between tags ignored)."""

import re

import pytest
from markupsafe import Markup

from portal.summary_lists import render_summary_list


def squeeze(html) -> str:
    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", str(html))).strip()


def nhsuk_summary_list(app, params):
    template = app.jinja_env.get_template("nhsuk/components/summary-list/macro.jinja")
    return template.module.summaryList(params)


CASES = [
    {"rows": [{"key": {"text": "Route"}, "value": {"text": "In education"}}]},
    {
        "classes": "nhsuk-summary-list--no-border",
        "rows": [
            {"key": {"text": "Name <&>"}, "value": {"text": "  O'Brien & Sons  "}},
            {"key": {"html": Markup("<abbr>DBS</abbr>")}, "value": {"html": "<a href='/x'>link</a>"}},
            {"key": {"text": "Empty"}, "value": {"text": ""}},
            {"key": "Plain key", "value": Markup("<strong>markup value</strong>"), "classes": "app-row"},
            {"key": {"text": "Widths", "classes": "app-key"}, "value": {"text": "1", "classes": "app-value"}},
        ],
    },
    {"rows": []},
]


@pytest.mark.parametrize("params", CASES)
def test_python_summary_list_matches_the_nhsuk_macro(app, params):
    with app.test_request_context():
        assert squeeze(render_summary_list(params)) == squeeze(nhsuk_summary_list(app, params))


def test_summary_list_with_actions_is_the_macros_own(app):
    params = {
        "rows": [
            {
                "key": {"text": "Email"},
                "value": {"text": "a@example.org"},
                "actions": {"items": [{"href": "/change", "text": "Change", "visuallyHiddenText": "email"}]},
            }
        ]
    }
    with app.test_request_context():
        html = render_summary_list(params)
        assert "nhsuk-summary-list__actions" in html
        assert squeeze(html) == squeeze(nhsuk_summary_list(app, params))


def test_an_empty_field_is_kept_but_nothing_typed_is(app):
    from portal import components
    from portal.forms import PeopleSearchForm

    with app.test_request_context():
        components.clear()
        empty = str(PeopleSearchForm(formdata=None).q())
        assert len(components._kept) == 1
        assert str(PeopleSearchForm(formdata=None).q()) == empty  # the kept copy
        typed = str(PeopleSearchForm(formdata=None, q="Amira Haddad").q())
        assert "Amira Haddad" in typed
        assert not any("Amira Haddad" in html for html in components._kept.values())
        assert len(components._kept) == 1


def test_kept_header_shows_each_user_their_own_name_and_sign_out_token(app, client, sign_in):
    import re

    sign_in(role="manager", name="Manager One")
    first = client.get("/staff/").text
    assert "Manager One" in first
    token = re.search(r'nhsuk-header__account-form.*?name="csrf_token" value="([^"]+)"', first, re.S).group(1)
    assert client.post("/staff/sign-out", data={"csrf_token": token}).status_code == 302
    sign_in(role="manager", name="Manager Two")
    second = client.get("/staff/").text
    assert "Manager Two" in second and "Manager One" not in second
    assert 'name="csrf_token"' in second.split("nhsuk-header__account-form", 1)[1].split("</form>", 1)[0]


def test_python_table_matches_the_nhsuk_macro(app):
    from portal.tables import render_table

    params = {
        "caption": "Reach <2025>",
        "captionSize": "m",
        "firstCellIsHeader": True,
        "head": [{"text": "Group"}, {"text": "Pupils", "format": "numeric"}],
        "rows": [
            [{"text": "Key stage 3 & 4"}, {"text": "1,250", "format": "numeric"}],
            [{"html": Markup('<a class="nhsuk-link" href="/s/1">Alder</a>')}, {"text": "30", "format": "numeric"}],
        ],
    }
    with app.test_request_context():
        template = app.jinja_env.get_template("nhsuk/components/tables/macro.jinja")
        assert squeeze(render_table(params)) == squeeze(template.module.table(params))
