"""The pipeline overview: how many people reached each stage in a period, and the conversion
between stages; exact counts only for the roles that may see them, suppressed for everyone else."""

from datetime import date, timedelta

from flask import render_template, request
from flask_login import current_user

from portal.pipeline import services as pipeline
from portal.pipeline.choices import STAGE_LABELS, STAGES
from portal.pipeline.forms import PeriodForm
from portal.reports.blueprint import bp
from portal.reports.services import rule_text
from portal.reports.suppression import may_see_exact, suppress


@bp.get("/pipeline")
def pipeline_overview():
    form = PeriodForm(request.args)
    today = date.today()
    valid = form.validate() if request.args else True
    start = (form.start.data if valid else None) or today - timedelta(days=365)
    end = (form.end.data if valid else None) or today
    counts = pipeline.stage_counts(start, end)
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
