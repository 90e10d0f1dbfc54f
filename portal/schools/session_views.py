"""Staff pages for the session log: log, change and see a session, and its sign-up sheet."""

from datetime import date

import segno
from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.extensions import db
from portal.schools import matching, services
from portal.schools.blueprint import staff_bp
from portal.schools.choices import (
    ACTIVITIES,
    DBS_VALID_YEARS,
    FORMATS,
    GATSBY_BENCHMARKS,
    KEY_STAGES,
    year_label,
)
from portal.schools.forms import (
    SessionForm,
)
from portal.schools.models import SessionRequest, years_after
from portal.schools.staff_pages import _page
from portal.ui.forms import options, render_component
from portal.ui.pagination import id_arg


@staff_bp.get("/sessions")
def list_sessions():
    activity = request.args.get("activity", "")
    activity = activity if activity in ACTIVITIES else ""
    page = _page(services.sessions_query(activity=activity))
    return render_template(
        "schools/session_list.html", page=page, activity=activity, activities=ACTIVITIES, formats=FORMATS
    )


def _session_form(form):
    form.school_id.choices = options([("", _("Choose a school"))] + services.school_choices())
    form.careers.choices = options(services.career_choices())
    ambassadors = services.active_ambassadors()
    form.ambassadors.choices = options(
        (a.id, f"{a.name} ({a.career.title})" if a.career else a.name) for a in ambassadors
    )
    form.ambassador_names = {a.id: a.name for a in ambassadors}
    form.ambassador_rows = {a.id: a for a in ambassadors}
    return form


def _session_day(form) -> date:
    return form.held_on.data if isinstance(form.held_on.data, date) else date.today()


def _dbs_confirmed(form) -> bool:
    """An ambassador whose DBS check is not current on the session's date is refused unless the
    member of staff ticks that they have checked."""
    day = _session_day(form)
    lapsed = [
        i
        for i in form.ambassadors.data or []
        if i in form.ambassador_rows and not form.ambassador_rows[i].dbs_current(day)
    ]
    if not lapsed or "yes" in (form.confirm_dbs.data or []):
        return True
    form.confirm_dbs.errors.append(
        _(
            "An ambassador you ticked has no current DBS check on the date of the session. Remove them, or tick to confirm you have checked."
        )
    )
    return False


def _ambassador_items(form) -> dict:
    """Under each ambassador: their DBS state (when it needs attention) and a box for their hours."""
    day, items = _session_day(form), {}
    for ambassador_id, row in form.ambassador_rows.items():
        error = form.hour_errors.get(ambassador_id)
        hours = render_component(
            "input",
            {
                "id": f"hours-{ambassador_id}", "name": f"hours-{ambassador_id}",
                "label": {"text": _("Hours %(name)s gave", name=row.name)},
                "hint": {"text": _("Including travel, like 1.5")},
                "value": form.hours_typed.get(str(ambassador_id), ""),
                "inputmode": "decimal", "classes": "nhsuk-input--width-4",
                "errorMessage": {"text": str(error)} if error else None,
            },
        )  # fmt: skip
        item = {"conditional": {"html": hours}}
        if not row.dbs_current(day):
            item["hint"] = {
                "text": _(
                    "DBS check expired %(date)s",
                    date=format_date(years_after(row.dbs_checked_on, DBS_VALID_YEARS), "d MMM yyyy"),
                )
                if row.dbs_checked_on
                else _("No DBS check recorded")
            }
        elif row.dbs_expiring(day):
            item["hint"] = {"text": _("DBS check expires within 60 days")}
        items[ambassador_id] = item
    return items


def _render_form(form, **page):
    return render_template(
        "schools/session_form.html", form=form, ambassador_items=_ambassador_items(form),
        show_dbs_confirm=any(not row.dbs_current(_session_day(form)) for row in form.ambassador_rows.values()),
        **page,
    )  # fmt: skip


def _session_details(form) -> services.SessionDetails:
    return services.SessionDetails(
        school_id=form.school_id.data,
        held_on=form.held_on.data,
        format=form.format.data,
        activity=form.activity.data,
        year_groups=form.year_groups.data,
        pupils_reached=form.pupils_reached.data,
        career_ids=form.careers.data or [],
        benchmarks=form.gatsby.data or [],
        ambassador_hours=dict(form.ambassador_hours),
        curriculum_subject=(form.curriculum_subject.data or "").strip(),
        feedback_score=form.feedback_score.data,
        notes=(form.notes.data or "").strip(),
    )


def _session_taken(form, session_id=None) -> bool:
    from portal.schools.models import SchoolSession

    existing = db.session.scalar(
        select(SchoolSession.id).where(
            SchoolSession.school_id == form.school_id.data,
            SchoolSession.held_on == form.held_on.data,
            SchoolSession.activity == form.activity.data,
        )
    )
    if existing is not None and existing != session_id:
        form.activity.errors.append(_("This school already has a session of this activity on this date"))
        return True
    return False


@staff_bp.route("/sessions/new", methods=["GET", "POST"])
def log_session():
    form = _session_form(SessionForm())
    request_row = db.session.get(SessionRequest, id_arg("request") or 0)
    if request.method == "GET" and request_row is not None:
        form.school_id.data = request_row.school_id
        form.held_on.data = request_row.preferred_date if request_row.preferred_date <= date.today() else None
        form.activity.data, form.format.data = request_row.activity, request_row.format
        form.year_groups.data = request_row.year_group_list
        form.ambassadors.data = matching.accepted_ambassador_ids(request_row)
    valid = form.validate_on_submit()
    if valid and _dbs_confirmed(form) and not _session_taken(form):
        session_row = services.log_session(_session_details(form), current_user)
        if request_row is not None:
            matching.link_request(request_row, session_row, current_user)
        flash(_("Session logged."), "success")
        return redirect(url_for("schools_staff.view_session", session_id=session_row.id))
    return _render_form(
        form,
        page_title=_("Log a session"),
        back=url_for("schools_staff.list_sessions"),
        submit_text=_("Save session"),
    )


@staff_bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def edit_session(session_id: int):
    session_row = db.one_or_404(services.session_statement(session_id))
    form = _session_form(SessionForm())
    if request.method == "GET":
        form.school_id.data, form.held_on.data = session_row.school_id, session_row.held_on
        form.activity.data, form.format.data = session_row.activity, session_row.format
        form.year_groups.data, form.pupils_reached.data = session_row.year_group_list, session_row.pupils_reached
        form.careers.data = [c.id for c in session_row.careers]
        form.ambassadors.data = [a.ambassador_id for a in session_row.ambassadors]
        form.hours_typed = {str(a.ambassador_id): str(a.hours) for a in session_row.ambassadors}
        form.gatsby.data = session_row.benchmark_list
        form.curriculum_subject.data, form.notes.data = session_row.curriculum_subject, session_row.notes
        form.feedback_score.data = session_row.feedback_score
    valid = form.validate_on_submit()
    if valid and _dbs_confirmed(form) and not _session_taken(form, session_row.id):
        changed = services.update_session(session_row, _session_details(form), current_user)
        flash(_("Session saved.") if changed else _("Nothing was changed."), "success")
        return redirect(url_for("schools_staff.view_session", session_id=session_row.id))
    return _render_form(
        form,
        page_title=_("Change a session"),
        back=url_for("schools_staff.view_session", session_id=session_row.id),
        submit_text=_("Save session"),
    )


@staff_bp.get("/sessions/<int:session_id>")
def view_session(session_id: int):
    session_row = db.one_or_404(services.session_statement(session_id))
    return render_template(
        "schools/session_detail.html",
        session_row=session_row,
        signups=services.signups_for(session_row.id),
        activities=ACTIVITIES,
        formats=FORMATS,
        key_stages=KEY_STAGES,
        benchmarks=GATSBY_BENCHMARKS,
        year_label=year_label,
    )


def _sign_up_url(session_row) -> str:
    return url_for("schools.sign_up", token=session_row.signup_token, _external=True)


@staff_bp.get("/sessions/<int:session_id>/sign-up-sheet")
def sign_up_sheet(session_id: int):
    session_row = db.one_or_404(services.session_statement(session_id))
    return render_template(
        "schools/sign_up_sheet.html", session_row=session_row, sign_up_url=_sign_up_url(session_row),
        activities=ACTIVITIES,
    )  # fmt: skip


@staff_bp.get("/sessions/<int:session_id>/qr.svg")
def sign_up_qr(session_id: int):
    session_row = db.one_or_404(services.session_statement(session_id))
    import io

    buffer = io.BytesIO()
    segno.make(_sign_up_url(session_row), error="m").save(buffer, kind="svg", scale=8, border=2, xmldecl=False)
    response = Response(buffer.getvalue(), mimetype="image/svg+xml")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
