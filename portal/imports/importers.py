"""The people, events and postcode-lookup imports, by the contract in data-formats.md."""

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, bindparam, func, insert, literal, select, update

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.imports.csvfile import Cells, CsvTable, RowError, check_columns
from portal.imports.services import Importer, Plan, chunks, execute_in, execute_many, register
from portal.people.consent import Consent
from portal.pipeline.choices import (
    ETHNIC_CATEGORIES,
    LANGUAGE_TAG_PATTERN,
    ROUTES,
    SEX,
    SOURCES,
    STAGE_LABELS,
    YES_NO,
    YES_NO_CHARACTERISTICS,
)
from portal.pipeline.models import EqualityProfile, Organisation, Person, PostcodeLookup
from portal.pipeline.services import append_events, derive_imd_quintiles

EARLIEST_BIRTH = date(1900, 1, 1)


def _existing(column, values: list) -> dict:
    """{value: id} for the values already in the database, looked up in chunks."""
    model = column.class_
    return dict(execute_in(column, lambda known: select(column, model.id).where(known), sorted(set(values))))


def _duplicates(keys: list[tuple[int, tuple]], column: str, errors: list[RowError]) -> None:
    first_line = {}
    for line, key in keys:
        if key in first_line:
            errors.append(RowError(line, column, str(_l("the same as line %(line)s", line=first_line[key]))))
        else:
            first_line[key] = line


PERSON_FIELDS = (
    "person_ref",
    "first_name",
    "last_name",
    "email",
    "phone",
    "date_of_birth",
    "postcode",
    "route",
    "source",
    "preferred_language",
    "consent_date",
    "imd_quintile",
)
EQUALITY_FIELDS = ("sex", "ethnic_category", *YES_NO_CHARACTERISTICS)


def _person_checks(today: date) -> dict:
    """Each people column's cell check, a function of a row's ``Cells`` that reads that column alone
    (so that ``check_columns`` can run it once per distinct value)."""
    return {
        "person_ref": lambda cells: cells.text("person_ref", required=True, max_length=40),
        "first_name": lambda cells: cells.text("first_name", required=True, max_length=100),
        "last_name": lambda cells: cells.text("last_name", required=True, max_length=100),
        "email": lambda cells: cells.email("email"),
        "phone": lambda cells: cells.phone("phone"),
        "date_of_birth": lambda cells: cells.date("date_of_birth", not_after=today),
        "postcode": lambda cells: cells.postcode("postcode"),
        "route": lambda cells: cells.choice("route", ROUTES, required=True),
        "source": lambda cells: cells.choice("source", SOURCES),
        "preferred_language": lambda cells: cells.text("preferred_language", max_length=16),
        "consent_date": lambda cells: cells.date("consent_date", required=True, not_after=today),
        "imd_quintile": lambda cells: cells.whole_number("imd_quintile", minimum=1, maximum=5),
        "sex": lambda cells: cells.choice("sex", SEX),
        "ethnic_category": lambda cells: cells.choice("ethnic_category", ETHNIC_CATEGORIES),
        **{name: (lambda cells, name=name: cells.choice(name, YES_NO)) for name in YES_NO_CHARACTERISTICS},
    }


def _born_too_early(born: date | None) -> bool:
    return bool(born) and born < EARLIEST_BIRTH


def _not_a_language_tag(language: str | None) -> bool:
    return bool(language) and not re.fullmatch(LANGUAGE_TAG_PATTERN, language)


class PeopleImporter(Importer):
    kind = "people"
    title = _l("People")
    description = _l("People the academy has worked with, with their route, consent and equality answers.")
    choices = {
        "route": ROUTES, "source": SOURCES, "sex": SEX, "ethnic_category": ETHNIC_CATEGORIES,
        **dict.fromkeys(YES_NO_CHARACTERISTICS, YES_NO),
    }  # fmt: skip
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
        """Check each column's distinct values once (a history file can hold a hundred thousand
        people); only the rows with a problem are checked again cell by cell, for their errors.

        A record is (person, answers): tuples in PERSON_FIELDS and EQUALITY_FIELDS order."""
        errors: list[RowError] = []
        records, keys = [], []
        checks = _person_checks(date.today())
        checked, failed = check_columns(table, checks)
        failed.update(index for index, born in enumerate(checked["date_of_birth"]) if _born_too_early(born))
        failed.update(index for index, tag in enumerate(checked["preferred_language"]) if _not_a_language_tag(tag))
        people = list(zip(*(checked[name] for name in PERSON_FIELDS), strict=True))
        answers = list(zip(*(checked[name] for name in EQUALITY_FIELDS), strict=True))
        for index, line in enumerate(table.lines):
            if index in failed:
                person, equality, ok = self.check_row(line, table.row(index), checks, errors)
                if person[0]:
                    keys.append((line, person[0]))
                if ok:
                    records.append((person, equality))
            else:
                keys.append((line, people[index][0]))
                records.append((people[index], answers[index]))
        _duplicates(keys, "person_ref", errors)
        existing = _existing(Person.person_ref, [ref for _, ref in keys]) if not errors else {}
        new = [record for record in records if record[0][0] not in existing]
        return Plan(
            records=new,
            errors=errors,
            counts={"rows": len(table.lines), "new": len(new), "existing": len(records) - len(new)},
        )

    @staticmethod
    def check_row(line: int, row: dict, checks: dict, errors: list[RowError]) -> tuple[tuple, tuple, bool]:
        """One row checked cell by cell, its errors added to ``errors``: (person, answers, ok).
        The errors come in the order they always have: the person's cells, the two rules across
        them, then the equality answers."""
        cells = Cells(line, row, errors)
        before = len(errors)
        person = {name: checks[name](cells) for name in PERSON_FIELDS}
        if _born_too_early(person["date_of_birth"]):
            cells.error("date_of_birth", _l("is before 1900"))
        language = person["preferred_language"]
        if _not_a_language_tag(language):
            cells.error("preferred_language", _l("'%(value)s' is not a language tag such as en or ar", value=language))
        answers = tuple(checks[name](cells) for name in EQUALITY_FIELDS)
        return tuple(person.values()), answers, len(errors) == before

    def write(self, plan: Plan, *, run, user, progress) -> tuple[int, int]:
        user_id = getattr(user, "id", None)
        # A profile finds its person by reference, so no ids need reading back.
        profiles = insert(EqualityProfile.__table__).values(
            person_id=select(Person.id).where(Person.person_ref == bindparam("person_ref")).scalar_subquery()
        )
        # Every person created gets their own audit entry (the audit log is searched by person),
        # copied from the people just written rather than sent row by row.
        audit_columns = ["user_id", "action", "object_type", "object_id", "detail"]
        audit_values = (
            literal(user_id, Integer),
            literal("create"),
            literal("person"),
            Person.person_ref,
            literal(f"import run {run.id}"),
        )
        # Not ORM objects, nor even Core's executemany: a history file can hold a hundred thousand people.
        for chunk in chunks(plan.records, 5000):
            execute_many(insert(Person.__table__), PERSON_FIELDS, [person for person, _ in chunk])
            execute_many(
                profiles,
                ("person_ref", *EQUALITY_FIELDS),
                [(person[0], *answers) for person, answers in chunk if any(answers)],
            )
            progress.advance(len(chunk))
        execute_in(
            Person.person_ref,
            lambda written: insert(AuditEvent.__table__).from_select(
                audit_columns, select(*audit_values).where(written).order_by(Person.id)
            ),
            [person[0] for person, _ in plan.records],
            size=5000,
        )
        # Each person's consent, as the file dates it, is the first row of their consent history.
        execute_in(
            Person.person_ref,
            lambda written: insert(Consent.__table__).from_select(
                ["person_id", "given_on", "version", "how", "note"],
                select(Person.id, Person.consent_date, Person.consent_version, literal("import"), literal(""))
                .where(written, Person.consent_date.is_not(None))
                .order_by(Person.id),
            ),
            [person[0] for person, _ in plan.records],
            size=5000,
        )
        derive_imd_quintiles()
        return len(plan.records), plan.counts["existing"]


class EventsImporter(Importer):
    kind = "events"
    title = _l("Pipeline events")
    description = _l("What happened to each person and when: engaged, applied, employed and the rest.")
    choices = {"stage": STAGE_LABELS}
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
                cells.choice("stage", STAGE_LABELS, required=True),
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


def _lookup_row(postcode: str, values: tuple) -> dict:
    lsoa, decile, latitude, longitude = values
    return {"postcode": postcode, "lsoa_code": lsoa, "imd_decile": decile, "latitude": latitude, "longitude": longitude}


class PostcodeLookupImporter(Importer):
    kind = "postcode-lookup"
    title = _l("Postcode lookup")
    description = _l(
        "Postcodes with their LSOA and Index of Multiple Deprivation decile, so deprivation quintiles "
        "can be worked out from people's postcodes, and optionally their latitude and longitude, so "
        "opportunities can be found near a postcode."
    )
    columns = {"postcode": True, "lsoa_code": True, "imd_decile": True, "latitude": False, "longitude": False}
    # The ONS Postcode Directory's own column names, for files cut down from it.
    aliases = {
        "pcds": "postcode",
        "lsoa11cd": "lsoa_code",
        "lsoa21cd": "lsoa_code",
        "lsoa11": "lsoa_code",
        "lat": "latitude",
        "long": "longitude",
    }
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
            # Around the UK; the ONS directory writes 99.999999 / 0 for a postcode with no grid reference.
            latitude = cells.decimal("latitude", minimum=49.0, maximum=61.0)
            longitude = cells.decimal("longitude", minimum=-9.0, maximum=2.5)
            if (latitude is None) != (longitude is None) and len(errors) == before:
                cells.error("longitude" if longitude is None else "latitude", _l("give both latitude and longitude"))
            if len(errors) == before:
                records[postcode] = (lsoa, decile, latitude, longitude)
                keys.append((line, postcode))
        _duplicates(keys, "postcode", errors)
        existing = {}
        if not errors:
            for chunk in chunks(sorted(records)):
                existing.update(
                    (postcode, (lsoa, decile, latitude, longitude))
                    for postcode, lsoa, decile, latitude, longitude in db.session.execute(
                        select(
                            PostcodeLookup.postcode,
                            PostcodeLookup.lsoa_code,
                            PostcodeLookup.imd_decile,
                            PostcodeLookup.latitude,
                            PostcodeLookup.longitude,
                        ).where(PostcodeLookup.postcode.in_(chunk))
                    )
                )
        # A file without centroids keeps those already loaded.
        for postcode, (lsoa, decile, latitude, _longitude) in records.items():
            if latitude is None and postcode in existing:
                records[postcode] = (lsoa, decile, *existing[postcode][2:])
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
                [_lookup_row(p, values) for p, values in chunk],
            )
            progress.advance(len(chunk))
        if changed:
            db.session.execute(
                update(PostcodeLookup),
                [_lookup_row(p, values) for p, values in changed],
            )
        derive_imd_quintiles()
        return len(new) + len(changed), plan.counts["existing"]


register(PeopleImporter())
register(EventsImporter())
register(PostcodeLookupImporter())
