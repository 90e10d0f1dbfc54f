"""The outreach report's pages: the figures and their CSV, small numbers suppressed."""

from datetime import date

from flask import Response, render_template, request, url_for

from portal.audit import services as audit
from portal.extensions import db
from portal.outreach.choices import CLOSURE_REASONS, INTERVENTION_TYPES
from portal.pipeline.forms import PeriodForm
from portal.reports import outreach
from portal.reports.blueprint import bp
from portal.reports.suppression import RULE_TEXT, suppress


def _report_period():
    from datetime import timedelta

    form = PeriodForm(request.args)
    valid = form.validate() if request.args else True
    today = date.today()
    start = (form.start.data if valid else None) or today - timedelta(days=365)
    end = (form.end.data if valid else None) or today
    return form, start, end


@bp.get("/outreach")
def outreach_report():
    form, start, end = _report_period()
    report = outreach.outreach_report(start, end)
    return render_template(
        "reports/outreach.html",
        form=form,
        start=start,
        end=end,
        report=report,
        suppress=suppress,
        rule=RULE_TEXT,
        intervention_types=INTERVENTION_TYPES,
        closure_reasons=CLOSURE_REASONS,
        csv_url=url_for("reports.export_outreach_report", **request.args.to_dict()),
    )


@bp.get("/outreach.csv")
def export_outreach_report():
    _form, start, end = _report_period()
    audit.record("export", "outreach_report", detail=f"{start}..{end}")
    db.session.commit()
    return Response(
        "\ufeff" + outreach.report_csv(outreach.outreach_report(start, end)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="outreach-{start}-{end}.csv"'},
    )
