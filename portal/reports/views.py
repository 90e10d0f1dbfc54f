"""Report pages for managers and admins: widening participation (with downloads) and the board pack."""

from datetime import date

from flask import Response, abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from portal.audit import services as audit
from portal.extensions import db
from portal.pipeline.choices import STAGE_LABELS, STAGES
from portal.pipeline.models import Organisation
from portal.reports import keeping, services, widening
from portal.reports.blueprint import bp
from portal.reports.forms import ReportFilterForm
from portal.reports.labels import CHARACTERISTIC_LABELS, group_label
from portal.reports.suppression import UNSUPPRESSED_ROLES
from portal.ui.exports import csv_response


def _organisations():
    return db.session.execute(select(Organisation.id, Organisation.name).order_by(Organisation.name)).all()


def _filters():
    """The form and the filters it asks for; None for the filters when the period or a filter is
    not valid (the page shows the errors beside the fields, and no figures)."""
    form = ReportFilterForm(request.args or None, today=date.today(), organisations=_organisations())
    if not form.validate():
        return form, None
    start, end = form.bounds()
    filters = services.ReportFilters(
        start=start,
        end=end,
        route=form.route.data or "",
        organisation_id=int(form.organisation.data) if form.organisation.data else None,
        opportunity_kind=form.kind.data or "",
    )
    return form, filters


def _not_valid(form, template: str, **context):
    return render_template(template, form=form, report=None, **context)


def _suppressed() -> bool:
    if request.args.get("unsuppressed") == "1":
        if current_user.role not in UNSUPPRESSED_ROLES:
            abort(403)
        return False
    return True


@bp.get("/widening-participation")
def widening_participation():
    form, filters = _filters()
    if filters is None:
        return _not_valid(form, "reports/widening_participation.html")
    suppressed = _suppressed()

    def build():
        report = services.widening_participation(filters, suppressed=suppressed)
        return report, _sections(report), _funnel(report)

    report, sections, funnel = keeping.kept_figures("widening_participation", (filters, suppressed), build)
    audit.record(
        "view",
        "widening_participation",
        detail=f"{filters.start}..{filters.end}{'' if suppressed else ' UNSUPPRESSED'}",
    )
    args = request.args.to_dict()
    return render_template(
        "reports/widening_participation.html",
        form=form,
        report=report,
        sections=sections,
        funnel=funnel,
        rule=services.rule_text(suppressed),
        definitions=services.definitions(),
        csv_url=url_for("reports.export_widening_participation", fmt="csv", **args),
        xlsx_url=url_for("reports.export_widening_participation", fmt="xlsx", **args),
        unsuppressed_url=url_for("reports.widening_participation", **{**args, "unsuppressed": "1"})
        if suppressed and current_user.role in UNSUPPRESSED_ROLES
        else None,
        has_baseline=not report.representation["population_pct"].isna().all(),
        percent_of=percent_of,
        stages=STAGES,
        stage_labels=STAGE_LABELS,
    )


@bp.get("/widening-participation.<any(csv, xlsx):fmt>")
def export_widening_participation(fmt):
    _form, filters = _filters()
    if filters is None:
        return redirect(url_for("reports.widening_participation", **request.args.to_dict()))
    suppressed = _suppressed()
    report = services.widening_participation(filters, suppressed=suppressed)
    audit.record(
        "export",
        "widening_participation",
        detail=f"{fmt} {filters.start}..{filters.end}{'' if suppressed else ' UNSUPPRESSED'}",
    )
    name = f"widening-participation-{filters.start}-{filters.end}"
    if fmt == "xlsx":
        return Response(
            services.report_xlsx(report),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
        )
    return csv_response(services.report_csv(report, labelled=True), name)


def percent_of(part, whole) -> str:
    """part as a % of whole, from the counts as shown (so suppressed counts give *)."""
    value = widening.conversion(part, whole)
    return f"{value}%" if value not in ("", widening.SUPPRESSED) else (value or "–")


def _number(value) -> float | None:
    return None if value == widening.SUPPRESSED or value == "" else float(value)


def _funnel(report) -> list[dict]:
    rows = report.table[report.table["characteristic"] == "all"]
    return [
        {"label": str(STAGE_LABELS[stage]), "value": _number(reached), "text": str(reached), "conversion": conversion}
        for stage, reached, conversion in zip(rows["stage"], rows["reached"], rows["conversion_pct"], strict=True)
    ]


def _known(value):
    """A baseline figure, or None where there is none (pandas gives NaN)."""
    return None if value is None or value != value else value


def _sections(report) -> list[dict]:
    """One section per characteristic: a row per group with reached at the key stages, and
    representation beside the population where a baseline is loaded. The table is read once as
    plain rows (slicing the frame per group cost a tenth of a second on every board pack)."""
    groups: dict[str, dict[str, dict]] = {}
    for row in report.table[["characteristic", "group", "stage", "reached", "conversion_pct"]].itertuples(index=False):
        if row.characteristic == "all":
            continue
        entry = groups.setdefault(row.characteristic, {}).setdefault(row.group, {"reached": {}, "conversion": {}})
        entry["reached"][row.stage] = row.reached
        entry["conversion"][row.stage] = row.conversion_pct
    shares = {
        (row.characteristic, row.group): row
        for row in report.representation[
            ["characteristic", "group", "reached_pct", "population_pct", "ratio"]
        ].itertuples(index=False)
    }
    sections = []
    for characteristic in widening.CHARACTERISTICS:
        if characteristic == "all":
            continue
        rows = []
        for group, figures in groups.get(characteristic, {}).items():
            share = shares.get((characteristic, group))
            rows.append(
                {
                    "label": group_label(characteristic, group),
                    "reached": {stage: figures["reached"][stage] for stage in STAGES},
                    "conversion": {stage: figures["conversion"][stage] for stage in STAGES},
                    "reached_pct": None if share is None else share.reached_pct,
                    "population_pct": None if share is None else _known(share.population_pct),
                    "ratio": None if share is None else _known(share.ratio),
                }
            )
        sections.append({"key": characteristic, "label": str(CHARACTERISTIC_LABELS[characteristic]), "groups": rows})
    return sections
