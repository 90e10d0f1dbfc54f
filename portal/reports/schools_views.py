"""The schools reach report's pages: kept, rendered, until the schools data changes."""

from datetime import date

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from portal import caching
from portal.audit import services as audit
from portal.extensions import db
from portal.reports import schools_reach
from portal.reports.blueprint import bp
from portal.reports.period import read_period
from portal.schools.choices import ACTIVITIES, FORMATS, GATSBY_BENCHMARKS, KEY_STAGES, PHASES, YEAR_GROUPS, year_label
from portal.schools.models import academic_year_start
from portal.ui.exports import csv_response


def _report_period():
    """The schools report defaults to the academic year so far (from 1 September)."""
    today = date.today()
    form, bounds = read_period(request.args, default=(academic_year_start(today), today))
    start, end = bounds or (None, None)
    return form, start, end


# The rendered report is kept in the shared cache under a key that holds the language, period,
# career family names and the state of the schools data (schools_reach.report_stamp): figures about
# schools and rooms of pupils, not about a person, so keeping them is safe. Any logged, edited or
# imported session changes the stamp and so the key, in every process at once; reports under old
# keys are never asked for again and expire.
REPORT_KEEP_SECONDS = 3600


def _families() -> dict[str, str]:
    from portal.careers.models import CareerFamily

    return {f.slug: f.name for f in db.session.scalars(select(CareerFamily))}


def _labels(families: dict[str, str]) -> dict:
    """Every breakdown's codes in words, in the reader's language."""
    return {
        "phase": {**{k: str(v) for k, v in PHASES.items()}, "unknown": _("Not recorded")},
        "key_stage": {k: str(v) for k, v in KEY_STAGES.items()},
        "year_group": {y: year_label(y) for y in YEAR_GROUPS},
        "activity": {k: str(v) for k, v in ACTIVITIES.items()},
        "format": {k: str(v) for k, v in FORMATS.items()},
        "gatsby": {k: str(v) for k, v in GATSBY_BENCHMARKS.items()},
        "career_family": families,
    }


def _report_body(start: date, end: date) -> Markup:
    from hashlib import sha256

    from flask_babel import get_locale

    families = _families()
    version = sha256(repr((sorted(families.items()), schools_reach.report_stamp())).encode()).hexdigest()[:16]
    key = f"schools-report:{get_locale()}:{start}:{end}:{version}"
    body = caching.kept(key)
    if body is None:
        labels = _labels(families)
        body = render_template(
            "reports/_schools_body.html",
            start=start,
            end=end,
            report=schools_reach.reach_report(start, end),
            labels=labels,
        )
        caching.keep(key, body, timeout=REPORT_KEEP_SECONDS)
    return Markup(body)  # noqa: S704 - our own template's output


@bp.get("/schools")
def schools_reach_report():
    form, start, end = _report_period()
    return render_template(
        "reports/schools.html",
        form=form,
        start=start,
        body=_report_body(start, end) if start else None,
        csv_url=url_for("reports.export_schools_reach_report", **request.args.to_dict()),
    )


@bp.get("/schools.csv")
def export_schools_reach_report():
    _form, start, end = _report_period()
    if start is None:
        return redirect(url_for("reports.schools_reach_report", **request.args.to_dict()))
    audit.record("export", "schools_report", detail=f"{start}..{end}")
    return csv_response(
        schools_reach.report_csv(schools_reach.reach_report(start, end), _labels(_families())),
        f"schools-reach-{start}-{end}",
    )
