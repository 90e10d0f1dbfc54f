"""Staff pages for applications: the inbox and its export, bulk and single status changes, notes,
and the placement an accepted application starts."""

from datetime import date

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.audit import services as audit
from portal.auth import permissions
from portal.extensions import db
from portal.opportunities import services
from portal.opportunities.blueprint import staff_bp
from portal.opportunities.choices import (
    APPLICATION_STATUSES,
    PLACEMENT_STATUSES,
)
from portal.opportunities.forms import (
    ApplicationFilterForm,
    BulkStatusForm,
    CompletePlacementForm,
    NoteForm,
    StartPlacementForm,
    StatusForm,
)
from portal.opportunities.models import Opportunity
from portal.opportunities.staff_views import organisation_choices, staff_page
from portal.people import consent
from portal.pipeline.models import Organisation
from portal.ui.exports import csv_response
from portal.ui.forms import PeopleSearchForm, options, remembered_search
from portal.ui.pagination import id_arg

# ---------------------------------------------------------------- applications


def _application_filters() -> tuple[services.ApplicationFilters, ApplicationFilterForm]:
    form = ApplicationFilterForm(request.args)
    form.status.choices = options([("", _("Any status"))] + list(APPLICATION_STATUSES.items()))
    form.validate()

    def as_date(value):
        try:
            return date.fromisoformat(value or "")
        except ValueError:
            return None

    filters = services.ApplicationFilters(
        status=form.status.data if form.status.data in APPLICATION_STATUSES else "",
        opportunity_id=id_arg("opportunity"),
        submitted_from=as_date(form.submitted_from.data),
        submitted_to=as_date(form.submitted_to.data),
        search=session.get("search:applications", "")[:100],
    )
    return filters, form


@staff_bp.route("/applications", methods=["GET", "POST"])
def list_applications():
    search, posted = remembered_search("applications")
    if posted:
        return redirect(url_for("opportunities_staff.list_applications", **request.args))
    filters, filter_form = _application_filters()
    opportunity = db.session.get(Opportunity, filters.opportunity_id) if filters.opportunity_id else None
    bulk = BulkStatusForm()
    bulk.status.choices = options(
        [("", _("Choose a status"))]
        + [(s, label) for s, label in APPLICATION_STATUSES.items() if s not in PLACEMENT_STATUSES and s != "submitted"]
    )
    page = staff_page(services.applications(filters))
    return render_template(
        "opportunities/application_list.html",
        page=page,
        no_contact=consent.withdrawn_among(application.person_id for application in page.items),
        filters=filters,
        opportunity=opportunity,
        statuses=APPLICATION_STATUSES,
        bulk=bulk,
        filter_form=filter_form,
        search_form=PeopleSearchForm(q=search),
        export_url=url_for("opportunities_staff.export_applications", **request.args.to_dict()),
        can_change=permissions.can(current_user, "applications", permissions.WRITE),
    )


@staff_bp.get("/applications/export.csv")
def export_applications():
    filters, _form = _application_filters()
    seen: list[str] = []
    text = services.applications_csv(services.applications(filters), seen)
    audit.record("export", "applications", detail=f"status={filters.status or 'any'}")
    # Each person exported, so their own history shows who took their details away.
    audit.record_many("export", "person", seen, detail="applications export")
    return csv_response(text, "applications.csv")


@staff_bp.post("/applications/bulk")
def bulk_change_status():
    form = BulkStatusForm()
    form.status.choices = options((s, s) for s in APPLICATION_STATUSES)
    if not form.validate_on_submit():
        for field in form:
            for error in field.errors:
                flash(error, "error")
        return redirect(request.referrer or url_for("opportunities_staff.list_applications"))
    try:
        changed, refused = services.bulk_change_status(form.application.data, form.status.data, current_user)
    except services.WorkflowError as error:
        flash(str(error), "error")
    else:
        if changed:
            flash(ngettext("%(num)d application moved.", "%(num)d applications moved.", len(changed)), "success")
        for problem in refused:
            flash(problem, "error")
    return redirect(request.referrer or url_for("opportunities_staff.list_applications"))


def _application_or_404(application_id: int):
    application = db.one_or_404(services.application_statement(application_id))
    return application


@staff_bp.get("/applications/<int:application_id>")
def view_application(application_id: int):
    application = _application_or_404(application_id)
    audit.record("view", "application", application.reference, person=application.person_id)
    if application.person is not None:
        audit.record("view", "person", application.person.person_ref, detail="application")
    status_form = StatusForm()
    status_form.status.choices = options(
        [("", _("Choose a status"))] + [(s, APPLICATION_STATUSES[s]) for s in services.allowed_next(application)]
    )
    return render_template(
        "opportunities/application_detail.html",
        application=application,
        statuses=APPLICATION_STATUSES,
        status_form=status_form,
        note_form=NoteForm(),
        can_change=permissions.can(current_user, "applications", permissions.WRITE),
    )


@staff_bp.post("/applications/<int:application_id>/status")
def change_application_status(application_id: int):
    application = _application_or_404(application_id)
    form = StatusForm()
    if form.validate_on_submit():
        try:
            services.change_status(application, form.status.data, current_user)
            flash(_("Status changed to %(status)s.", status=APPLICATION_STATUSES[application.status]), "success")
        except services.WorkflowError as error:
            flash(str(error), "error")
    else:
        flash(_("Choose a status"), "error")
    return redirect(url_for("opportunities_staff.view_application", application_id=application_id))


@staff_bp.post("/applications/<int:application_id>/notes")
def add_application_note(application_id: int):
    application = _application_or_404(application_id)
    form = NoteForm()
    if form.validate_on_submit():
        services.add_note(application, form.text.data, current_user)
        flash(_("Note added."), "success")
    else:
        flash(form.text.errors[0] if form.text.errors else _("Write the note"), "error")
    return redirect(url_for("opportunities_staff.view_application", application_id=application_id))


@staff_bp.route("/applications/<int:application_id>/placement", methods=["GET", "POST"])
def start_placement(application_id: int):
    application = _application_or_404(application_id)
    if application.status != "accepted":
        flash(_("A placement can start once the offer has been accepted."), "error")
        return redirect(url_for("opportunities_staff.view_application", application_id=application_id))
    form = StartPlacementForm()
    form.organisation_id.choices = organisation_choices()
    if request.method == "GET":
        form.organisation_id.data = application.opportunity.organisation_id
        form.starts_on.data = application.opportunity.starts_on
        form.ends_on.data = application.opportunity.ends_on
    if form.validate_on_submit():
        services.start_placement(
            application,
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            expected_hours=form.expected_hours.data,
            organisation=db.session.get(Organisation, form.organisation_id.data),
            user=current_user,
        )
        flash(_("Placement started."), "success")
        return redirect(url_for("opportunities_staff.view_application", application_id=application_id))
    return render_template(
        "components/form_page.html",
        form=form,
        page_title=_("Start the placement"),
        caption=f"{application.reference} · {application.person.full_name}",
        back=url_for("opportunities_staff.view_application", application_id=application_id),
        submit_text=_("Start placement"),
    )


@staff_bp.route("/applications/<int:application_id>/placement/complete", methods=["GET", "POST"])
def complete_placement(application_id: int):
    application = _application_or_404(application_id)
    if application.status != "started":
        flash(_("Only a placement that has started can be completed."), "error")
        return redirect(url_for("opportunities_staff.view_application", application_id=application_id))
    form = CompletePlacementForm()
    if request.method == "GET" and application.placement:
        form.hours_done.data = application.placement.expected_hours
    if form.validate_on_submit():
        services.complete_placement(
            application,
            hours_done=form.hours_done.data,
            completed=form.completed.data == "yes",
            completed_on=form.completed_on.data,
            user=current_user,
        )
        flash(_("Placement recorded as finished."), "success")
        return redirect(url_for("opportunities_staff.view_application", application_id=application_id))
    return render_template(
        "components/form_page.html",
        form=form,
        page_title=_("Record the end of the placement"),
        caption=f"{application.reference} · {application.person.full_name}",
        back=url_for("opportunities_staff.view_application", application_id=application_id),
        submit_text=_("Save"),
    )
