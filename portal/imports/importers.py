"""The people, events and postcode-lookup imports, by the contract in data-formats.md."""

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert, select, update

from portal.admin.models import AuditEvent
from portal.extensions import db
from portal.imports.csvfile import Cells, CsvTable, RowError
from portal.imports.services import Importer, Plan, chunks, register
from portal.pipeline.choices import (
    ETHNIC_CATEGORIES,
    EXITS,
    LANGUAGE_TAG_PATTERN,
    ROUTES,
    SEX,
    SOURCES,
    STAGES,
    YES_NO,
    YES_NO_CHARACTERISTICS,
)
from portal.pipeline.models import EqualityProfile, Organisation, Person, PostcodeLookup
from portal.pipeline.services import append_events, derive_imd_quintiles

EARLIEST_BIRTH = date(1900, 1, 1)


def _existing(column, values: list) -> dict:
    """{value: id} for the values already in the database, looked up in chunks."""
    found = {}
    model = column.class_
    for chunk in chunks(sorted(set(values))):
        found.update(db.session.execute(select(column, model.id).where(column.in_(chunk))).all())
    return found


def _duplicates(keys: list[tuple[int, tuple]], column: str, errors: list[RowError]) -> None:
    first_line = {}
    for line, key in keys:
        if key in first_line:
            errors.append(RowError(line, column, str(_l("the same as line %(line)s", line=first_line[key]))))
        else:
            first_line[key] = line


class PeopleImporter(Importer):
    kind = "people"
    title = _l("People")
    description = _l("People the academy has worked with, with their route, consent and equality answers.")
    columns = {
        "person_ref": True,
        "first_name": True,
        "last_name": True,
        "email": False,
        "phone": False,
        "date_of_birth": False,
        "postcode": False,
        "route": True,
        "source": False,
        "preferred_language": False,
        "consent_date": True,
        "sex": False,
        "ethnic_category": False,
        **dict.fromkeys(YES_NO_CHARACTERISTICS, False),
        "imd_quintile": False,
    }

    def validate(self, table: CsvTable) -> Plan:
        errors: list[RowError] = []
        records, keys = [], []
        today = date.today()
        for line, row in table.rows:
            cells = Cells(line, row, errors)
            before = len(errors)
            person = {
                "person_ref": cells.text("person_ref", required=True, max_length=40),
                "first_name": cells.text("first_name", required=True, max_length=100),
                "last_name": cells.text("last_name", required=True, max_length=100),
                "email": cells.email("email"),
                "phone": cells.phone("phone"),
                "date_of_birth": cells.date("date_of_birth", not_after=today),
                "postcode": cells.postcode("postcode"),
                "route": cells.choice("route", ROUTES, required=True),
                "source": cells.choice("source", SOURCES),
                "preferred_language": cells.text("preferred_language", max_length=16),
                "consent_date": cells.date("consent_date", required=True, not_after=today),
                "imd_quintile": cells.whole_number("imd_quintile", minimum=1, maximum=5),
            }
            if person["date_of_birth"] and person["date_of_birth"] < EARLIEST_BIRTH:
                cells.error("date_of_birth", _l("is before 1900"))
            language = person["preferred_language"]
            if language and not re.fullmatch(LANGUAGE_TAG_PATTERN, language):
                cells.error(
                    "preferred_language", _l("'%(value)s' is not a language tag such as en or ar", value=language)
                )
            equality = {
                "sex": cells.choice("sex", SEX),
                "ethnic_category": cells.choice("ethnic_category", ETHNIC_CATEGORIES),
                **{name: cells.choice(name, YES_NO) for name in YES_NO_CHARACTERISTICS},
            }
            if person["person_ref"]:
                keys.append((line, person["person_ref"]))
            if len(errors) == before:
                records.append((person, equality))
        _duplicates(keys, "person_ref", errors)
        existing = _existing(Person.person_ref, [ref for _, ref in keys]) if not errors else {}
        new = [record for record in records if record[0]["person_ref"] not in existing]
        return Plan(
            records=new,
            errors=errors,
            counts={"rows": len(table.rows), "new": len(new), "existing": len(records) - len(new)},
        )

    def write(self, plan: Plan, *, run, user, progress) -> tuple[int, int]:
        user_id = getattr(user, "id", None)
        # Core inserts (executemany), not ORM objects: a history file can hold a hundred thousand people.
        for chunk in chunks(plan.records, 5000):
            db.session.execute(insert(Person.__table__), [person for person, _ in chunk])
            refs = [person["person_ref"] for person, _ in chunk]
            ids = dict(
                db.session.execute(select(Person.person_ref, Person.id).where(Person.person_ref.in_(refs))).all()
            )
            profiles = [
                {"person_id": ids[person["person_ref"]], **answers}
                for person, answers in chunk
                if any(answers.values())
            ]
            if profiles:
                db.session.execute(insert(EqualityProfile.__table__), profiles)
            db.session.execute(
                insert(AuditEvent.__table__),
                [
                    {
                        "action": "create",
                        "object_type": "person",
                        "object_id": ref,
                        "detail": f"import run {run.id}",
                        "user_id": user_id,
                    }
                    for ref in refs
                ],
            )
            progress.advance(len(chunk))
        derive_imd_quintiles()
        return len(plan.records), plan.counts["existing"]


class EventsImporter(Importer):
    kind = "events"
    title = _l("Pipeline events")
    description = _l("What happened to each person and when: engaged, applied, employed and the rest.")
    columns = {"person_ref": True, "stage": True, "date": True, "organisation": False, "note": False}

    def validate(self, table: CsvTable) -> Plan:
        errors: list[RowError] = []
        records, keys = [], []
        today = date.today()
        for line, row in table.rows:
            cells = Cells(line, row, errors)
            before = len(errors)
            event = (
                line,
                cells.text("person_ref", required=True, max_length=40),
                cells.choice("stage", STAGES + EXITS, required=True),
                cells.date("date", required=True, not_after=today),
                cells.text("organisation", max_length=200),
                cells.text("note", max_length=2000),
            )
            if len(errors) == before:
                records.append(event)
                keys.append((line, (event[1], event[2], event[3], (event[4] or "").lower())))
        _duplicates(keys, "person_ref", errors)
        people = _existing(Person.person_ref, [record[1] for record in records])
        for line, ref, *_ in records:
            if ref not in people:
                errors.append(
                    RowError(line, "person_ref", str(_l("no person with this reference: import people first")))
                )
        names = {record[4].lower(): record[4] for record in records if record[4]}
        known = (
            {
                name.lower(): id
                for name, id in db.session.execute(
                    select(Organisation.name, Organisation.id).where(func.lower(Organisation.name).in_(list(names)))
                )
            }
            if names
            else {}
        )
        new_organisations = sorted(name for key, name in names.items() if key not in known)
        return Plan(
            records=[(people.get(ref), stage, when, org, note) for _, ref, stage, when, org, note in records],
            errors=errors,
            counts={
                "rows": len(table.rows),
                "people": len({record[1] for record in records}),
                "new_organisations": len(new_organisations),
            },
        )

    def write(self, plan: Plan, *, run, user, progress) -> tuple[int, int]:
        names = {org.lower(): org for _, _, _, org, _ in plan.records if org}
        organisation_ids = {
            name.lower(): id
            for name, id in db.session.execute(select(Organisation.name, Organisation.id))
            if name.lower() in names
        }
        for key, name in sorted(names.items()):
            if key not in organisation_ids:
                organisation = Organisation(name=name, kind="other")
                db.session.add(organisation)
                db.session.flush()
                organisation_ids[key] = organisation.id
        rows = [
            {
                "person_id": person_id,
                "stage": stage,
                "occurred_on": when,
                "organisation_id": organisation_ids.get((org or "").lower()),
                "note": note,
            }
            for person_id, stage, when, org, note in plan.records
        ]
        added = append_events(rows, source_type="import", source_id=run.id, recorded_by_id=getattr(user, "id", None))
        progress.advance(len(rows))
        return added, len(rows) - added


_LSOA = re.compile(r"^[EW]0[0-9]{7}$")


class PostcodeLookupImporter(Importer):
    kind = "postcode-lookup"
    title = _l("Postcode lookup")
    description = _l(
        "Postcodes with their LSOA and Index of Multiple Deprivation decile, so deprivation quintiles "
        "can be worked out from people's postcodes."
    )
    columns = {"postcode": True, "lsoa_code": True, "imd_decile": True}
    # The ONS Postcode Directory's own column names, for files cut down from it.
    aliases = {"pcds": "postcode", "lsoa11cd": "lsoa_code", "lsoa21cd": "lsoa_code", "lsoa11": "lsoa_code"}
    roles = ("admin",)

    def validate(self, table: CsvTable) -> Plan:
        errors: list[RowError] = []
        records, keys = {}, []
        for line, row in table.rows:
            cells = Cells(line, row, errors)
            before = len(errors)
            postcode = cells.postcode("postcode")
            if postcode is None and not row.get("postcode"):
                cells.error("postcode", _l("required"))
            lsoa = cells.text("lsoa_code", required=True, max_length=9)
            if lsoa and not _LSOA.match(lsoa):
                cells.error("lsoa_code", _l("'%(value)s' is not an LSOA code such as E01000001", value=lsoa))
            decile = cells.whole_number("imd_decile", required=True, minimum=1, maximum=10)
            if len(errors) == before:
                records[postcode] = (lsoa, decile)
                keys.append((line, postcode))
        _duplicates(keys, "postcode", errors)
        existing = {}
        if not errors:
            for chunk in chunks(sorted(records)):
                existing.update(
                    (postcode, (lsoa, decile))
                    for postcode, lsoa, decile in db.session.execute(
                        select(PostcodeLookup.postcode, PostcodeLookup.lsoa_code, PostcodeLookup.imd_decile).where(
                            PostcodeLookup.postcode.in_(chunk)
                        )
                    )
                )
        new = [(p, v) for p, v in records.items() if p not in existing]
        changed = [(p, v) for p, v in records.items() if p in existing and existing[p] != v]
        return Plan(
            records=[new, changed],
            errors=errors,
            counts={
                "rows": len(table.rows),
                "new": len(new),
                "changed": len(changed),
                "existing": len(records) - len(new) - len(changed),
            },
        )

    def write(self, plan: Plan, *, run, user, progress) -> tuple[int, int]:
        new, changed = plan.records
        for chunk in chunks(new, 5000):
            db.session.execute(
                insert(PostcodeLookup),
                [{"postcode": p, "lsoa_code": lsoa, "imd_decile": decile} for p, (lsoa, decile) in chunk],
            )
            progress.advance(len(chunk))
        if changed:
            db.session.execute(
                update(PostcodeLookup),
                [{"postcode": p, "lsoa_code": lsoa, "imd_decile": decile} for p, (lsoa, decile) in changed],
            )
        derive_imd_quintiles()
        return len(new) + len(changed), plan.counts["existing"]


register(PeopleImporter())
register(EventsImporter())
register(PostcodeLookupImporter())
