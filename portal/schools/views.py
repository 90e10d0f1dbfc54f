"""Public pages for schools: the toolkit, asking for a session, and pupils signing up from one."""

from flask import abort, current_app, redirect, render_template, request, send_from_directory, session, url_for
from flask_babel import gettext as _

from portal.extensions import db
from portal.schools import matching, services
from portal.schools import toolkit as resources
from portal.schools.blueprint import bp
from portal.schools.choices import FORMATS, KEY_STAGES, YEAR_GROUPS
from portal.schools.forms import RequestSessionForm, ResourceFilterForm, SignUpForm
from portal.schools.models import Resource
from portal.security import public_form
from portal.ui.forms import options
from portal.ui.pagination import paginate

JUST_REQUESTED = "schools:request"


@bp.get("/")
def toolkit():
    form = ResourceFilterForm(request.args)
    form.career.choices = options([("", _("All careers"))] + services.career_choices())
    form.validate()
    page = paginate(
        resources.resources_query(
            key_stage=form.key_stage.data if form.key_stage.data in KEY_STAGES else "",
            career_id=form.career.data,
        ),
        per_page=current_app.config["PER_PAGE"],
    )
    return render_template("schools/toolkit.html", form=form, page=page, key_stages=KEY_STAGES)


@bp.get("/resources/<int:resource_id>/file")
def download_resource(resource_id: int):
    resource = db.session.get(Resource, resource_id)
    if resource is None or not resource.stored_name:
        abort(404)
    from portal.schools.choices import RESOURCE_FILE_TYPES

    response = send_from_directory(
        resources.upload_folder(),
        resource.stored_name,
        mimetype=RESOURCE_FILE_TYPES[resource.file_type],
        as_attachment=True,
        download_name=resource.original_name or f"resource.{resource.file_type}",
        max_age=0,
    )
    # Always a download, never rendered by the browser as something else.
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.route("/request-a-session", methods=["GET", "POST"])
@public_form
def request_session():
    form = RequestSessionForm()
    form.family_id.choices = options([("", _("Any or not sure"))] + services.family_choices())
    if form.validate_on_submit():
        request_row = matching.create_request(
            {
                "school_name": form.school_name.data.strip(),
                "urn": (form.urn.data or "").strip(),
                "contact_name": form.contact_name.data.strip(),
                "contact_email": form.contact_email.data.strip().lower(),
                "contact_phone": (form.contact_phone.data or "").strip(),
                "activity": form.activity.data,
                "family_id": form.family_id.data,
                "topic": (form.topic.data or "").strip(),
                "year_groups": services.pipe_list([y for y in YEAR_GROUPS if y in form.year_groups.data]),
                "preferred_date": form.preferred_date.data,
                "format": form.format.data,
                "pupils_expected": form.pupils_expected.data,
                "notes": (form.notes.data or "").strip(),
            }
        )
        session[JUST_REQUESTED] = request_row.id
        return redirect(url_for("schools.request_sent"))
    return render_template("schools/request_session.html", form=form, formats=FORMATS)


@bp.get("/request-a-session/sent")
def request_sent():
    if not session.get(JUST_REQUESTED):
        return redirect(url_for("schools.request_session"))
    return render_template("schools/request_sent.html")


@bp.route("/sign-up/<string:token>", methods=["GET", "POST"])
@public_form
def sign_up(token: str):
    session_row = services.session_by_token(token)
    if session_row is None:
        abort(404)
    form = SignUpForm()
    if form.validate_on_submit():
        details = {
            "first_name": form.first_name.data.strip(),
            "last_name": form.last_name.data.strip(),
            "email": (form.email.data or "").strip() or None,
            "phone": (form.phone.data or "").strip() or None,
            "date_of_birth": form.date_of_birth.data,
            "postcode": (form.postcode.data or "").strip() or None,
            "filled_in_by": form.filled_in_by.data,
        }
        try:
            services.sign_up(session_row, details, consent_version=current_app.config["CONSENT_VERSION"])
        except services.SignUpRefused:
            return render_template("schools/sign_up_too_young.html", session_row=session_row)
        return redirect(url_for("schools.signed_up", token=token))
    return render_template(
        "schools/sign_up.html",
        form=form,
        session_row=session_row,
        consent_version=current_app.config["CONSENT_VERSION"],
    )


@bp.get("/sign-up/<string:token>/thank-you")
def signed_up(token: str):
    session_row = services.session_by_token(token)
    if session_row is None:
        abort(404)
    return render_template("schools/signed_up.html", session_row=session_row)
