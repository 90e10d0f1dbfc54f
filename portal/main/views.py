from flask import current_app, jsonify, render_template, send_from_directory, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import text

from portal import database_file
from portal.extensions import db
from portal.main.blueprint import bp

ROUTE_CARDS = (
    (
        "in_education",
        _l("I am at school, college or university"),
        _l("Find out about careers, meet people who do the jobs, and get work experience or an apprenticeship."),
    ),
    (
        "career_changer",
        _l("I want to change career or I am out of work"),
        _l("Use the skills you already have. Start in a role that needs no degree, volunteer, or train on the job."),
    ),
    (
        "seldom_heard",
        _l("I am new to the UK or need extra support"),
        _l(
            "An adviser can help with English, getting your qualifications recognised, right to work, and applying for jobs."
        ),
    ),
)


@bp.get("/")
def home():
    has_routes = "journey.view_route" in current_app.view_functions
    routes = [
        {
            "heading": str(heading),
            "description": str(description),
            "href": url_for("journey.view_route", route_slug=route.replace("_", "-")) if has_routes else None,
        }
        for route, heading, description in ROUTE_CARDS
    ]
    return render_template("main/home.html", routes=routes)


@bp.get("/healthz")
def healthz():
    problem = database_file.check(current_app)
    if problem:
        return jsonify(status="unavailable", database=problem), 503
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure to answer means the database is down
        db.session.rollback()
        current_app.logger.warning("health check: database did not answer")
        return jsonify(status="unavailable", database="down"), 503
    return jsonify(status="ok", database="up")


@bp.get("/assets/<path:filename>")
def nhsuk_assets(filename):
    # The NHS.UK stylesheet refers to its images at /assets/...
    return send_from_directory(current_app.static_folder + "/vendor/nhsuk/assets", filename, max_age=86400)
