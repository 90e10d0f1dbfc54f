"""Staff pages for the toolkit's resources: a link or an uploaded file."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.schools import services, toolkit
from portal.schools.blueprint import staff_bp
from portal.schools.choices import (
    KEY_STAGES,
)
from portal.schools.forms import (
    ResourceForm,
)
from portal.schools.models import Resource
from portal.schools.staff_pages import _form_page, _or_404, _page
from portal.ui.forms import ConfirmForm, options


@staff_bp.get("/toolkit")
def list_resources():
    page = _page(toolkit.resources_query())
    return render_template("schools/resource_list.html", page=page, key_stages=KEY_STAGES)


def _resource_form(form):
    form.careers.choices = options(services.career_choices())
    return form


def _save_resource(form, resource):
    upload = None
    if form.file.data and getattr(form.file.data, "filename", ""):
        try:
            upload = toolkit.store_upload(form.file.data)
        except toolkit.UploadError as error:
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
    return toolkit.save_resource(resource, fields, form.careers.data or [], upload, current_user)


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
        toolkit.delete_resource(resource, current_user)
        flash(_("Resource removed from the toolkit."), "success")
    return redirect(url_for("schools_staff.list_resources"))


# The reach report moved to the reports area; old bookmarks still arrive.
