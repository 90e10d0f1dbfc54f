"""The pages every public service publishes, the footer that links them, and what right-to-left
readers need: English runs isolated, left-to-right inputs, NHS.UK hidden texts in their language."""

import pytest
from bs4 import BeautifulSoup

from tests.conftest import submit_form

SERVICE_PAGES = ("/privacy", "/accessibility", "/cookies", "/contact")
LANGUAGES = ("en", "uk", "ar", "prs", "ps")


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.text, "html.parser")


@pytest.mark.parametrize("url", SERVICE_PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_service_pages_answer_in_every_language(client, url, language):
    soup = soup_of(client, f"{url}?lang={language}")
    assert soup.html["lang"] == language
    assert soup.html["dir"] == ("rtl" if language in {"ar", "prs", "ps"} else "ltr")


def test_privacy_notice_names_the_lawful_bases_retention_and_the_way_back_in(app, client):
    app.config["RETENTION_YEARS"] = 7
    text = soup_of(client, "/privacy").get_text(" ")
    for words in ("Article 6(1)(e)", "Article 6(1)(a)", "Article 9(2)(g)", "Schedule 1, paragraph 8", "7 years"):
        assert words in text
    soup = soup_of(client, "/privacy")
    assert soup.find("a", href="/my-applications") is not None
    assert "ico.org.uk" in text


def test_contact_details_come_from_configuration_and_read_left_to_right(app, client):
    app.config.update(
        ACADEMY_CONTACT_EMAIL="hello@academy.example",
        ACADEMY_CONTACT_PHONE="0113 496 0000",
        ACADEMY_ADDRESS="Academy House, Leeds LS2 9JT",
    )
    soup = soup_of(client, "/contact?lang=ar")
    email = soup.find("a", href="mailto:hello@academy.example")
    phone = soup.find("a", href="tel:01134960000")
    assert email["dir"] == "ltr" and phone["dir"] == "ltr"
    assert phone.get_text(strip=True) == "0113 496 0000"
    address = soup.find("bdi", string="Academy House, Leeds LS2 9JT")
    assert address["lang"] == "en"


def test_cookies_page_lists_every_cookie_the_portal_sets(app, client):
    text = soup_of(client, "/cookies").get_text(" ")
    assert app.config["SESSION_COOKIE_NAME"] in text and app.config["LANGUAGE_COOKIE"] in text
    assert "do not use cookies to track you" in text


def test_accessibility_statement_follows_the_model_and_says_how_it_was_tested(client):
    soup = soup_of(client, "/accessibility")
    headings = [h.get_text(strip=True) for h in soup.find_all("h2")]
    for heading in (
        "How accessible this website is",
        "Enforcement procedure",
        "Preparation of this accessibility statement",
    ):
        assert heading in headings
    text = soup.get_text(" ")
    assert "2.2 AA" in text and "axe-core" in text and "Playwright" in text and "right-to-left" in text


@pytest.mark.parametrize("url", ["/", "/careers/", "/journey-to-work/", "/privacy", "/staff/sign-in", "/no-such-page"])
def test_every_page_footer_links_the_service_pages(client, url):
    soup = BeautifulSoup(client.get(url).text, "html.parser")
    footer = soup.find("footer")
    for page in SERVICE_PAGES:
        assert footer.find("a", href=page) is not None, (url, page)


def test_nhsuk_hidden_texts_are_in_the_readers_language(app, client):
    from portal.careers.reference import load_careers
    from portal.extensions import db

    load_careers()
    db.session.commit()
    soup = soup_of(client, "/careers/paramedic?lang=ar")
    assert soup.find("nav", class_="nhsuk-breadcrumb")["aria-label"] == "مسار التنقل"
    assert "العودة إلى" in soup.select_one(".nhsuk-back-link").get_text()
    assert "homepage" not in soup.select_one(".nhsuk-header__service-logo")["aria-label"]


def test_error_message_hidden_prefix_is_translated(client):
    response = submit_form(client, "/journey-to-work/adviser?lang=prs", {"first_name": "", "last_name": "B"})
    soup = BeautifulSoup(response.text, "html.parser")
    hidden = soup.select_one(".nhsuk-error-message .nhsuk-u-visually-hidden")
    assert hidden is not None and hidden.get_text(strip=True) == "خطا:"


def test_phone_email_and_postcode_inputs_read_left_to_right(client):
    soup = soup_of(client, "/journey-to-work/adviser?lang=ps")
    for name in ("email", "phone", "postcode"):
        field = soup.find("input", attrs={"name": name})
        assert field["dir"] == "ltr", name
    assert soup.find("input", attrs={"name": "phone"})["type"] == "tel"


def test_phone_example_is_isolated_so_it_reads_in_order(client):
    response = submit_form(client, "/journey-to-work/adviser?lang=ar", {"first_name": "A", "phone": "12"})
    assert "\u206607700 900 982\u2069" in response.text


def test_lists_are_joined_with_the_readers_comma(app):
    from flask import g

    from portal.i18n import join_list

    with app.test_request_context("/?lang=ar"):
        assert join_list(["أ", "ب"]) == "أ\u060c ب"
    with app.test_request_context("/?lang=uk"):
        g.pop("lang", None)  # the test's app context outlives each request context
        assert join_list(["a", "b"]) == "a, b"


def test_school_year_labels_are_in_the_readers_language(client):
    soup = soup_of(client, "/schools/request-a-session?lang=uk")
    labels = [label.get_text(strip=True) for label in soup.select(".nhsuk-checkboxes__label")]
    assert "7-й клас" in labels and "Year 7" not in labels
