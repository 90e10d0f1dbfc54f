"""A case's page and the changes made on it: details, interventions, actions, qualifications,
closing and reopening; and an adviser's caseload. Corrections to saved records are in
record_views.py."""

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.audit import services as audit
from portal.auth import permissions
from portal.extensions import db
from portal.outreach import restriction, services, told_us
from portal.outreach.blueprint import bp
from portal.outreach.choices import BARRIERS, CLOSURE_REASONS, INTERVENTION_TYPES, MODES, RIGHT_TO_WORK_STATUSES
from portal.outreach.forms import ActionForm, CaseDetailsForm, CloseCaseForm, InterventionForm, QualificationForm
from portal.outreach.history import change_words
from portal.people import consent
from portal.people import services as people
from portal.pipeline.choices import STAGE_LABELS
from portal.ui.forms import ConfirmForm
from portal.ui.pagination import paginate


def _case_or_404(case_id: int):
    case = db.one_or_404(services.case_statement(case_id))
    # A restricted case is "not found" for anyone who may not open it: its existence is not
    # revealed, but the refused read is audited.
    if not services.can_open_case(current_user, case):
        restriction.refuse("case", case.id)
        abort(404)
    # Nothing more is written about a person whose details were erased.
    if request.method != "GET" and case.person.erased_at is not None:
        abort(409)
    return case


def _render_case(case, status=200, **forms):
    details = forms.get("details") or CaseDetailsForm(
        formdata=None,
        data={
            "barriers": case.barrier_list,
            "goals": case.goals,
            "right_to_work_status": case.right_to_work_status or "",
            "right_to_work_checked_on": case.right_to_work_checked_on,
        },
    )
    today = date.today()
    return render_template(
        "outreach/case_detail.html",
        case=case,
        details_form=details,
        intervention_form=forms.get("intervention") or InterventionForm(formdata=None),
        action_form=forms.get("action") or ActionForm(formdata=None),
        close_form=forms.get("close") or CloseCaseForm(formdata=None),
        qualification_form=forms.get("qualification") or QualificationForm(formdata=None),
        timeline=people.person_timeline(case.person, current_user),
        today=today,
        barriers=BARRIERS,
        intervention_types=INTERVENTION_TYPES,
        modes=MODES,
        closure_reasons=CLOSURE_REASONS,
        right_to_work_statuses=RIGHT_TO_WORK_STATUSES,
        stage_labels=STAGE_LABELS,
        history=[(change, change_words(change)) for change in reversed(case.history)],
        can_change=permissions.can(current_user, "cases", permissions.WRITE) and case.person.erased_at is None,
        told_us=told_us.case_rows(case),
        no_contact=not consent.may_contact(case.person),
        form=next(iter(forms.values()), None),
    ), status


@bp.get("/cases/<int:case_id>")
def view_case(case_id: int):
    case = _case_or_404(case_id)
    audit.record("view", "case", case.id, person=case.person_id)
    audit.record("view", "person", case.person.person_ref, detail="case")
    return _render_case(case)


@bp.post("/cases/<int:case_id>/details")
def update_case_details(case_id: int):
    case = _case_or_404(case_id)
    form = CaseDetailsForm()
    if not form.validate_on_submit():
        return _render_case(case, details=form)
    services.update_details(
        case,
        barriers=form.barriers.data or [],
        goals=form.goals.data,
        right_to_work_status=form.right_to_work_status.data,
        right_to_work_checked_on=form.right_to_work_checked_on.data,
        user=current_user,
    )
    flash(_("Case details saved."), "success")
    return redirect(url_for("outreach.view_case", case_id=case_id))


@bp.post("/cases/<int:case_id>/interventions")
def add_intervention(case_id: int):
    case = _case_or_404(case_id)
    form = InterventionForm()
    if not form.validate_on_submit():
        return _render_case(case, intervention=form)
    services.add_intervention(
        case,
        type=form.type.data,
        occurred_on=form.occurred_on.data,
        minutes=form.minutes.data,
        mode=form.mode.data,
        notes=form.notes.data,
        user=current_user,
    )
    flash(_("Intervention recorded."), "success")
    return redirect(url_for("outreach.view_case", case_id=case_id))


@bp.post("/cases/<int:case_id>/actions")
def add_action(case_id: int):
    case = _case_or_404(case_id)
    form = ActionForm()
    if not form.validate_on_submit():
        return _render_case(case, action=form)
    services.add_action(case, what=form.what.data, who=form.who.data, due_on=form.due_on.data, user=current_user)
    flash(_("Action added."), "success")
    return redirect(url_for("outreach.view_case", case_id=case_id))


@bp.post("/cases/<int:case_id>/actions/<int:action_id>/done")
def complete_action(case_id: int, action_id: int):
    case = _case_or_404(case_id)
    action = next((a for a in case.actions if a.id == action_id), None)
    if action is None:
        abort(404)
    if ConfirmForm().validate_on_submit() and action.done_on is None:
        services.complete_action(action, current_user)
        flash(_("Action marked as done."), "success")
    return redirect(url_for("outreach.view_case", case_id=case_id))


@bp.post("/cases/<int:case_id>/close")
def close_case(case_id: int):
    case = _case_or_404(case_id)
    form = CloseCaseForm()
    if case.status != "open":
        abort(409)
    if not form.validate_on_submit():
        return _render_case(case, close=form)
    services.close_case(case, form.reason.data, current_user)
    flash(_("Case closed."), "success")
    return redirect(url_for("outreach.view_case", case_id=case_id))


@bp.post("/cases/<int:case_id>/reopen")
def reopen_case(case_id: int):
    case = _case_or_404(case_id)
    if ConfirmForm().validate_on_submit() and case.status == "closed":
        services.reopen_case(case, current_user)
        flash(_("Case reopened. Its history is kept."), "success")
    return redirect(url_for("outreach.view_case", case_id=case_id))


@bp.get("/caseload")
def my_caseload():
    today = date.today()
    page = paginate(services.caseload(current_user), per_page=current_app.config["PER_PAGE"])
    return render_template(
        "outreach/caseload.html",
        page=page,
        rows=services.attention(page.items, today),
        today=today,
        no_contact=consent.withdrawn_among(case.person_id for case in page.items),
    )


@bp.post("/cases/<int:case_id>/told-us/checked")
def check_all_told_us(case_id: int):
    case = _case_or_404(case_id)
    if ConfirmForm().validate_on_submit() and told_us.check(case, current_user):
        flash(_("Everything they told us is marked as checked."), "success")
    return redirect(url_for("outreach.view_case", case_id=case_id, _anchor="told-us"))


@bp.post("/cases/<int:case_id>/told-us/<int:answer_id>/checked")
def check_told_us(case_id: int, answer_id: int):
    case = _case_or_404(case_id)
    if not any(row.id == answer_id for row in case.told_us):
        abort(404)
    if ConfirmForm().validate_on_submit() and told_us.check(case, current_user, answer_id):
        flash(_("Answer marked as checked."), "success")
    return redirect(url_for("outreach.view_case", case_id=case_id, _anchor="told-us"))


@bp.post("/cases/<int:case_id>/qualifications")
def add_qualification(case_id: int):
    case = _case_or_404(case_id)
    form = QualificationForm()
    if not form.validate_on_submit():
        return _render_case(case, qualification=form)
    services.add_qualification(
        case,
        current_user,
        qualification=form.qualification.data.strip(),
        country=form.country.data.strip(),
        enic_requested_on=form.enic_requested_on.data,
        enic_received_on=form.enic_received_on.data,
        outcome=(form.outcome.data or "").strip(),
    )
    flash(_("Qualification recorded."), "success")
    return redirect(url_for("outreach.view_case", case_id=case_id))
