from datetime import date, timedelta

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.admin import audit
from portal.auth import permissions
from portal.auth.access import can_access
from portal.extensions import db
from portal.forms import PeopleSearchForm, remembered_search
from portal.outreach import support
from portal.outreach.choices import INTERVENTION_TYPES
from portal.pagination import paginate
from portal.pipeline import bp, rights, services
from portal.pipeline.choices import ROUTES, STAGE_LABELS, STAGES
from portal.pipeline.forms import EraseForm, PeriodForm
from portal.reports.services import rule_text
from portal.reports.suppression import may_see_exact, suppress


@bp.get("/")
def overview():
    form = PeriodForm(request.args)
    today = date.today()
    valid = form.validate() if request.args else True
    start = (form.start.data if valid else None) or today - timedelta(days=365)
    end = (form.end.data if valid else None) or today
    counts = services.stage_counts(start, end)
    exact = may_see_exact(current_user)
    rows = []
    previous = None
    for stage in STAGES:
        reached = counts[stage] if exact else suppress(counts[stage])
        both = isinstance(previous, int) and previous and isinstance(reached, int)
        conversion = round(100 * reached / previous, 1) if both else None
        rows.append({"stage": str(STAGE_LABELS[stage]), "reached": reached, "conversion": conversion})
        previous = reached
    return render_template(
        "pipeline/overview.html", form=form, rows=rows, start=start, end=end, rule=rule_text(not exact)
    )


@bp.route("/people", methods=["GET", "POST"])
def list_people():
    from portal.opportunities import services as opportunities

    search, posted = remembered_search("people")
    if posted:
        return redirect(url_for("pipeline.list_people"))
    search_form = PeopleSearchForm(q=search)
    page = paginate(opportunities.people(search), per_page=25)
    if search:
        audit.record("search", "person", detail=f"{page.total} found")
        db.session.commit()
    return render_template("pipeline/person_list.html", page=page, search_form=search_form, routes=ROUTES)


@bp.get("/people/<person_ref>")
def view_person(person_ref: str):
    from portal.opportunities import services as opportunities

    person = opportunities.find_person(person_ref)
    if person is None:
        abort(404)
    audit.record("view", "person", person.person_ref)
    db.session.commit()
    # Special-category answers: only the roles the matrix lets read the equality area.
    show_equality = permissions.can(current_user, "equality")
    return render_template(
        "pipeline/person_detail.html",
        person=person,
        timeline=opportunities.person_timeline(person, current_user),
        routes=ROUTES,
        stage_labels=STAGE_LABELS,
        intervention_types=INTERVENTION_TYPES,
        show_equality=show_equality,
        can_record_job=can_access(current_user, "opportunities_staff.record_employment")
        and support.may_record_outcomes(current_user, person.id),
        can_use_rights=permissions.can(current_user, "rights", permissions.WRITE),
    )


def _person_or_404(person_ref: str):
    from portal.opportunities import services as opportunities

    person = opportunities.find_person(person_ref)
    if person is None:
        abort(404)
    return person


@bp.get("/people/<person_ref>/subject-access.json")
def subject_access_export(person_ref: str):
    person = _person_or_404(person_ref)
    document = rights.subject_access_export(person)
    return Response(
        document,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="subject-access-{person.person_ref}.json"'},
    )


@bp.route("/people/<person_ref>/erase", methods=["GET", "POST"])
def erase_person(person_ref: str):
    person = _person_or_404(person_ref)
    if person.erased_at is not None:
        return redirect(url_for("pipeline.view_person", person_ref=person.person_ref))
    form = EraseForm(expected=person.person_ref)
    if form.validate_on_submit():
        rights.erase(person)
        flash(_("The person's details have been erased. Their anonymous history is kept for reports."), "success")
        return redirect(url_for("pipeline.view_person", person_ref=person.person_ref))
    return render_template("pipeline/erase.html", form=form, person=person)
