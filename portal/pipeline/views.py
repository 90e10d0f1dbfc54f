from datetime import date, timedelta

from flask import render_template, request

from portal.auth.access import roles_required
from portal.auth.models import ROLES
from portal.pipeline import bp, services
from portal.pipeline.choices import STAGE_LABELS, STAGES
from portal.pipeline.forms import PeriodForm


@bp.get("/")
@roles_required(*ROLES)
def overview():
    form = PeriodForm(request.args)
    today = date.today()
    valid = form.validate() if request.args else True
    start = (form.start.data if valid else None) or today - timedelta(days=365)
    end = (form.end.data if valid else None) or today
    counts = services.stage_counts(start, end)
    rows = []
    previous = None
    for stage in STAGES:
        reached = counts[stage]
        conversion = None if previous in (None, 0) else round(100 * reached / previous, 1)
        rows.append({"stage": str(STAGE_LABELS[stage]), "reached": reached, "conversion": conversion})
        previous = reached
    return render_template("pipeline/overview.html", form=form, rows=rows, start=start, end=end)
