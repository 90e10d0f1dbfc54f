from datetime import date

from flask import current_app, render_template, request, url_for
from flask_babel import format_currency, format_decimal, ngettext
from flask_babel import gettext as _

from portal.careers import search, services, translations
from portal.careers.blueprint import bp
from portal.careers.choices import AFC_PAY_YEAR, ENTRY_ROUTES, ROUTE_FILTERS
from portal.careers.forms import CareerSearchForm, CompareForm
from portal.extensions import db
from portal.ui.forms import options
from portal.ui.pagination import page_number, paginate

PER_PAGE = 20


def journey_link() -> str:
    if "journey.start" in current_app.view_functions:
        return url_for("journey.start")
    return url_for("main.home", _anchor="routes")


@bp.get("/")
def list_careers():
    form = CareerSearchForm(request.args)
    all_families = services.families()
    form.family.choices = options(
        [("", _("All families"))] + [(f.slug, translations.family_plain_name(f)) for f in all_families]
    )
    valid = form.validate()
    query = services.CareerQuery(
        text=(form.q.data or "").strip() if valid else "",
        family=form.family.data if valid and form.family.data in {f.slug for f in all_families} else "",
        routes=[r for r in (form.route.data or []) if r in ROUTE_FILTERS] if valid else [],
        band=form.band.data or "" if valid else "",
    )
    number = page_number()
    corrected = None
    if services.normalise(query.text):
        ranked = search.rank(query)
        corrected = ranked.corrected
        page = paginate(search.ranked_select(ranked.ids), per_page=PER_PAGE, page=number)
    else:
        page = paginate(services.search(query), per_page=PER_PAGE, page=number)
    return render_template(
        "careers/career_list.html",
        form=form,
        query=query,
        page=page,
        corrected=corrected,
        families=all_families,
        family_counts=services.family_counts() if query.is_empty else {},
        result_count=ngettext("%(num)d role", "%(num)d roles", page.total),
    )


@bp.get("/<slug>")
def view_career(slug: str):
    career = db.one_or_404(services.career_statement(slug))
    return render_template(
        "careers/career_detail.html",
        career=career,
        opportunities=services.for_career("opportunities", career.id, date.today()),
        pay=services.pay_range(career),
        afc_year=AFC_PAY_YEAR,
        entry_routes=ENTRY_ROUTES,
        journey_url=journey_link(),
    )


@bp.get("/compare")
def compare_careers():
    asked = list(dict.fromkeys(slug for slug in request.args.getlist("role") if slug))
    careers = services.get_careers(asked)
    found = {career.slug for career in careers}
    problems = []
    unknown = [slug for slug in asked if slug not in found]
    if unknown:
        problems.append(
            _(
                "We could not find %(count)d of the roles you asked for. Choose them again from the list.",
                count=len(unknown),
            )
        )
    if len(careers) > services.MAX_COMPARE:
        problems.append(_("You can compare up to 3 roles at a time. We are showing the first 3."))
        careers = careers[: services.MAX_COMPARE]
    form = CompareForm(formdata=None)
    form.role.choices = options(
        [("", _("Choose a role"))]
        + sorted(
            (
                (slug, translations.name_text("role", slug, title))
                for slug, title in services.role_choices()
                if slug not in found
            ),
            key=lambda choice: choice[1].casefold(),
        )
    )
    return render_template(
        "careers/career_compare.html",
        careers=careers,
        problems=problems,
        form=form,
        pay={career.slug: services.pay_range(career) for career in careers},
        afc_year=AFC_PAY_YEAR,
        entry_routes=ENTRY_ROUTES,
        can_add=len(careers) < services.MAX_COMPARE,
    )


@bp.get("/families/<slug>")
def view_family(slug: str):
    family = db.one_or_404(services.family_statement(slug))
    return render_template("careers/family_detail.html", family=family)


@bp.app_template_global()
def band_text(career) -> str:
    if not career.band_min:
        return ""
    if career.band_min == career.band_max:
        return _("Band %(band)s", band=career.band_min)
    return _("Bands %(low)s to %(high)s", low=career.band_min, high=career.band_max)


@bp.app_template_global()
def pay_text(career, pay, year) -> str:
    parts = []
    if pay:
        low, high = (format_currency(amount, "GBP", format="¤#,##0", currency_digits=False) for amount in pay)
        parts.append(
            _(
                "Agenda for Change %(bands)s: %(low)s to %(high)s a year (%(year)s pay scales).",
                bands=band_text(career),
                low=low,
                high=high,
                year=year,
            )
        )
    if career.pay_note:
        parts.append(career.pay_note)
    return " ".join(parts) or _("Pay is set by the employer.")


@bp.app_template_global()
def pay_words(career) -> str:
    """Pay in plain words beside the band, rounded to the nearest thousand: "Band 5: about £31,000 to
    £38,000 a year" (Agenda for Change 2025/26, entry pay of the lowest band to the top of the highest)."""
    pay = services.pay_range(career)
    if not pay:
        return ""
    low, high = ("£" + format_decimal(round(amount, -3), "#,##0") for amount in pay)
    if low == high:
        return _("%(bands)s: about %(amount)s a year", bands=band_text(career), amount=low)
    return _("%(bands)s: about %(low)s to %(high)s a year", bands=band_text(career), low=low, high=high)


@bp.app_context_processor
def catalogue_words():
    return translations.TEMPLATE_GLOBALS
