"""The outreach report's pages: the figures and their CSV, small numbers suppressed."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.audit import services as audit
from portal.outreach.choices import CLOSURE_REASONS, INTERVENTION_TYPES
from portal.reports import keeping, outreach
from portal.reports.blueprint import bp
from portal.reports.period import read_period
from portal.reports.suppression import RULE_TEXT, suppress
from portal.ui.exports import csv_response


def _report_period():
    form, bounds = read_period(request.args)
    start, end = bounds or (None, None)
    return form, start, end


@bp.get("/outreach")
def outreach_report():
    form, start, end = _report_period()
    if start is None:
        return render_template("reports/outreach.html", form=form, start=None, end=None, report=None)
    report = keeping.kept_figures("outreach", (start, end), lambda: outreach.outreach_report(start, end))
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
    if start is None:
        return redirect(url_for("reports.outreach_report", **request.args.to_dict()))
    audit.record("export", "outreach_report", detail=f"{start}..{end}")
    labels = {
        "people": {
            "engaged": _("Individuals engaged"),
            "case_managed": _("Case-managed"),
            "supported_into_employment": _("Supported into employment"),
            "sustained_13w": _("Still employed at 13 weeks"),
            "sustained_26w": _("Still employed at 26 weeks"),
            "median_days_referral_to_job": _("Median days from referral to first job"),
        },
        "intervention": {k: str(v) for k, v in INTERVENTION_TYPES.items()},
        "closure_reason": {k: str(v) for k, v in CLOSURE_REASONS.items()},
    }
    report = outreach.report_csv(outreach.outreach_report(start, end), labels)
    return csv_response(report, f"outreach-{start}-{end}")
