"""`flask report wp`: the widening-participation report from the command line."""

import sys
from datetime import date
from pathlib import Path

import click

from portal.audit import services as audit
from portal.extensions import db


@click.group("report", help="Reports for boards.")
def report_group():
    pass


def _date(_ctx, _param, value):
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter("use the form YYYY-MM-DD") from error


@report_group.command("wp")
@click.option("--from", "start", required=True, callback=_date, help="First day of the period, YYYY-MM-DD.")
@click.option("--to", "end", required=True, callback=_date, help="Last day of the period, YYYY-MM-DD.")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
@click.option("--unsuppressed", is_flag=True, help="Exact counts (logged in the audit trail). Never publish these.")
def widening_participation_command(start, end, fmt, output, unsuppressed):
    """The widening-participation report (data-formats.md), suppressed unless --unsuppressed."""
    from portal.reports.services import ReportFilters, report_csv, report_xlsx, widening_participation

    if end < start:
        raise click.BadParameter("--to must not be before --from")
    if fmt == "xlsx" and output is None:
        raise click.UsageError("an Excel workbook needs --output FILE")
    report = widening_participation(ReportFilters(start=start, end=end), suppressed=not unsuppressed)
    audit.record(
        "export",
        "widening_participation",
        detail=f"cli {fmt} {start}..{end}{' UNSUPPRESSED' if unsuppressed else ''}",
    )
    db.session.commit()
    if fmt == "xlsx":
        output.write_bytes(report_xlsx(report))
    elif output is not None:
        output.write_text(report_csv(report), encoding="utf-8")
    else:
        sys.stdout.write(report_csv(report))
    if output is not None:
        click.echo(f"Wrote {output} ({report.people_counted} people counted).", err=True)
