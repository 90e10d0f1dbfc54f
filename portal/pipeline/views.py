from datetime import date, timedelta

from flask import redirect, render_template, request, url_for

from portal.pipeline import services
from portal.pipeline.blueprint import bp
from portal.pipeline.choices import STAGE_LABELS, STAGES
from portal.pipeline.forms import PeriodForm


@bp.get("/")
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


# The person's pages moved to the people area; old bookmarks still arrive.
@bp.get("/people")
def old_people_list():
    return redirect(url_for("people.list_people"), 308)


@bp.get("/people/<person_ref>")
def old_person_page(person_ref: str):
    return redirect(url_for("people.view_person", person_ref=person_ref), 308)
