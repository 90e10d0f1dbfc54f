"""The database side of the reports: SQL reduces the pipeline ledger to at most one row per person
(furthest stage and first event in the period) joined to their characteristics, and counts those
people per (characteristic, group, furthest stage); the pure functions in ``widening`` shape the
counts into the report. Exports (CSV, Excel) are built here from
the finished table, never from the database."""

import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pandas as pd
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import Integer, and_, func, or_, select, text, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from portal.extensions import db
from portal.opportunities.choices import KINDS
from portal.pipeline.choices import ROUTES, STAGE_LABELS
from portal.pipeline.identity import counted_people
from portal.pipeline.models import EqualityProfile, Organisation, Person, PipelineEvent
from portal.pipeline.services import counted, stage_rank
from portal.reports import widening
from portal.reports.labels import CHARACTERISTIC_LABELS, group_label
from portal.reports.models import PopulationShare
from portal.reports.suppression import suppress
from portal.ui.exports import defuse, to_csv


@dataclass
class ReportFilters:
    start: date
    end: date
    route: str = ""
    organisation_id: int | None = None
    opportunity_kind: str = ""

    def describe(self) -> list[tuple[str, str]]:
        organisation = db.session.get(Organisation, self.organisation_id) if self.organisation_id else None
        return [
            (
                _("Period"),
                _(
                    "%(start)s to %(end)s",
                    start=format_date(self.start, "d MMMM yyyy"),
                    end=format_date(self.end, "d MMMM yyyy"),
                ),
            ),
            (_("Route"), str(ROUTES[self.route]) if self.route else _("All routes")),
            (_("Organisation"), organisation.name if organisation else _("All organisations")),
            (_("Opportunity kind"), str(KINDS[self.opportunity_kind]) if self.opportunity_kind else _("All kinds")),
        ]


@dataclass
class WideningReport:
    filters: ReportFilters
    table: pd.DataFrame  # characteristic, group, stage, reached, conversion_pct (as published)
    representation: pd.DataFrame
    people_counted: int
    suppressed: bool
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))


def people_in_period(filters: ReportFilters):
    """One row per person with an event in the period (after filters): furthest stage rank
    (exits excluded; NULL when they only exited) and the date of their first event. A merged
    record's events count as the person it was merged into, with that person's characteristics."""
    events = (
        select(
            PipelineEvent.person_id,
            func.max(stage_rank()).label("furthest_rank"),
            func.min(PipelineEvent.occurred_on).label("first_on"),
        )
        .where(PipelineEvent.occurred_on.between(filters.start, filters.end), counted())
        .group_by(PipelineEvent.person_id)
    )
    if filters.organisation_id:
        events = events.where(PipelineEvent.organisation_id == filters.organisation_id)
    if filters.opportunity_kind:
        from portal.opportunities.models import Application, Opportunity, Placement

        applications = select(Application.id).join(Opportunity).where(Opportunity.kind == filters.opportunity_kind)
        placements = (
            select(Placement.id)
            .join(Application, Placement.application_id == Application.id)
            .join(Opportunity)
            .where(Opportunity.kind == filters.opportunity_kind)
        )
        events = events.where(
            or_(
                and_(PipelineEvent.source_type == "application", PipelineEvent.source_id.in_(applications)),
                and_(PipelineEvent.source_type == "placement", PipelineEvent.source_id.in_(placements)),
            )
        )
    # Each record's furthest stage first, in the ledger index's order, then a merged record's
    # figures go to the person it was merged into: joining every event to its person to find
    # the counted person cost 1 s of 3.2 at 100,000 people; joining one row per record costs little.
    records = events.subquery()
    people, person = counted_people()
    furthest = (
        select(
            person.label("person_id"),
            func.max(records.c.furthest_rank).label("furthest_rank"),
            func.min(records.c.first_on).label("first_on"),
        )
        .join(people, people.id == records.c.person_id)
        .group_by(person)
        .subquery()
    )
    statement = (
        select(
            furthest.c.furthest_rank,
            furthest.c.first_on,
            Person.date_of_birth,
            Person.route,
            Person.imd_quintile,
            EqualityProfile.sex,
            EqualityProfile.ethnic_category,
            *(getattr(EqualityProfile, name) for name in widening.YES_NO_CHARACTERISTICS),
        )
        .join(Person, Person.id == furthest.c.person_id)
        .outerjoin(EqualityProfile, EqualityProfile.person_id == Person.id)
        .where(furthest.c.furthest_rank.is_not(None))
    )
    if filters.route:
        statement = statement.where(Person.route == filters.route)
    return statement


def load_people(filters: ReportFilters) -> pd.DataFrame:
    """The per-person rows themselves. The report never loads them (``group_counts`` counts in
    the database); tests use them to check the database's counts against ``widening.count_groups``."""
    result = db.session.execute(people_in_period(filters))
    return pd.DataFrame(result.all(), columns=list(result.keys()))


class age_in_years(FunctionElement):
    """``age_in_years(born, on)``: the whole years someone born on ``born`` had turned by ``on``
    (a birthday counts from the day itself; someone born on 29 February turns a year older on
    1 March in other years, as ``widening.age_bands`` says). Both dates as whole numbers
    YYYYMMDD: their difference, in ten-thousands, is the age. The report works it out once per
    person, then each age band costs two comparisons."""

    type = Integer()
    inherit_cache = True


@compiles(age_in_years, "sqlite")
def _age_in_years_sqlite(element, compiler, **kw):
    born, on = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"((CAST(strftime('%Y%m%d', {on}) AS INTEGER) - CAST(strftime('%Y%m%d', {born}) AS INTEGER)) / 10000)"


@compiles(age_in_years, "postgresql")
def _age_in_years_postgresql(element, compiler, **kw):
    born, on = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"((to_char({on}, 'YYYYMMDD')::integer - to_char({born}, 'YYYYMMDD')::integer) / 10000)"


def _group_conditions(person) -> list[tuple[str, str, object]]:
    """(characteristic, group, SQL condition) for every group of every characteristic, with the
    same definitions as ``widening.person_groups``: a missing or empty answer is ``unknown``."""

    def unanswered(column):
        return or_(column.is_(None), column == "")

    conditions = [("all", "all", true())]
    answered = {"route": person.route, "sex": person.sex}
    answered.update({name: getattr(person, name) for name in widening.YES_NO_CHARACTERISTICS})
    known_codes = list(widening.ETHNIC_GROUP_OF)
    for characteristic, groups in widening.CHARACTERISTICS.items():
        for group in groups:
            if characteristic == "all":
                continue
            if characteristic == "age_band":
                if group == widening.UNKNOWN:
                    condition = person.date_of_birth.is_(None)
                else:
                    _band, youngest, oldest = next(b for b in widening.AGE_BAND_BOUNDS if b[0] == group)
                    condition = and_(
                        person.date_of_birth.is_not(None),
                        person.age >= youngest if youngest is not None else true(),
                        person.age <= oldest if oldest is not None else true(),
                    )
            elif characteristic == "ethnic_group":
                column = person.ethnic_category
                if group == widening.UNKNOWN:
                    condition = or_(column.is_(None), column.not_in(known_codes))
                else:
                    condition = column.in_([code for code, name in widening.ETHNIC_GROUP_OF.items() if name == group])
            elif characteristic == "imd_quintile":
                column = person.imd_quintile
                condition = column.is_(None) if group == widening.UNKNOWN else column == int(group)
            else:
                column = answered[characteristic]
                condition = unanswered(column) if group == widening.UNKNOWN else column == group
            conditions.append((characteristic, group, condition))
    return conditions


def group_counts(filters: ReportFilters) -> pd.DataFrame:
    """People per (characteristic, group, furthest rank), counted in the database in one pass over
    the people in the period: a row per furthest stage, a filtered count per group. Only these few
    hundred numbers leave the database (columns as ``widening.count_groups``).

    The people are worked out once, with their age, into a table the counts then read: left to
    itself SQLite would fold them into the counting and work out the age once per age band
    (measured: 2.4 s -> 2.1 s at 100,000 people, against 1.5 s for the ledger pass alone)."""
    period = people_in_period(filters)
    columns = period.selected_columns
    person = (
        period.add_columns(age_in_years(columns.date_of_birth, columns.first_on).label("age"))
        .cte("people_counted")
        .prefix_with("MATERIALIZED")
        .c
    )
    conditions = _group_conditions(person)
    statement = select(
        person.furthest_rank,
        *(func.count().filter(condition) for _characteristic, _group, condition in conditions),
    ).group_by(person.furthest_rank)
    on_postgresql = db.session.get_bind().dialect.name == "postgresql"
    if on_postgresql:
        # For this statement only: compiling it to machine code costs more than it saves, and the
        # people arrive in person order from the ledger's index, so merging them with people and
        # their answers is cheaper than building hash tables (measured: 0.6 s -> 0.35 s at 100,000).
        db.session.execute(text("SET LOCAL jit = off"))
        db.session.execute(text("SET LOCAL enable_hashjoin = off"))
    rows = db.session.execute(statement).all()
    if on_postgresql:  # (if the statement fails, the rollback ends the SET LOCALs)
        db.session.execute(text("RESET jit"))
        db.session.execute(text("RESET enable_hashjoin"))
    records = [
        (characteristic, group, int(row[0]), row[index])
        for row in rows
        for index, (characteristic, group, _condition) in enumerate(conditions, start=1)
    ]
    return pd.DataFrame(records, columns=["characteristic", "group", "rank", "people"])


def baseline_frame() -> pd.DataFrame:
    rows = db.session.execute(
        select(PopulationShare.characteristic, PopulationShare.group_name, PopulationShare.share_pct)
    ).all()
    return pd.DataFrame(rows, columns=["characteristic", "group", "population_pct"]).astype(
        {"population_pct": "float64"}
    )


def widening_participation(filters: ReportFilters, *, suppressed: bool = True) -> WideningReport:
    counts = group_counts(filters)
    table = widening.present(widening.reached_from_counts(counts), suppressed=suppressed)
    return WideningReport(
        filters=filters,
        table=table,
        representation=widening.representation(table, baseline_frame()),
        people_counted=int(counts.loc[counts["characteristic"] == "all", "people"].sum()),
        suppressed=suppressed,
    )


# ---------------------------------------------------------------------------------------- exports


LABEL_COLUMNS = ["characteristic_label", "group_label", "stage_label"]


def report_csv(report: WideningReport, *, labelled: bool = False) -> str:
    """The contract's columns (data-formats.md); ``labelled`` adds, after them, the
    characteristic, group and stage in words in the reader's language (the web download)."""
    rows = report.table.itertuples(index=False, name=None)
    if not labelled:
        return to_csv(widening.CSV_COLUMNS, rows)
    return to_csv(widening.CSV_COLUMNS + LABEL_COLUMNS, (row + labels_for(*row[:3]) for row in rows))


def labels_for(characteristic: str, group: str, stage: str) -> tuple[str, str, str]:
    return (
        str(CHARACTERISTIC_LABELS[characteristic]),
        group_label(characteristic, group),
        str(STAGE_LABELS[stage]),
    )


def rule_text(suppressed: bool) -> str:
    if suppressed:
        return _(
            "Small numbers are suppressed (NHS England rule): counts of 1 to 7 people are shown as *, other "
            "counts are rounded to the nearest 5, and 0 stays 0. Percentages are worked out from the rounded "
            "counts."
        )
    return _("Exact counts: not suppressed. Do not publish or share outside the academy.")


def definitions() -> list[str]:
    return [
        _("A person is counted when they have at least one event dated in the period."),
        _(
            "A person's furthest stage is the highest stage among their events in the period; withdrawals and "
            "unsuccessful outcomes are not stages."
        ),
        _("Reached (stage) is the number of people whose furthest stage is that stage or a later one."),
        _("Conversion is reached (stage) divided by reached (the stage before), as a percentage."),
        _("Age band is taken on the date of the person's first event in the period."),
        _("Every other characteristic is the person's current answer; 'unknown' where none was given."),
    ]


def report_xlsx(report: WideningReport) -> bytes:
    """A workbook with a notes sheet first, then one sheet per characteristic."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    notes = workbook.active
    notes.title = "notes"
    notes.append([_("Widening-participation report")])
    notes["A1"].font = Font(bold=True, size=14)
    for label, value in report.filters.describe():
        notes.append([label, defuse(value)])
    notes.append([_("Generated"), report.generated_at.strftime("%Y-%m-%d %H:%M UTC")])
    notes.append(
        [_("People counted"), report.people_counted if not report.suppressed else suppress(report.people_counted)]
    )
    notes.append([])
    notes.append([rule_text(report.suppressed)])
    notes.append([])
    notes.append([_("Definitions")])
    for line in definitions():
        notes.append([line])
    notes.column_dimensions["A"].width = 40
    notes.column_dimensions["B"].width = 60

    representation = report.representation.set_index(["characteristic", "group"])
    for characteristic in widening.CHARACTERISTICS:
        part = report.table[report.table["characteristic"] == characteristic]
        sheet = workbook.create_sheet(characteristic[:31])
        sheet.append(["group", "stage", "reached", "conversion_pct", "group_label", "stage_label"])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for _c, group, stage, reached, conversion in part.itertuples(index=False, name=None):
            _label, group_words, stage_words = labels_for(characteristic, group, stage)
            sheet.append([defuse(group), stage, reached, conversion, defuse(group_words), stage_words])
        if characteristic != "all":
            sheet.append([])
            sheet.append(["group", "reached_pct", "population_pct", "ratio"])
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
            for group in part["group"].unique():
                row = (
                    representation.loc[(characteristic, group)]
                    if (characteristic, group) in representation.index
                    else None
                )
                if row is None:
                    continue
                sheet.append(
                    [
                        defuse(group),
                        row["reached_pct"],
                        None if pd.isna(row["population_pct"]) else row["population_pct"],
                        None if pd.isna(row["ratio"]) else row["ratio"],
                    ]
                )
        sheet.column_dimensions["A"].width = 22
        sheet.column_dimensions["B"].width = 16
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
