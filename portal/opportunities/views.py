"""Public pages: find an opportunity, apply, optional equality monitoring, confirmation."""

from datetime import date

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.careers import services as careers
from portal.extensions import db
from portal.opportunities import nearby, services
from portal.opportunities.blueprint import bp
from portal.opportunities.choices import DBS_LEVELS, KINDS
from portal.opportunities.forms import ApplyForm, FilterOpportunitiesForm
from portal.opportunities.models import Application
from portal.people import intake
from portal.people.forms import EqualityForm
from portal.pipeline.choices import ROUTES
from portal.security import public_form
from portal.ui.forms import options
from portal.ui.pagination import paginate

PER_PAGE = 20
SESSION_KEY = "just_applied"  # the application the visitor has just made, for its follow-up pages


@bp.get("/")
def list_opportunities():
    today = date.today()
    form = FilterOpportunitiesForm(request.args)
    families = careers.families()
    form.family.choices = options([("", _("All families"))] + [(f.slug, f.name) for f in families])
    valid = form.validate()
    filters = services.OpportunityFilters()
    if valid:
        filters = services.OpportunityFilters(
            kind=form.kind.data if form.kind.data in KINDS else "",
            family=form.family.data if form.family.data in {f.slug for f in families} else "",
            mode=form.mode.data or "",
            route=form.route.data or "",
            closing_soon="yes" in (form.closing_soon.data or []),
            age=form.age.data,
        )
    counts = services.kind_counts(filters, today)
    form.kind.choices = options(
        [("", _("All types (%(num)d)", num=sum(counts.values())))]
        + [(kind, f"{label} ({counts.get(kind, 0)})") for kind, label in KINDS.items()]
    )
    origin = nearby.origin_from(form) if valid else None
    statement = services.public_opportunities(filters, today)
    page = paginate(nearby.near(statement, origin) if origin else statement, per_page=PER_PAGE)
    return render_template(
        "opportunities/opportunity_list.html",
        form=form,
        page=page,
        kinds=KINDS,
        today=today,
        origin=origin,
        miles=nearby.distances(page.items, origin) if origin else {},
        filtered=any(
            request.args.get(name) for name in ("kind", "family", "mode", "route", "age", "closing_soon", "postcode")
        ),
        result_count=ngettext("%(num)d opportunity", "%(num)d opportunities", page.total),
    )


@bp.get("/<int:opportunity_id>")
def view_opportunity(opportunity_id: int):
    opportunity = db.one_or_404(services.opportunity_statement(opportunity_id, public=True))
    today = date.today()
    return render_template(
        "opportunities/opportunity_detail.html",
        opportunity=opportunity,
        kinds=KINDS,
        routes=ROUTES,
        dbs_levels=DBS_LEVELS,
        refusal=services.refusal_reason(opportunity, today),
        today=today,
    )


def _languages():
    return options(
        [("", _("Choose a language"))]
        + [(tag, name) for tag, (_locale, name) in current_app.config["LANGUAGES"].items()]
    )


@bp.route("/<int:opportunity_id>/apply", methods=["GET", "POST"])
@public_form
def apply(opportunity_id: int):
    opportunity = db.one_or_404(services.opportunity_statement(opportunity_id, public=True))
    today = date.today()
    refusal = services.refusal_reason(opportunity, today)
    form = ApplyForm(opportunity=opportunity)
    form.preferred_language.choices = _languages()
    if request.method == "GET" and not form.preferred_language.data:
        form.preferred_language.data = request.args.get("lang") or None
    if refusal is None and form.validate_on_submit():
        details = {name: getattr(form, name).data for name in (
            "first_name", "last_name", "email", "phone", "date_of_birth", "postcode",
            "route", "preferred_language", "statement", "right_to_work",
        )}  # fmt: skip
        try:
            application = services.apply(
                opportunity_id, details, consent_version=current_app.config["CONSENT_VERSION"], today=today
            )
        except services.ApplyRefused as refused:
            refusal = str(refused)
        else:
            session[SESSION_KEY] = application.id
            return redirect(url_for("opportunities.equality_monitoring", opportunity_id=opportunity_id))
    return render_template(
        "opportunities/apply.html",
        form=form,
        opportunity=opportunity,
        refusal=refusal,
        consent_version=current_app.config["CONSENT_VERSION"],
    ), (200 if refusal is None else 409 if request.method == "POST" else 200)


def _just_applied(opportunity_id: int) -> Application:
    application = db.session.get(Application, session.get(SESSION_KEY) or 0)
    if application is None or application.opportunity_id != opportunity_id:
        abort(404)
    return application


@bp.route("/<int:opportunity_id>/apply/about-you", methods=["GET", "POST"])
@public_form
def equality_monitoring(opportunity_id: int):
    application = _just_applied(opportunity_id)
    form = EqualityForm()
    if form.validate_on_submit():
        if application.intake is not None:
            intake.record_equality(application.intake, {field.name: field.data for field in form})
        return redirect(url_for("opportunities.application_sent", opportunity_id=opportunity_id))
    return render_template(
        "components/equality_form.html",
        form=form,
        intro=_("Your application has been sent. These questions are optional and do not affect it."),
        action=url_for("opportunities.equality_monitoring", opportunity_id=opportunity_id),
        skip=url_for("opportunities.application_sent", opportunity_id=opportunity_id),
    )


@bp.get("/<int:opportunity_id>/apply/sent")
def application_sent(opportunity_id: int):
    application = _just_applied(opportunity_id)
    return render_template("opportunities/application_sent.html", application=application)
