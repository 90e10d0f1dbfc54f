"""The opportunities-and-outcomes report's pages: the figures, their CSV and Excel, suppressed."""

from flask import redirect, render_template, request, url_for

from portal.audit import services as audit
from portal.reports import keeping, outcomes
from portal.reports.blueprint import bp
from portal.reports.services import rule_text
from portal.reports.views import _filters, _suppressed
from portal.ui.exports import csv_response, to_csv, xlsx_response


def outcomes_context(report) -> dict:
    return {
        "outcomes": report,
        "outcome_measures": outcomes.measure_labels(),
        "outcome_breakdowns": outcomes.breakdown_labels(),
        "opportunity_measures": outcomes.OPPORTUNITY_MEASURES,
        "job_measures": outcomes.JOB_MEASURES,
    }


@bp.get("/opportunities-and-outcomes")
def outcomes_report():
    form, filters = _filters()
    if filters is None:
        return render_template("reports/outcomes.html", form=form, report=None)
    suppressed = _suppressed()
    report = keeping.kept_figures(
        "outcomes", (filters, suppressed), lambda: outcomes.outcomes_report(filters, suppressed=suppressed)
    )
    audit.record(
        "view", "outcomes_report", detail=f"{filters.start}..{filters.end}{'' if suppressed else ' UNSUPPRESSED'}"
    )
    args = request.args.to_dict()
    return render_template(
        "reports/outcomes.html",
        form=form,
        report=report,
        filters=filters,
        rule=rule_text(suppressed),
        csv_url=url_for("reports.export_outcomes_report", fmt="csv", **args),
        xlsx_url=url_for("reports.export_outcomes_report", fmt="xlsx", **args),
        **outcomes_context(report),
    )


@bp.get("/opportunities-and-outcomes.<any(csv, xlsx):fmt>")
def export_outcomes_report(fmt):
    _form, filters = _filters()
    if filters is None:
        return redirect(url_for("reports.outcomes_report", **request.args.to_dict()))
    suppressed = _suppressed()
    report = outcomes.outcomes_report(filters, suppressed=suppressed)
    audit.record("export", "outcomes_report", detail=f"{fmt} {filters.start}..{filters.end}")
    name = f"opportunities-and-outcomes-{filters.start}-{filters.end}"
    rows = list(outcomes.csv_rows(report))
    if fmt == "xlsx":
        notes = [*filters.describe(), ("", rule_text(suppressed))]
        return xlsx_response({"data": (outcomes.CSV_COLUMNS, rows)}, name, notes=notes)
    return csv_response(to_csv(outcomes.CSV_COLUMNS, rows), name)
