"""The database side of the reports: SQL reduces the pipeline ledger to at most one row per person
(furthest stage and first event in the period) joined to their characteristics; the pure
functions in ``widening`` shape that into the report. Exports (CSV, Excel) are built here from
the finished table, never from the database."""

import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pandas as pd
from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select

from portal.exports import defuse, to_csv
from portal.extensions import db
from portal.pipeline.models import EqualityProfile, Organisation, Person, PipelineEvent
from portal.pipeline.services import stage_rank
from portal.reports import widening
from portal.reports.models import PopulationShare
from portal.reports.suppression import suppress


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
            (_("Period"), f"{self.start.isoformat()} to {self.end.isoformat()}"),
            (_("Route"), self.route or _("All routes")),
            (_("Organisation"), organisation.name if organisation else _("All organisations")),
            (_("Opportunity kind"), self.opportunity_kind or _("All kinds")),
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
    (exits excluded; NULL when they only exited) and the date of their first event."""
    events = (
        select(
            PipelineEvent.person_id,
            func.max(stage_rank()).label("furthest_rank"),
            func.min(PipelineEvent.occurred_on).label("first_on"),
        )
        .where(PipelineEvent.occurred_on.between(filters.start, filters.end))
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
    furthest = events.subquery()
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
    result = db.session.execute(people_in_period(filters))
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def baseline_frame() -> pd.DataFrame:
    rows = db.session.execute(
        select(PopulationShare.characteristic, PopulationShare.group_name, PopulationShare.share_pct)
    ).all()
    return pd.DataFrame(rows, columns=["characteristic", "group", "population_pct"]).astype(
        {"population_pct": "float64"}
    )


def widening_participation(filters: ReportFilters, *, suppressed: bool = True) -> WideningReport:
    people = load_people(filters)
    table = widening.present(widening.compute_reached(people), suppressed=suppressed)
    return WideningReport(
        filters=filters,
        table=table,
        representation=widening.representation(table, baseline_frame()),
        people_counted=len(people),
        suppressed=suppressed,
    )


# ---------------------------------------------------------------------------------------- exports


def report_csv(report: WideningReport) -> str:
    rows = report.table.itertuples(index=False, name=None)
    return to_csv(widening.CSV_COLUMNS, rows)


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
        sheet.append(["group", "stage", "reached", "conversion_pct"])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for _c, group, stage, reached, conversion in part.itertuples(index=False, name=None):
            sheet.append([defuse(group), stage, reached, conversion])
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


def board_headlines(filters: ReportFilters) -> dict:
    """Headline numbers from the other reports for the board pack, suppressed."""
    from portal.opportunities.models import Application
    from portal.outreach.services import outreach_report

    outreach = outreach_report(filters.start, filters.end)
    applications = db.session.scalar(
        select(func.count())
        .select_from(Application)
        .where(Application.submitted_at >= filters.start, Application.submitted_at < filters.end + timedelta(days=1))
    )
    headlines = {
        "outreach": {
            key: suppress(outreach[key])
            for key in ("engaged", "case_managed", "employed", "sustained_13w", "sustained_26w")
        },
        "applications": suppress(applications or 0),
        "schools": None,
    }
    from portal.schools.services import reach_report

    schools = reach_report(filters.start, filters.end, top=0, not_reached_limit=0)
    # Pupils in a room and schools are not counts of identifiable people: not suppressed.
    headlines["schools"] = [
        (_("School sessions"), schools["sessions"]),
        (_("Pupils reached in school sessions"), schools["pupils"]),
        (_("Schools reached"), schools["schools"]),
        (_("Pilot schools reached"), schools["pilot_schools"]),
    ]
    return headlines
