"""Staff pages of the schools programme under /staff/schools. Academy staff run the programme;
managers and administrators can do the same (managers show the board the report). Outreach
advisers have no access: nothing here is part of their casework."""

from datetime import date
from decimal import Decimal

import segno
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from portal.extensions import db
from portal.forms import ConfirmForm, options
from portal.pagination import id_arg, paginate
from portal.pipeline.models import Organisation
from portal.schools import services
from portal.schools.blueprint import staff_bp
from portal.schools.choices import (
    ACTIVITIES,
    FORMATS,
    GATSBY_BENCHMARKS,
    INVITATION_RESPONSES,
    KEY_STAGES,
    PHASES,
    REQUEST_STATUSES,
    year_label,
)
from portal.schools.forms import (
    AmbassadorForm,
    InviteForm,
    RequestStatusForm,
    ResourceForm,
    SchoolFilterForm,
    SchoolForm,
    SessionForm,
)
from portal.schools.models import Ambassador, Invitation, Resource, School, SessionRequest

SCHOOLS_ROLES = ("academy_staff", "manager", "admin")


def _page(statement):
    return paginate(statement, per_page=current_app.config["PER_PAGE"])


def _or_404(model, object_id):
    row = db.session.get(model, object_id)
    if row is None:
        abort(404)
    return row


def _form_page(form, title, back, submit_text, resource=None, **extra):
    return render_template(
        "components/form_page.html",
        form=form,
        page_title=title,
        back=back,
        submit_text=submit_text,
        small_choices=True,
        accept=".pdf,.docx,.pptx",
        current_file=resource.original_name if resource is not None and resource.stored_name else None,
        **extra,
    )


# ---------------------------------------------------------------- schools register


@staff_bp.get("/")
def list_schools():
    form = SchoolFilterForm(request.args)
    form.phase.choices = options([("", _("All phases"))] + list(PHASES.items()))
    form.local_authority.choices = options(
        [("", _("All local authorities"))] + [(la, la) for la in services.local_authorities()]
    )
    form.validate()
    page = _page(
        services.schools_query(
            q=(form.q.data or "").strip(),
            phase=form.phase.data if form.phase.data in PHASES else "",
            local_authority=form.local_authority.data or "",
            pilot="yes" in (form.pilot.data or []),
        )
    )
    return render_template("schools/school_list.html", form=form, page=page, phases=PHASES)


def _school_fields(form) -> dict:
    return {
        "urn": form.urn.data.strip(),
        "name": form.name.data.strip(),
        "phase": form.phase.data,
        "local_authority": (form.local_authority.data or "").strip(),
        "postcode": (form.postcode.data or "").strip() or None,
        "pilot": "yes" in (form.pilot.data or []),
        "contact_name": (form.contact_name.data or "").strip(),
        "contact_email": (form.contact_email.data or "").strip().lower(),
        "contact_phone": (form.contact_phone.data or "").strip(),
    }


def _urn_taken(form, school_id=None) -> bool:
    existing = services.school_by_urn((form.urn.data or "").strip())
    if existing is not None and existing.id != school_id:
        form.urn.errors.append(_("A school with this URN is already in the register"))
        return True
    return False


@staff_bp.route("/new", methods=["GET", "POST"])
def add_school():
    form = SchoolForm()
    if form.validate_on_submit() and not _urn_taken(form):
        school = services.save_school(None, _school_fields(form), current_user)
        flash(_("School added."), "success")
        return redirect(url_for("schools_staff.view_school", school_id=school.id))
    return _form_page(form, _("Add a school"), url_for("schools_staff.list_schools"), _("Add school"))


@staff_bp.route("/<int:school_id>/edit", methods=["GET", "POST"])
def edit_school(school_id: int):
    school = _or_404(School, school_id)
    form = SchoolForm(obj=school if request.method == "GET" else None)
    if request.method == "GET":
        form.pilot.data = ["yes"] if school.pilot else []
    if form.validate_on_submit() and not _urn_taken(form, school.id):
        services.save_school(school, _school_fields(form), current_user)
        flash(_("School saved."), "success")
        return redirect(url_for("schools_staff.view_school", school_id=school.id))
    return _form_page(form, _("Change school details"), url_for("schools_staff.view_school", school_id=school.id),
                      _("Save"), caption=school.name)  # fmt: skip


@staff_bp.get("/<int:school_id>")
def view_school(school_id: int):
    school = _or_404(School, school_id)
    return render_template(
        "schools/school_detail.html",
        school=school,
        sessions=services.school_sessions(school.id),
        phases=PHASES,
        activities=ACTIVITIES,
    )


# ---------------------------------------------------------------- ambassadors


@staff_bp.get("/ambassadors")
def list_ambassadors():
    status = request.args.get("status", "active")
    status = status if status in ("active", "inactive", "all") else "active"
    q = (request.args.get("q") or "").strip()[:100]
    page = _page(services.ambassadors_query(q=q, status=status))
    return render_template("schools/ambassador_list.html", page=page, status=status, q=q, today=date.today())


def _ambassador_form(form):
    form.career_id.choices = options([("", _("Choose a profession"))] + services.career_choices())
    form.employer_id.choices = options(
        [("", _("Not recorded"))]
        + [(o.id, o.name) for o in db.session.scalars(select(Organisation).order_by(Organisation.name))]
    )
    return form


def _ambassador_fields(form) -> dict:
    return {
        "name": form.name.data.strip(),
        "email": (form.email.data or "").strip().lower(),
        "phone": (form.phone.data or "").strip(),
        "career_id": form.career_id.data,
        "employer_id": form.employer_id.data,
        "dbs_checked_on": form.dbs_checked_on.data,
        "formats": services.pipe_list([f for f in ("in_person", "virtual") if f in (form.formats.data or [])]),
        "availability": (form.availability.data or "").strip(),
        "active": "yes" in (form.active.data or []),
    }


@staff_bp.route("/ambassadors/new", methods=["GET", "POST"])
def add_ambassador():
    form = _ambassador_form(AmbassadorForm())
    if request.method == "GET":
        form.active.data, form.formats.data = ["yes"], ["in_person", "virtual"]
    if form.validate_on_submit():
        ambassador = services.save_ambassador(None, _ambassador_fields(form), current_user)
        flash(_("Ambassador added."), "success")
        return redirect(url_for("schools_staff.view_ambassador", ambassador_id=ambassador.id))
    return _form_page(form, _("Add an ambassador"), url_for("schools_staff.list_ambassadors"), _("Add ambassador"))


@staff_bp.route("/ambassadors/<int:ambassador_id>/edit", methods=["GET", "POST"])
def edit_ambassador(ambassador_id: int):
    ambassador = _or_404(Ambassador, ambassador_id)
    form = _ambassador_form(AmbassadorForm(obj=ambassador if request.method == "GET" else None))
    if request.method == "GET":
        form.active.data = ["yes"] if ambassador.active else []
        form.formats.data = ambassador.format_list
    if form.validate_on_submit():
        services.save_ambassador(ambassador, _ambassador_fields(form), current_user)
        flash(_("Ambassador saved."), "success")
        return redirect(url_for("schools_staff.view_ambassador", ambassador_id=ambassador.id))
    return _form_page(form, _("Change ambassador details"),
                      url_for("schools_staff.view_ambassador", ambassador_id=ambassador.id), _("Save"),
                      caption=ambassador.name)  # fmt: skip


@staff_bp.get("/ambassadors/<int:ambassador_id>")
def view_ambassador(ambassador_id: int):
    ambassador = _or_404(Ambassador, ambassador_id)
    rows, total_hours = services.ambassador_sessions(ambassador.id)
    return render_template(
        "schools/ambassador_detail.html",
        ambassador=ambassador,
        rows=rows,
        total_hours=total_hours,
        today=date.today(),
        activities=ACTIVITIES,
        formats=FORMATS,
    )


# ---------------------------------------------------------------- sessions


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
    form.ambassadors.choices = options(
        (a.id, f"{a.name} ({a.career.title})" if a.career else a.name) for a in services.active_ambassadors()
    )
    return form


def _session_details(form) -> services.SessionDetails:
    hours = form.hours.data if form.hours.data is not None else Decimal(0)
    return services.SessionDetails(
        school_id=form.school_id.data,
        held_on=form.held_on.data,
        format=form.format.data,
        activity=form.activity.data,
        year_groups=form.year_groups.data,
        pupils_reached=form.pupils_reached.data,
        career_ids=form.careers.data or [],
        benchmarks=form.gatsby.data or [],
        ambassador_hours=dict.fromkeys(form.ambassadors.data or [], hours),
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
        form.ambassadors.data = services.accepted_ambassador_ids(request_row)
    if form.validate_on_submit() and not _session_taken(form):
        session_row = services.log_session(_session_details(form), current_user)
        if request_row is not None:
            services.link_request(request_row, session_row, current_user)
        flash(_("Session logged."), "success")
        return redirect(url_for("schools_staff.view_session", session_id=session_row.id))
    return render_template(
        "schools/session_form.html",
        form=form,
        page_title=_("Log a session"),
        back=url_for("schools_staff.list_sessions"),
        submit_text=_("Save session"),
    )


@staff_bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def edit_session(session_id: int):
    session_row = services.get_session(session_id)
    if session_row is None:
        abort(404)
    form = _session_form(SessionForm())
    if request.method == "GET":
        form.school_id.data, form.held_on.data = session_row.school_id, session_row.held_on
        form.activity.data, form.format.data = session_row.activity, session_row.format
        form.year_groups.data, form.pupils_reached.data = session_row.year_group_list, session_row.pupils_reached
        form.careers.data = [c.id for c in session_row.careers]
        form.ambassadors.data = [a.ambassador_id for a in session_row.ambassadors]
        form.hours.data = session_row.ambassadors[0].hours if session_row.ambassadors else None
        form.gatsby.data = session_row.benchmark_list
        form.curriculum_subject.data, form.notes.data = session_row.curriculum_subject, session_row.notes
        form.feedback_score.data = session_row.feedback_score
    if form.validate_on_submit() and not _session_taken(form, session_row.id):
        changed = services.update_session(session_row, _session_details(form), current_user)
        flash(_("Session saved.") if changed else _("Nothing was changed."), "success")
        return redirect(url_for("schools_staff.view_session", session_id=session_row.id))
    return render_template(
        "schools/session_form.html",
        form=form,
        page_title=_("Change a session"),
        back=url_for("schools_staff.view_session", session_id=session_row.id),
        submit_text=_("Save session"),
    )


@staff_bp.get("/sessions/<int:session_id>")
def view_session(session_id: int):
    session_row = services.get_session(session_id)
    if session_row is None:
        abort(404)
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
    session_row = services.get_session(session_id)
    if session_row is None:
        abort(404)
    return render_template(
        "schools/sign_up_sheet.html", session_row=session_row, sign_up_url=_sign_up_url(session_row),
        activities=ACTIVITIES,
    )  # fmt: skip


@staff_bp.get("/sessions/<int:session_id>/qr.svg")
def sign_up_qr(session_id: int):
    session_row = services.get_session(session_id)
    if session_row is None:
        abort(404)
    import io

    buffer = io.BytesIO()
    segno.make(_sign_up_url(session_row), error="m").save(buffer, kind="svg", scale=8, border=2, xmldecl=False)
    response = Response(buffer.getvalue(), mimetype="image/svg+xml")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------- requests and matching


@staff_bp.get("/requests")
def list_requests():
    status = request.args.get("status", "open")
    status = status if status in REQUEST_STATUSES or status in ("open", "") else "open"
    page = _page(services.requests_query(status))
    return render_template(
        "schools/request_list.html", page=page, status=status, statuses=REQUEST_STATUSES, activities=ACTIVITIES,
        formats=FORMATS,
    )  # fmt: skip


def _render_request(request_row, invite_form=None, status_form=None):
    suggestions = services.suggest_ambassadors(request_row)
    form = invite_form or InviteForm(formdata=None)
    form.ambassadors.choices = options((a.id, f"{a.name} – {a.career.title if a.career else ''}") for a in suggestions)
    status_form = status_form or RequestStatusForm(formdata=None, data={"status": request_row.status})
    return render_template(
        "schools/request_detail.html",
        request_row=request_row,
        suggestions=suggestions,
        invite_form=form,
        status_form=status_form,
        form=invite_form or status_form,
        confirm_form=ConfirmForm(formdata=None),
        activities=ACTIVITIES,
        formats=FORMATS,
        statuses=REQUEST_STATUSES,
        responses=INVITATION_RESPONSES,
        year_label=year_label,
    )


def _request_or_404(request_id: int) -> SessionRequest:
    request_row = services.get_request(request_id)
    if request_row is None:
        abort(404)
    return request_row


@staff_bp.get("/requests/<int:request_id>")
def view_request(request_id: int):
    return _render_request(_request_or_404(request_id))


@staff_bp.post("/requests/<int:request_id>/invite")
def invite_ambassadors(request_id: int):
    request_row = _request_or_404(request_id)
    form = InviteForm()
    if not form.validate_on_submit():
        return _render_request(request_row, invite_form=form)
    invited = services.invite(request_row, form.ambassadors.data, current_user)
    flash(ngettext("%(num)d ambassador invited.", "%(num)d ambassadors invited.", invited), "success")
    return redirect(url_for("schools_staff.view_request", request_id=request_id))


@staff_bp.post("/requests/<int:request_id>/invitations/<int:invitation_id>/<any(accepted, declined):response>")
def record_invitation_response(request_id: int, invitation_id: int, response: str):
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.request_id != request_id:
        abort(404)
    if ConfirmForm().validate_on_submit():
        services.record_response(invitation, response, current_user)
        flash(_("Answer recorded."), "success")
    return redirect(url_for("schools_staff.view_request", request_id=request_id))


@staff_bp.post("/requests/<int:request_id>/status")
def change_request_status(request_id: int):
    request_row = _request_or_404(request_id)
    form = RequestStatusForm()
    if not form.validate_on_submit():
        return _render_request(request_row, status_form=form)
    services.set_request_status(request_row, form.status.data, current_user)
    flash(_("Status changed."), "success")
    return redirect(url_for("schools_staff.view_request", request_id=request_id))


# ---------------------------------------------------------------- toolkit resources


@staff_bp.get("/toolkit")
def list_resources():
    page = _page(services.resources_query())
    return render_template("schools/resource_list.html", page=page, key_stages=KEY_STAGES)


def _resource_form(form):
    form.careers.choices = options(services.career_choices())
    return form


def _save_resource(form, resource):
    upload = None
    if form.file.data and getattr(form.file.data, "filename", ""):
        try:
            upload = services.store_upload(form.file.data)
        except services.UploadError as error:
            form.file.errors.append(str(error))
            return None
    has_file = upload is not None or (resource is not None and resource.stored_name)
    if not (form.url.data or "").strip() and not has_file:
        form.url.errors.append(_("Enter a link or upload a file"))
        return None
    fields = {
        "title": form.title.data.strip(),
        "summary": (form.summary.data or "").strip(),
        "key_stages": services.pipe_list([k for k in KEY_STAGES if k in form.key_stages.data]),
        "subject": (form.subject.data or "").strip(),
        "url": (form.url.data or "").strip() or None,
    }
    return services.save_resource(resource, fields, form.careers.data or [], upload, current_user)


@staff_bp.route("/toolkit/new", methods=["GET", "POST"])
def add_resource():
    form = _resource_form(ResourceForm())
    if form.validate_on_submit() and _save_resource(form, None):
        flash(_("Resource added to the toolkit."), "success")
        return redirect(url_for("schools_staff.list_resources"))
    return _form_page(form, _("Add a toolkit resource"), url_for("schools_staff.list_resources"), _("Add resource"),
                      multipart=True)  # fmt: skip


@staff_bp.route("/toolkit/<int:resource_id>/edit", methods=["GET", "POST"])
def edit_resource(resource_id: int):
    resource = _or_404(Resource, resource_id)
    form = _resource_form(ResourceForm(obj=resource if request.method == "GET" else None))
    if request.method == "GET":
        form.key_stages.data = resource.key_stage_list
        form.careers.data = [c.id for c in resource.careers]
    if form.validate_on_submit() and _save_resource(form, resource):
        flash(_("Resource saved."), "success")
        return redirect(url_for("schools_staff.list_resources"))
    return _form_page(form, _("Change a toolkit resource"), url_for("schools_staff.list_resources"), _("Save"),
                      multipart=True, caption=resource.title, resource=resource)  # fmt: skip


@staff_bp.post("/toolkit/<int:resource_id>/delete")
def delete_resource(resource_id: int):
    resource = _or_404(Resource, resource_id)
    if ConfirmForm().validate_on_submit():
        services.delete_resource(resource, current_user)
        flash(_("Resource removed from the toolkit."), "success")
    return redirect(url_for("schools_staff.list_resources"))


# The reach report moved to the reports area; old bookmarks still arrive.
@staff_bp.get("/report")
def old_reach_report():
    return redirect(url_for("reports.schools_reach_report", **request.args.to_dict()), 308)
