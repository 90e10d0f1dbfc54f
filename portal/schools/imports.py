"""`flask import sessions FILE` and the web import of past sessions, by the sessions.csv contract
in data-formats.md, on the shared imports framework. Natural key: (school_urn, date, activity)."""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.careers.models import Career
from portal.extensions import db
from portal.imports.csvfile import Cells, CsvTable, RowError
from portal.imports.services import Importer, Plan, chunks, register
from portal.schools import services
from portal.schools.choices import ACTIVITIES, FORMATS, GATSBY_BENCHMARKS, YEAR_GROUPS, year_label
from portal.schools.forms import URN
from portal.schools.models import School, SchoolSession

BENCHMARKS = {str(number): label for number, label in GATSBY_BENCHMARKS.items()}
YEARS = {year: (lambda year=year: year_label(year)) for year in YEAR_GROUPS}


def career_titles() -> dict[str, str]:
    return dict(db.session.execute(select(Career.slug, Career.title).order_by(Career.title)).all())


class SessionsImporter(Importer):
    kind = "sessions"
    title = _l("School sessions")
    description = _l("Past careers sessions in schools: school, date, activity, year groups and pupils reached.")
    columns = {
        "school_urn": True,
        "school_name": False,  # required on the first sight of a URN the register does not know
        "date": True,
        "format": True,
        "activity": True,
        "year_groups": True,
        "pupils_reached": True,
        "careers": False,
        "ambassadors": False,
        "gatsby": False,
        "notes": False,
    }
    roles = ("academy_staff", "manager", "admin")
    choices = {"format": FORMATS, "activity": ACTIVITIES, "year_groups": YEARS, "careers": career_titles,
               "gatsby": BENCHMARKS}  # fmt: skip
    list_columns = frozenset({"year_groups", "careers", "gatsby"})
    count_labels = {"new_schools": _l("New schools to be added to the register")}

    def validate(self, table: CsvTable) -> Plan:
        errors: list[RowError] = []
        today = date.today()
        careers = dict(db.session.execute(select(Career.slug, Career.id)).all())
        titles = career_titles()
        rows = []
        # The first name given for each URN, from every row: a row refused for another reason (a
        # wrong career) still names its school, so the next row of that school is not told
        # "school name required" as well.
        names_given: dict[str, tuple[int, str]] = {}
        for line, row in table.rows:
            cells = Cells(line, row, errors)
            before = len(errors)
            urn = cells.text("school_urn", required=True, max_length=6)
            if urn is not None and not URN.match(urn):
                cells.error("school_urn", _l("'%(value)s' is not a 6-digit URN", value=urn))
                urn = None
            name = cells.text("school_name", max_length=200)
            if urn is not None and name:
                names_given.setdefault(urn, (line, name))
            record = {
                "line": line,
                "urn": urn,
                "school_name": name,
                "held_on": cells.date("date", required=True, not_after=today),
                "format": cells.choice("format", FORMATS, required=True),
                "activity": cells.choice("activity", ACTIVITIES, required=True),
                "year_groups": cells.items("year_groups", YEARS, required=True),
                "pupils_reached": cells.whole_number("pupils_reached", required=True, minimum=0, maximum=100000),
                "careers": cells.items("careers", titles),
                "ambassadors": cells.whole_number("ambassadors", minimum=0, maximum=1000),
                "gatsby": cells.items("gatsby", BENCHMARKS),
                "notes": cells.text("notes", max_length=5000) or "",
            }
            if len(errors) == before:
                rows.append(record)
        known = self._known_schools({record["urn"] for record in rows})
        named, first_line = {}, {}
        for record in rows:
            urn, key = record["urn"], (record["urn"], record["held_on"], record["activity"])
            if key in first_line:
                errors.append(RowError(record["line"], "date", str(_l("the same school, date and activity as line %(line)s", line=first_line[key]))))  # fmt: skip
            first_line.setdefault(key, record["line"])
            if urn not in known and urn not in named:
                if urn in names_given and names_given[urn][0] <= record["line"]:
                    named[urn] = names_given[urn][1]
                else:
                    errors.append(RowError(record["line"], "school_name", str(_l("required the first time a URN appears"))))  # fmt: skip
        existing = self._existing_sessions(known, rows) if not errors else set()
        new = [r for r in rows if (r["urn"], r["held_on"], r["activity"]) not in existing]
        return Plan(
            records=[(r, careers) for r in new],
            errors=errors,
            counts={"rows": len(table.rows), "new": len(new), "existing": len(rows) - len(new),
                    "new_schools": len(named)},
        )  # fmt: skip

    @staticmethod
    def _known_schools(urns: set) -> dict[str, int]:
        found = {}
        for chunk in chunks(sorted(urn for urn in urns if urn)):
            found.update(db.session.execute(select(School.urn, School.id).where(School.urn.in_(chunk))).all())
        return found

    @staticmethod
    def _existing_sessions(known: dict[str, int], rows: list[dict]) -> set:
        school_ids = sorted({known[r["urn"]] for r in rows if r["urn"] in known})
        urn_of = {school_id: urn for urn, school_id in known.items()}
        existing = set()
        for chunk in chunks(school_ids):
            for school_id, held_on, activity in db.session.execute(
                select(SchoolSession.school_id, SchoolSession.held_on, SchoolSession.activity).where(
                    SchoolSession.school_id.in_(chunk)
                )
            ):
                existing.add((urn_of[school_id], held_on, activity))
        return existing

    def write(self, plan: Plan, *, run, user, progress) -> tuple[int, int]:
        schools = self._known_schools({record["urn"] for record, _ in plan.records})
        for record, _careers in plan.records:
            if record["urn"] not in schools:
                school = School(urn=record["urn"], name=record["school_name"])
                db.session.add(school)
                db.session.flush()
                schools[school.urn] = school.id
        for chunk in chunks(plan.records, 200):
            for record, careers in chunk:
                details = services.SessionDetails(
                    school_id=schools[record["urn"]],
                    held_on=record["held_on"],
                    format=record["format"],
                    activity=record["activity"],
                    year_groups=record["year_groups"],
                    pupils_reached=record["pupils_reached"],
                    career_ids=[careers[slug] for slug in record["careers"]],
                    benchmarks=[int(number) for number in record["gatsby"]],
                    ambassador_hours={},
                    ambassador_count=record["ambassadors"],
                    notes=record["notes"],
                )
                services.log_session(details, user, source="imported")
            progress.advance(len(chunk))
        return len(plan.records), plan.counts["existing"]


register(SessionsImporter())
