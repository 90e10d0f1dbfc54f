"""The catalogue in the reader's language: every family and role translated, shown with the English
title beside it, English runs marked and isolated."""

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from portal.careers import reference, translations
from portal.careers.models import CatalogueTranslation
from portal.extensions import db

FAMILIES = {family["slug"] for family in reference.read("families.toml")["family"]}
ROLES = {role["slug"] for role in reference.read("roles.toml")["role"]}


@pytest.mark.parametrize("language", translations.LANGUAGES)
def test_every_family_and_role_has_a_translation(language):
    rows = translations.read_file(language)
    keys = [(row["kind"], row["code"]) for row in rows]
    assert len(keys) == len(set(keys)), "a family or role is translated twice"
    assert {code for kind, code in keys if kind == "family"} == FAMILIES
    assert {code for kind, code in keys if kind == "role"} == ROLES
    for row in rows:
        assert row["name"] and row["summary"]
        # A translation is a translation: not the English copied over.
        assert not row["summary"].isascii(), f"{language}: {row['code']} summary looks untranslated"


def test_seeding_loads_every_translation_and_a_second_run_changes_nothing(app, catalogue):
    count = db.session.scalar(select(func.count()).select_from(CatalogueTranslation))
    assert count == 4 * (len(FAMILIES) + len(ROLES))
    reference.load_careers()
    assert not db.session.dirty and not db.session.new and not db.session.deleted


def test_an_unknown_code_in_a_translation_file_is_refused(app, catalogue, monkeypatch, tmp_path):
    for language in translations.LANGUAGES:
        text = (translations.DIRECTORY / f"{language}.csv").read_text(encoding="utf-8")
        (tmp_path / f"{language}.csv").write_text(text + "role,astronaut,x,y\n", encoding="utf-8")
    monkeypatch.setattr(translations, "DIRECTORY", tmp_path)
    with pytest.raises(translations.TranslationFileError, match="unknown role astronaut"):
        reference.load_careers()


def test_arabic_list_shows_translated_titles_with_the_english_isolated_beside(client, catalogue):
    soup = BeautifulSoup(client.get("/careers/?lang=ar&q=physiotherapist").text, "html.parser")
    link = soup.select_one('a[href="/careers/physiotherapist"]')
    assert link.get_text(" ", strip=True).startswith("أخصائي علاج طبيعي")
    english = link.select_one('bdi[lang="en"]')
    assert english is not None and english.get_text() == "Physiotherapist"
    result = link.find_parent("li")
    assert "يساعد الناس على الحركة" in result.get_text()
    assert result.select_one('bdi[lang="en"]').get_text() == "Physiotherapist"


def test_role_and_family_pages_in_dari(client, catalogue):
    soup = BeautifulSoup(client.get("/careers/adult-nurse?lang=prs").text, "html.parser")
    assert " ".join(soup.h1.get_text().split()) == "نرس بزرگسالان (Adult nurse)"
    assert soup.h1.select_one('bdi[lang="en"]').get_text() == "Adult nurse"
    assert "نرس ثبت‌شده" in soup.select_one(".nhsuk-lede-text").get_text()
    # What stays English (a day in the job) is still marked as English.
    assert soup.find("p", attrs={"lang": "en"}) is not None
    family = BeautifulSoup(client.get("/careers/families/nursing?lang=prs").text, "html.parser")
    assert " ".join(family.h1.get_text().split()) == "نرسنگ (Nursing)"


def test_ukrainian_compare_and_english_pages_unchanged(client, catalogue):
    soup = BeautifulSoup(client.get("/careers/compare?role=paramedic&lang=uk").text, "html.parser")
    assert "Парамедик" in soup.select_one("table").get_text()
    english = BeautifulSoup(client.get("/careers/paramedic?lang=en").text, "html.parser")
    assert english.h1.get_text(strip=True) == "Paramedic" and english.h1.find("bdi") is None


def test_journey_interests_are_offered_in_pashto(client, catalogue):
    html = client.get("/journey-to-work/questions/interests?lang=ps").text
    assert "نرسنګ" in html and "د لویانو ټولنیزه پاملرنه" in html


def test_translated_pages_run_one_more_query_whatever_the_page(app, client, catalogue):
    from sqlalchemy import event

    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        client.get("/careers/?page=1&lang=en")
        english = len(statements)
        statements.clear()
        client.get("/careers/?page=1&lang=ar")
        first = len(statements)
        statements.clear()
        client.get("/careers/?page=3&lang=ar")
        assert len(statements) == first <= english + 1
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
