"""The catalogue in the reader's language: family names, role titles and one-line summaries.

The words live beside the English catalogue in ``data/translations/<tag>.csv`` (columns ``kind``,
``code``, ``name``, ``summary``; kind is ``family`` or ``role``, code its slug). `flask seed
reference` loads them into ``catalogue_translations``; pages read one language's rows once per
request. The English title is always shown beside a translated one, because employers advertise in
English, and English that remains is marked ``lang="en"`` and isolated so right-to-left lines keep
their order.
"""

import csv
from pathlib import Path

from flask import g, has_request_context
from markupsafe import Markup, escape
from sqlalchemy import select

from portal.careers.models import CatalogueTranslation
from portal.extensions import db
from portal.i18n import current_language

DIRECTORY = Path(__file__).resolve().parent / "data" / "translations"
LANGUAGES = ("uk", "ar", "prs", "ps")
KINDS = ("family", "role")
COLUMNS = ["kind", "code", "name", "summary"]


class TranslationFileError(ValueError):
    pass


def read_file(language: str) -> list[dict]:
    path = DIRECTORY / f"{language}.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            raise TranslationFileError(f"{path.name}: the header must be {','.join(COLUMNS)}")
        rows = []
        for line, row in enumerate(reader, start=2):
            if row["kind"] not in KINDS or not row["code"] or not row["name"].strip() or not row["summary"].strip():
                raise TranslationFileError(f"{path.name} line {line}: kind, code, name and summary are all needed")
            rows.append({key: row[key].strip() for key in COLUMNS})
        return rows


def load_translations(known: dict[str, set[str]]) -> int:
    """Write every language's rows, matched on (kind, code, language); refuse codes not in the catalogue."""
    existing = {(t.kind, t.code, t.language): t for t in db.session.scalars(select(CatalogueTranslation))}
    wanted = set()
    for language in LANGUAGES:
        for row in read_file(language):
            if row["code"] not in known[row["kind"]]:
                raise TranslationFileError(f"{language}.csv: unknown {row['kind']} {row['code']}")
            key = (row["kind"], row["code"], language)
            wanted.add(key)
            found = existing.get(key)
            if found is None:
                db.session.add(CatalogueTranslation(language=language, **row))
            else:
                for field in ("name", "summary"):
                    if getattr(found, field) != row[field]:
                        setattr(found, field, row[field])
    for key, stale in existing.items():
        if key not in wanted:
            db.session.delete(stale)
    return len(wanted)


def _words() -> dict[tuple[str, str], tuple[str, str]]:
    """This request's language, (kind, code) -> (name, summary); one query, none for English."""
    language = current_language()
    if language == "en":
        return {}
    if not has_request_context():
        return _query(language)
    cached = g.get("catalogue_words")
    if cached is None:
        cached = g.catalogue_words = _query(language)
    return cached


def _query(language: str) -> dict:
    rows = db.session.execute(
        select(
            CatalogueTranslation.kind,
            CatalogueTranslation.code,
            CatalogueTranslation.name,
            CatalogueTranslation.summary,
        ).where(CatalogueTranslation.language == language)
    )
    return {(kind, code): (name, summary) for kind, code, name, summary in rows}


def _english(text: str) -> Markup:
    return Markup('<bdi lang="en">{}</bdi>').format(text) if current_language() != "en" else escape(text)


def plain_name(kind: str, code: str, english: str) -> str:
    """The translated name as plain text (for choices and the answers list), English when there is none."""
    found = _words().get((kind, code))
    return found[0] if found else english


def name_html(kind: str, code: str, english: str) -> Markup:
    """The translated name with the English beside it, or the English marked and isolated."""
    found = _words().get((kind, code))
    if not found:
        return _english(english)
    return Markup('{} <span class="app-english-name">(<bdi lang="en">{}</bdi>)</span>').format(found[0], english)


def summary_html(kind: str, code: str, english: str) -> Markup:
    found = _words().get((kind, code))
    if not found:
        return _english(english)
    return escape(found[1])


def name_text(kind: str, code: str, english: str) -> str:
    """Plain text for a <title>: "translated (English)", or the English alone."""
    found = _words().get((kind, code))
    return f"{found[0]} ({english})" if found else english


def role_title(career) -> Markup:
    return name_html("role", career.slug, career.title)


def role_summary(career) -> Markup:
    return summary_html("role", career.slug, career.summary)


def family_name(family) -> Markup:
    return name_html("family", family.slug, family.name)


def family_summary(family) -> Markup:
    return summary_html("family", family.slug, family.summary)


def family_plain_name(family) -> str:
    return plain_name("family", family.slug, family.name)


def role_plain_title(career) -> str:
    return plain_name("role", career.slug, career.title)


TEMPLATE_GLOBALS = {
    "role_title": role_title,
    "role_summary": role_summary,
    "family_name": family_name,
    "family_summary": family_summary,
    "family_plain_name": family_plain_name,
    "role_plain_title": role_plain_title,
    "role_title_text": lambda career: name_text("role", career.slug, career.title),
    "family_name_text": lambda family: name_text("family", family.slug, family.name),
}
