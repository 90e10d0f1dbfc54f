"""Staff pages: organisations, opportunities, the applications inbox and workflow, placements,
employment outcomes and their sustainment checks, and CSV exports. Academy staff and admins
change things; managers read."""

from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from portal.audit import services as audit
from portal.auth import permissions
from portal.careers.choices import BANDS
from portal.careers.models import Career
from portal.common.postcodes import normalise_postcode
from portal.extensions import db
from portal.forms import PeopleSearchForm, SearchForm, options, remembered_search
from portal.opportunities import services
from portal.opportunities.blueprint import staff_bp
from portal.opportunities.choices import (
    APPLICATION_STATUSES,
    CHECK_RESULTS,
    CONTRACT_TYPES,
    KINDS,
    OPPORTUNITY_STATUSES,
    PLACEMENT_STATUSES,
)
from portal.opportunities.forms import (
    ApplicationFilterForm,
    BulkStatusForm,
    CheckForm,
    CompletePlacementForm,
    EmploymentForm,
    NoteForm,
    OpportunityForm,
    OrganisationForm,
    StartPlacementForm,
    StatusForm,
)
from portal.opportunities.models import EmploymentOutcome, Opportunity
from portal.outreach import support
from portal.pagination import id_arg, paginate
from portal.people import consent
from portal.people import services as people
from portal.pipeline.choices import ORGANISATION_KINDS
from portal.pipeline.models import Organisation

PER_PAGE = 25


def _organisation_choices():
    return options(
        [("", _("Choose an organisation"))]
        + [(o.id, o.name) for o in db.session.scalars(select(Organisation).order_by(Organisation.name))]
    )


def _page(statement):
    return paginate(statement, per_page=PER_PAGE)


# ---------------------------------------------------------------- organisations


@staff_bp.get("/organisations")
def list_organisations():
    search_form = SearchForm(request.args)
    search = (search_form.q.data or "").strip()[:100]
    statement = select(Organisation).order_by(Organisation.name)
    if search:
        statement = statement.where(Organisation.name.ilike(f"%{search}%"))
    return render_template(
        "opportunities/organisation_list.html",
        page=_page(statement),
        search_form=search_form,
        kind_labels=ORGANISATION_KINDS,
    )


@staff_bp.route("/organisations/new", methods=["GET", "POST"])
@staff_bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
def edit_organisation(organisation_id: int | None = None):
    organisation = db.session.get(Organisation, organisation_id) if organisation_id else None
    if organisation_id and organisation is None:
        abort(404)
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        name = form.name.data.strip()
        clash = db.session.scalar(select(Organisation.id).where(Organisation.name == name))
        if clash and clash != organisation_id:
            form.name.errors.append(_("An organisation with this name already exists"))
        else:
            services.save_organisation(organisation, {"name": name, "kind": form.kind.data}, current_user)
            flash(_("Organisation saved."), "success")
            return redirect(url_for("opportunities_staff.list_organisations"))
    return render_template(
        "components/form_page.html",
        form=form,
        page_title=_("Edit organisation") if organisation else _("Add an organisation"),
        back=url_for("opportunities_staff.list_organisations"),
        submit_text=_("Save organisation"),
    )


# ---------------------------------------------------------------- opportunities


@staff_bp.get("/")
def list_opportunities():
    status = request.args.get("status", "")
    status = status if status in OPPORTUNITY_STATUSES else ""
    return render_template(
        "opportunities/staff_opportunity_list.html",
        page=_page(services.staff_opportunities(status)),
        status=status,
        statuses=OPPORTUNITY_STATUSES,
        kinds=KINDS,
        today=date.today(),
    )


def _careers() -> list[tuple[int, str]]:
    return [tuple(row) for row in db.session.execute(select(Career.id, Career.title).order_by(Career.title))]


@staff_bp.route("/new", methods=["GET", "POST"])
@staff_bp.route("/<int:opportunity_id>/edit", methods=["GET", "POST"])
def edit_opportunity(opportunity_id: int | None = None):
    opportunity = services.get_opportunity(opportunity_id) if opportunity_id else None
    if opportunity_id and opportunity is None:
        abort(404)
    form = OpportunityForm(obj=opportunity)
    form.organisation_id.choices = _organisation_choices()
    form.careers.choices = options((str(i), title) for i, title in _careers())
    if request.method == "GET" and opportunity is not None:
        form.online.data = "yes" if opportunity.online else "no"
        form.right_to_work_required.data = "yes" if opportunity.right_to_work_required else "no"
        form.routes.data = opportunity.route_list
        form.careers.data = [str(career.id) for career in opportunity.careers]
    if form.validate_on_submit():
        wanted = [int(value) for value in form.careers.data or [] if str(value).isdigit()]
        careers = list(db.session.scalars(select(Career).where(Career.id.in_(wanted)))) if wanted else []
        data = {
            "title": form.title.data.strip(),
            "kind": form.kind.data,
            "organisation_id": form.organisation_id.data,
            "summary": form.summary.data.strip(),
            "description": (form.description.data or "").strip(),
            "online": form.online.data == "yes",
            "location": (form.location.data or "").strip(),
            "postcode": None if form.online.data == "yes" else normalise_postcode(form.postcode.data),
            "starts_on": form.starts_on.data,
            "ends_on": form.ends_on.data,
            "closes_on": form.closes_on.data,
            "places": form.places.data,
            "min_age": form.min_age.data,
            "right_to_work_required": form.right_to_work_required.data == "yes",
            "dbs_check": form.dbs_check.data,
            "routes": ("|" + "|".join(form.routes.data) + "|") if form.routes.data else "",
        }
        if opportunity is not None and data["places"] < opportunity.places_taken:
            form.places.errors.append(
                _("%(taken)d places are already taken: places cannot be fewer", taken=opportunity.places_taken)
            )
        else:
            saved = services.save_opportunity(opportunity, data, careers, current_user)
            flash(_("Opportunity saved."), "success")
            return redirect(url_for("opportunities_staff.view_opportunity", opportunity_id=saved.id))
    return render_template(
        "components/form_page.html",
        form=form,
        page_title=_("Edit opportunity") if opportunity else _("Add an opportunity"),
        back=url_for("opportunities_staff.list_opportunities"),
        submit_text=_("Save opportunity"),
    )


@staff_bp.get("/<int:opportunity_id>")
def view_opportunity(opportunity_id: int):
    opportunity = services.get_opportunity(opportunity_id)
    if opportunity is None:
        abort(404)
    return render_template(
        "opportunities/staff_opportunity_detail.html",
        opportunity=opportunity,
        kinds=KINDS,
        statuses=OPPORTUNITY_STATUSES,
    )


@staff_bp.post("/<int:opportunity_id>/status")
def set_opportunity_status(opportunity_id: int):
    opportunity = db.session.get(Opportunity, opportunity_id)
    if opportunity is None:
        abort(404)
    form = StatusForm()
    if form.validate_on_submit() and form.status.data in OPPORTUNITY_STATUSES:
        services.set_opportunity_status(opportunity, form.status.data, current_user)
        flash(_("The opportunity is now %(status)s.", status=OPPORTUNITY_STATUSES[form.status.data]), "success")
    return redirect(url_for("opportunities_staff.view_opportunity", opportunity_id=opportunity_id))


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
    page = _page(services.applications(filters))
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
    db.session.commit()
    return _csv(text, "applications.csv")


def _csv(text: str, filename: str) -> Response:
    return Response(
        "\ufeff" + text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


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
    application = services.get_application(application_id)
    if application is None:
        abort(404)
    return application


@staff_bp.get("/applications/<int:application_id>")
def view_application(application_id: int):
    application = _application_or_404(application_id)
    audit.record("view", "application", application.reference)
    if application.person is not None:
        audit.record("view", "person", application.person.person_ref, detail="application")
    db.session.commit()
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
    form.organisation_id.choices = _organisation_choices()
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


# ---------------------------------------------------------------- employment outcomes


@staff_bp.route("/people/<person_ref>/employment", methods=["GET", "POST"])
def record_employment(person_ref: str):
    person = people.find_person(person_ref)
    if person is None:
        abort(404)
    if not support.may_record_outcomes(current_user, person.id):
        abort(403)
    form = EmploymentForm()
    form.organisation_id.choices = _organisation_choices()
    form.career_id.choices = options([("", _("Not in the list"))] + [(str(i), title) for i, title in _careers()])
    form.band.choices = options(
        [("", _("Not on Agenda for Change"))] + [(band, _("Band %(band)s", band=band)) for band in BANDS]
    )
    if form.validate_on_submit():
        career_id = int(form.career_id.data) if (form.career_id.data or "").isdigit() else None
        services.record_employment(
            person,
            user=current_user,
            organisation_id=form.organisation_id.data,
            career_id=career_id if career_id and db.session.get(Career, career_id) else None,
            job_title=form.job_title.data.strip(),
            band=form.band.data or None,
            contract_type=form.contract_type.data,
            hours_per_week=form.hours_per_week.data,
            started_on=form.started_on.data,
        )
        flash(_("Job recorded. The 13-week and 26-week checks will appear in the checks due list."), "success")
        return redirect(url_for("people.view_person", person_ref=person_ref))
    return render_template(
        "components/form_page.html",
        form=form,
        page_title=_("Record a job"),
        caption=f"{person.person_ref} · {person.full_name}",
        back=url_for("people.view_person", person_ref=person_ref),
        submit_text=_("Save job"),
    )


@staff_bp.route("/outcomes", methods=["GET", "POST"])
def list_outcomes():
    search, posted = remembered_search("outcomes")
    if posted:
        return redirect(url_for("opportunities_staff.list_outcomes"))
    search_form = PeopleSearchForm(q=search)
    return render_template(
        "opportunities/outcome_list.html",
        page=_page(services.outcomes(search)),
        search_form=search_form,
        export_url=url_for("opportunities_staff.export_outcomes"),
        contract_types=CONTRACT_TYPES,
        check_results=CHECK_RESULTS,
    )


@staff_bp.get("/outcomes/export.csv")
def export_outcomes():
    search = session.get("search:outcomes", "")[:100]
    seen: list[str] = []
    text = services.outcomes_csv(services.outcomes(search), seen)
    audit.record("export", "employment_outcomes")
    audit.record_many("export", "person", seen, detail="jobs export")
    db.session.commit()
    return _csv(text, "employment-outcomes.csv")


@staff_bp.get("/outcomes/checks-due")
def list_checks_due():
    today = date.today()
    return render_template(
        "opportunities/checks_due.html",
        page=_page(services.only_supported(services.checks_due(today), current_user)),
        today=today,
        can_change=permissions.can(current_user, "job_checks", permissions.WRITE),
    )


@staff_bp.route("/outcomes/<int:outcome_id>/checks/<any(sustained_13w, sustained_26w):stage>", methods=["GET", "POST"])
def record_check(outcome_id: int, stage: str):
    outcome = db.session.get(EmploymentOutcome, outcome_id)
    if outcome is None:
        abort(404)
    if not support.may_record_outcomes(current_user, outcome.person_id):
        abort(403)
    form = CheckForm()
    if form.validate_on_submit():
        try:
            services.record_check(outcome, stage, form.result.data, current_user)
            flash(_("Check recorded."), "success")
            return redirect(url_for("opportunities_staff.list_checks_due"))
        except services.WorkflowError as error:
            form.result.errors.append(str(error))
    weeks = 13 if stage == "sustained_13w" else 26
    return render_template(
        "components/form_page.html",
        form=form,
        page_title=_("%(weeks)d-week check", weeks=weeks),
        caption=f"{outcome.person.person_ref} · {outcome.job_title} · {outcome.organisation.name}",
        back=url_for("opportunities_staff.list_checks_due"),
        submit_text=_("Save check"),
    )
