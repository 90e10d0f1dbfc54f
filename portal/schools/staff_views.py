"""Staff pages of the schools programme under /staff/schools. Academy staff run the programme;
managers and administrators can do the same (managers show the board the report). Outreach
advisers have no access: nothing here is part of their casework."""

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.extensions import db
from portal.pipeline.models import Organisation
from portal.schools import services
from portal.schools.blueprint import staff_bp
from portal.schools.choices import (
    ACTIVITIES,
    FORMATS,
    PHASES,
)
from portal.schools.forms import (
    AmbassadorForm,
    SchoolFilterForm,
    SchoolForm,
)
from portal.schools.models import Ambassador, School
from portal.schools.staff_pages import _form_page, _or_404, _page
from portal.ui.forms import options

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
    dbs = request.args.get("dbs", "")
    dbs = dbs if dbs in ("expiring", "expired") else ""
    if dbs:
        status = "active"
    q = (request.args.get("q") or "").strip()[:100]
    today = date.today()
    page = _page(services.ambassadors_query(q=q, status=status, dbs=dbs, today=today))
    return render_template("schools/ambassador_list.html", page=page, status=status, dbs=dbs, q=q, today=today)


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


@staff_bp.get("/report")
def old_reach_report():
    return redirect(url_for("reports.schools_reach_report", **request.args.to_dict()), 308)
