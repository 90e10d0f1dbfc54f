"""Staff pages for the jobs people went on to: recording a job (with a new employer added on the
way), the jobs list and export, the checks due and the 13/26-week checks."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.audit import services as audit
from portal.auth import permissions
from portal.careers.choices import BANDS
from portal.careers.models import Career
from portal.extensions import db
from portal.opportunities import services
from portal.opportunities.blueprint import staff_bp
from portal.opportunities.choices import (
    CHECK_RESULTS,
    CONTRACT_TYPES,
)
from portal.opportunities.forms import (
    NEW_EMPLOYER,
    CheckForm,
    EmploymentForm,
)
from portal.opportunities.models import EmploymentOutcome
from portal.opportunities.staff_views import career_choices, organisation_choices, staff_page
from portal.outreach import support
from portal.people import services as people
from portal.ui.exports import csv_response
from portal.ui.forms import PeopleSearchForm, options, remembered_search

# ---------------------------------------------------------------- employment outcomes


def _erased(person):
    flash(_("This person's details have been erased: nothing more is recorded about them."), "error")
    return redirect(url_for("people.view_person", person_ref=person.person_ref))


@staff_bp.route("/people/<person_ref>/employment", methods=["GET", "POST"])
def record_employment(person_ref: str):
    person = people.find_person(person_ref)
    if person is None:
        abort(404)
    if not support.may_record_outcomes(current_user, person.id):
        abort(403)
    if person.erased_at is not None:
        return _erased(person)
    form = EmploymentForm()
    form.organisation_id.choices = organisation_choices() + options([(NEW_EMPLOYER, _("Add a new employer"))])
    form.career_id.choices = options([("", _("Not in the list"))] + [(str(i), title) for i, title in career_choices()])
    form.band.choices = options(
        [("", _("Not on Agenda for Change"))] + [(band, _("Band %(band)s", band=band)) for band in BANDS]
    )
    if form.validate_on_submit():
        career_id = int(form.career_id.data) if (form.career_id.data or "").isdigit() else None
        new = form.organisation_id.data == NEW_EMPLOYER
        services.record_employment(
            person,
            user=current_user,
            new_employer={"name": form.new_employer_name.data, "kind": form.new_employer_kind.data} if new else None,
            organisation_id=None if new else int(form.organisation_id.data),
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
        page=staff_page(services.outcomes(search)),
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
    return csv_response(text, "employment-outcomes.csv")


@staff_bp.get("/outcomes/checks-due")
def list_checks_due():
    today = date.today()
    page = staff_page(services.only_supported(services.checks_due(today), current_user))
    return render_template(
        "opportunities/checks_due.html",
        page=page,
        overdue=sum(
            1
            for outcome in page.items
            for weeks, result in ((13, outcome.check_13w_result), (26, outcome.check_26w_result))
            if not result and outcome.due_on(weeks) < today
        ),
        today=today,
        can_change=permissions.can(current_user, "job_checks", permissions.WRITE),
    )


@staff_bp.route("/outcomes/<int:outcome_id>/checks/<any(sustained_13w, sustained_26w):stage>", methods=["GET", "POST"])
def record_check(outcome_id: int, stage: str):
    outcome = db.get_or_404(EmploymentOutcome, outcome_id)
    if not support.may_record_outcomes(current_user, outcome.person_id):
        abort(403)
    if outcome.person.erased_at is not None:
        return _erased(outcome.person)
    form = CheckForm()
    if request.method == "GET":
        form.contacted_on.data = date.today()
    if form.validate_on_submit():
        try:
            services.record_check(
                outcome, stage, form.result.data, current_user, contacted_on=form.contacted_on.data,
                notes=form.notes.data,
            )  # fmt: skip
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
