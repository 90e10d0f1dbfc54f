"""Choosing the language: ?lang=, remembered in a cookie, else Accept-Language, else English."""

import re

import pytest


def html_lang(html):
    match = re.search(r'<html lang="([^"]+)" dir="([^"]+)"', html)
    return match.groups()


def test_english_by_default(client):
    assert html_lang(client.get("/").text) == ("en", "ltr")


@pytest.mark.parametrize(
    ("tag", "direction"), [("en", "ltr"), ("uk", "ltr"), ("ar", "rtl"), ("prs", "rtl"), ("ps", "rtl")]
)
def test_lang_parameter_sets_lang_and_direction(client, tag, direction):
    assert html_lang(client.get(f"/?lang={tag}").text) == (tag, direction)


def test_chosen_language_is_remembered_in_a_cookie(client):
    first = client.get("/?lang=ar")
    assert "portal_lang=ar" in first.headers["Set-Cookie"]
    assert html_lang(client.get("/").text) == ("ar", "rtl")
    assert html_lang(client.get("/staff/sign-in").text) == ("ar", "rtl")


def test_arabic_pages_are_translated(client):
    html = client.get("/?lang=ar").text
    assert "انتقل إلى المحتوى الرئيسي" in html  # skip link
    assert "Skip to main content" not in html


@pytest.mark.parametrize(
    ("header", "expected"),
    [("ar-SA,ar;q=0.9,en;q=0.5", "ar"), ("uk-UA", "uk"), ("fa-AF", "prs"), ("ps", "ps"), ("de-DE", "en"), ("", "en")],
)
def test_browser_language_is_used_when_nothing_chosen(client, header, expected):
    assert html_lang(client.get("/", headers={"Accept-Language": header}).text)[0] == expected


def test_lang_parameter_beats_cookie_and_browser(client):
    client.get("/?lang=uk")
    assert html_lang(client.get("/?lang=ps", headers={"Accept-Language": "ar"}).text)[0] == "ps"


def test_unknown_lang_parameter_is_ignored(client):
    response = client.get("/?lang=xx")
    assert html_lang(response.text) == ("en", "ltr")
    assert "portal_lang" not in response.headers.get("Set-Cookie", "")


def test_language_switcher_keeps_the_query_string(client):
    html = client.get("/staff/sign-in?next=/staff/").text
    assert 'href="/staff/sign-in?next=%2Fstaff%2F&amp;lang=ar"' in html


def test_language_survives_a_form_error(client):
    client.get("/staff/sign-in?lang=ar")
    from tests.conftest import submit_form

    page = submit_form(client, "/staff/sign-in", {"email": "", "password": ""})
    assert html_lang(page.text) == ("ar", "rtl")
