"""The board pack's headlines: each one with the filters it obeys, for the period, the previous
period of the same length and the same period a year before, with the change. Counts about
people are suppressed by the one rule; the change is worked out from the figures as shown."""

from dataclasses import dataclass, replace
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from portal.extensions import db
from portal.opportunities.models import Application, Opportunity
from portal.pipeline.choices import STAGES
from portal.pipeline.models import Person
from portal.reports import services
from portal.reports.period import comparison_periods
from portal.reports.suppression import suppress

ALL_FILTERS = frozenset({"route", "organisation", "kind"})
PERIOD_ONLY = frozenset()


def filter_names() -> dict[str, str]:
    return {"route": _("route"), "organisation": _("organisation"), "kind": _("opportunity kind")}


def active_filters(filters: services.ReportFilters) -> set[str]:
    chosen = {"route": filters.route, "organisation": filters.organisation_id, "kind": filters.opportunity_kind}
    return {name for name, value in chosen.items() if value}


def funnel_reached(filters: services.ReportFilters) -> dict[str, int]:
    """reached(S) for everyone, with the filters, counted in the database."""
    person = services.people_in_period(filters).subquery().c
    at_rank = dict(db.session.execute(select(person.furthest_rank, func.count()).group_by(person.furthest_rank)).all())
    reached, running = {}, 0
    for rank in range(len(STAGES), 0, -1):
        running += at_rank.get(rank, 0)
        reached[STAGES[rank - 1]] = running
    return reached


def applications_received(filters: services.ReportFilters) -> int:
    statement = (
        select(func.count())
        .select_from(Application)
        .join(Opportunity, Opportunity.id == Application.opportunity_id)
        .where(Application.submitted_at >= filters.start, Application.submitted_at < filters.end + timedelta(days=1))
    )
    if filters.route:
        statement = statement.join(Person, Person.id == Application.person_id).where(Person.route == filters.route)
    if filters.organisation_id:
        statement = statement.where(Opportunity.organisation_id == filters.organisation_id)
    if filters.opportunity_kind:
        statement = statement.where(Opportunity.kind == filters.opportunity_kind)
    return db.session.scalar(statement) or 0


def headline_values(filters: services.ReportFilters) -> list[tuple[str, str, frozenset, object]]:
    """(key, label, filters obeyed, figure as shown) for one period."""
    from portal.reports.outreach import outreach_report
    from portal.reports.schools_reach import reach_report

    reached = funnel_reached(filters)
    outreach = outreach_report(filters.start, filters.end)
    schools = reach_report(filters.start, filters.end, top=0, not_reached_limit=0)
    return [
        ("reached", _("People reached"), ALL_FILTERS, suppress(reached["engaged"])),
        ("applied", _("People who applied for a role or placement"), ALL_FILTERS, suppress(reached["applied"])),
        ("employed", _("People who started a job"), ALL_FILTERS, suppress(reached["employed"])),
        ("sustained_26w", _("Still in work after 26 weeks"), ALL_FILTERS, suppress(reached["sustained_26w"])),
        ("applications", _("Applications received"), ALL_FILTERS, suppress(applications_received(filters))),
        ("outreach_engaged", _("People engaged by outreach advisers"), PERIOD_ONLY, suppress(outreach["engaged"])),
        (
            "outreach_case_managed",
            _("People case-managed by outreach advisers"),
            PERIOD_ONLY,
            suppress(outreach["case_managed"]),
        ),
        (
            "outreach_employed",
            _("Case-managed people supported into work"),
            PERIOD_ONLY,
            suppress(outreach["employed"]),
        ),
        # Pupils in a room and schools are not counts of identifiable people: not suppressed.
        ("school_sessions", _("School sessions"), PERIOD_ONLY, schools["sessions"]),
        ("pupils", _("Pupils reached in school sessions"), PERIOD_ONLY, schools["pupils"]),
        ("schools", _("Schools reached"), PERIOD_ONLY, schools["schools"]),
    ]


def change(now, before) -> str:
    """The change as shown: signed, or – when either figure is suppressed."""
    if not isinstance(now, int) or not isinstance(before, int):
        return "–"
    difference = now - before
    return f"+{difference}" if difference > 0 else ("0" if difference == 0 else f"−{-difference}")


@dataclass
class Headline:
    key: str
    label: str
    value: object
    previous: object
    last_year: object
    not_filtered_by: list[str]

    @property
    def change_previous(self) -> str:
        return change(self.value, self.previous)

    @property
    def change_last_year(self) -> str:
        return change(self.value, self.last_year)


def board_headlines(filters: services.ReportFilters) -> tuple[list[Headline], dict]:
    """The headlines with their trends, and the comparison periods they were measured against."""
    periods = comparison_periods(filters.start, filters.end)
    current = headline_values(filters)
    previous = headline_values(replace(filters, start=periods["previous"][0], end=periods["previous"][1]))
    last_year = headline_values(replace(filters, start=periods["last_year"][0], end=periods["last_year"][1]))
    chosen, names = active_filters(filters), filter_names()
    headlines = [
        Headline(
            key=key,
            label=label,
            value=value,
            previous=before[3],
            last_year=year_ago[3],
            not_filtered_by=[names[name] for name in sorted(chosen - obeys)],
        )
        for (key, label, obeys, value), before, year_ago in zip(current, previous, last_year, strict=True)
    ]
    return headlines, periods
