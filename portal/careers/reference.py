"""Load the careers catalogue from the TOML files in portal/careers/data (`flask seed reference`).

Idempotent: rows are matched on their natural keys (family slug, standard code, role slug) and only
changed fields are written, so a second run changes nothing.
"""

import tomllib
from pathlib import Path

from sqlalchemy import select

from portal.careers.choices import BAND_RANK, BANDS, ENTRY_ROUTES
from portal.careers.models import ApprenticeshipStandard, Career, CareerFamily
from portal.careers.translations import load_translations
from portal.extensions import db

DATA = Path(__file__).resolve().parent / "data"


class ReferenceDataError(ValueError):
    pass


def read(name: str) -> dict:
    with (DATA / name).open("rb") as handle:
        return tomllib.load(handle)


def _sync(model, key: str, rows: list[dict]) -> dict:
    existing = {getattr(obj, key): obj for obj in db.session.scalars(select(model))}
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            obj = model(**row)
            db.session.add(obj)
            existing[row[key]] = obj
        else:
            for field, value in row.items():
                if getattr(obj, field) != value:
                    setattr(obj, field, value)
    return existing


def _joined(values: list[str]) -> str:
    return "|" + "|".join(values) + "|" if values else ""


def load_careers() -> str:
    families = _sync(
        CareerFamily,
        "slug",
        [{k: f[k] for k in ("slug", "name", "summary", "description")} for f in read("families.toml")["family"]],
    )
    standards = _sync(
        ApprenticeshipStandard,
        "code",
        [
            {k: s.get(k, "") for k in ("code", "title", "level", "level_checked", "source")}
            for s in read("standards.toml")["standard"]
        ],
    )
    roles = read("roles.toml")["role"]
    db.session.flush()
    rows = []
    for role in roles:
        if role["family"] not in families:
            raise ReferenceDataError(f"{role['slug']}: unknown family {role['family']}")
        unknown_routes = set(role["entry_routes"]) - set(ENTRY_ROUTES)
        if unknown_routes:
            raise ReferenceDataError(f"{role['slug']}: unknown entry routes {sorted(unknown_routes)}")
        band_min, band_max = role.get("band_min"), role.get("band_max")
        if (band_min or band_max) and (band_min not in BANDS or band_max not in BANDS):
            raise ReferenceDataError(f"{role['slug']}: bands must be among {BANDS}")
        rows.append(
            {
                "slug": role["slug"],
                "title": role["title"],
                "family_id": families[role["family"]].id,
                "summary": role["summary"],
                "day_to_day": role["day_to_day"],
                "entry_routes": _joined(role["entry_routes"]),
                "degree_needed": role["degree_needed"],
                "qualifications": role["qualifications"],
                "training_length": role.get("training_length", ""),
                "band_min": band_min,
                "band_max": band_max,
                "band_min_rank": BAND_RANK.get(band_min),
                "band_max_rank": BAND_RANK.get(band_max),
                "pay_note": role.get("pay_note", ""),
                "pay_year": role["pay_year"],
                "synonyms": _joined([word.strip().lower() for word in role.get("synonyms", [])]),
                "shortage": role.get("shortage", False),
                "shortage_source": role.get("shortage_source", ""),
            }
        )
    careers = _sync(Career, "slug", rows)
    db.session.flush()
    for role in roles:
        career = careers[role["slug"]]
        try:
            wanted_standards = [standards[code] for code in role["standards"]]
            wanted_related = [careers[slug] for slug in role["related"]]
        except KeyError as missing:
            raise ReferenceDataError(f"{role['slug']}: refers to unknown {missing}") from missing
        if {s.id for s in career.standards} != {s.id for s in wanted_standards}:
            career.standards = wanted_standards
        if {c.id for c in career.related} != {c.id for c in wanted_related}:
            career.related = wanted_related
    translated = load_translations({"family": set(families), "role": set(careers)})
    return (
        f"Careers: {len(families)} families, {len(careers)} roles, {len(standards)} apprenticeship standards, "
        f"{translated} translated names."
    )
