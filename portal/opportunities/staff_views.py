"""Staff pages for organisations and opportunities, and the helpers the other staff pages share
(application_views.py: the inbox, workflow and placements; job_views.py: jobs and their
sustainment checks). Academy staff and admins change things; managers read."""

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.careers.models import Career
from portal.common.postcodes import normalise_postcode
from portal.extensions import db
from portal.opportunities import services
from portal.opportunities.blueprint import staff_bp
from portal.opportunities.choices import (
    KINDS,
    OPPORTUNITY_STATUSES,
)
from portal.opportunities.forms import (
    OpportunityForm,
    OrganisationForm,
    StatusForm,
)
from portal.opportunities.models import Opportunity
from portal.pipeline.choices import ORGANISATION_KINDS
from portal.pipeline.models import Organisation
from portal.ui.forms import SearchForm, options
from portal.ui.pagination import paginate

PER_PAGE = 25


def organisation_choices():
    return options(
        [("", _("Choose an organisation"))]
        + [(o.id, o.name) for o in db.session.scalars(select(Organisation).order_by(Organisation.name))]
    )


def staff_page(statement):
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
        page=staff_page(statement),
        search_form=search_form,
        kind_labels=ORGANISATION_KINDS,
    )


@staff_bp.route("/organisations/new", methods=["GET", "POST"])
@staff_bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
def edit_organisation(organisation_id: int | None = None):
    organisation = db.get_or_404(Organisation, organisation_id) if organisation_id else None
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
        page=staff_page(services.staff_opportunities(status)),
        status=status,
        statuses=OPPORTUNITY_STATUSES,
        kinds=KINDS,
        today=date.today(),
    )


def career_choices() -> list[tuple[int, str]]:
    return [tuple(row) for row in db.session.execute(select(Career.id, Career.title).order_by(Career.title))]


@staff_bp.route("/new", methods=["GET", "POST"])
@staff_bp.route("/<int:opportunity_id>/edit", methods=["GET", "POST"])
def edit_opportunity(opportunity_id: int | None = None):
    opportunity = db.one_or_404(services.opportunity_statement(opportunity_id)) if opportunity_id else None
    form = OpportunityForm(obj=opportunity)
    form.organisation_id.choices = organisation_choices()
    form.careers.choices = options((str(i), title) for i, title in career_choices())
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
    opportunity = db.one_or_404(services.opportunity_statement(opportunity_id))
    return render_template(
        "opportunities/staff_opportunity_detail.html",
        opportunity=opportunity,
        kinds=KINDS,
        statuses=OPPORTUNITY_STATUSES,
    )


@staff_bp.post("/<int:opportunity_id>/status")
def set_opportunity_status(opportunity_id: int):
    opportunity = db.get_or_404(Opportunity, opportunity_id)
    form = StatusForm()
    if form.validate_on_submit() and form.status.data in OPPORTUNITY_STATUSES:
        services.set_opportunity_status(opportunity, form.status.data, current_user)
        flash(_("The opportunity is now %(status)s.", status=OPPORTUNITY_STATUSES[form.status.data]), "success")
    return redirect(url_for("opportunities_staff.view_opportunity", opportunity_id=opportunity_id))
