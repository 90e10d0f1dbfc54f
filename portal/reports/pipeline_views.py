"""The pipeline overview: how many people reached each stage in a period, and the conversion
between stages; exact counts only for the roles that may see them, suppressed for everyone else."""

from flask import render_template, request
from flask_login import current_user

from portal.pipeline import services as pipeline
from portal.pipeline.choices import STAGE_LABELS, STAGES
from portal.reports import keeping
from portal.reports.blueprint import bp
from portal.reports.period import read_period
from portal.reports.services import rule_text
from portal.reports.suppression import may_see_exact, suppress


@bp.get("/pipeline")
def pipeline_overview():
    form, bounds = read_period(request.args)
    if bounds is None:
        return render_template("reports/pipeline.html", form=form, rows=[], start=None, end=None, rule="")
    start, end = bounds
    counts = keeping.kept_figures("pipeline", (start, end), lambda: pipeline.stage_counts(start, end))
    exact = may_see_exact(current_user)
    rows = []
    previous = None
    for stage in STAGES:
        reached = counts[stage] if exact else suppress(counts[stage])
        both = isinstance(previous, int) and previous and isinstance(reached, int)
        conversion = round(100 * reached / previous, 1) if both else None
        rows.append({"stage": str(STAGE_LABELS[stage]), "reached": reached, "conversion": conversion})
        previous = reached
    return render_template(
        "reports/pipeline.html", form=form, rows=rows, start=start, end=end, rule=rule_text(not exact)
    )
