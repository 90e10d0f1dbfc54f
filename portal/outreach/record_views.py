"""Correcting a case's saved records: an action (and undoing "done"), an intervention, a
qualification from abroad. Each page is the record's own form, filled in with what was saved."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.outreach import records
from portal.outreach.blueprint import bp
from portal.outreach.case_views import _case_or_404
from portal.outreach.forms import ActionForm, InterventionForm, QualificationForm
from portal.ui.forms import ConfirmForm


def _one(items, item_id: int):
    found = next((item for item in items if item.id == item_id), None)
    if found is None:
        abort(404)
    return found


def _form_page(case, form, title: str):
    return render_template(
        "components/form_page.html",
        form=form,
        page_title=title,
        caption=f"{case.person.person_ref} · {case.person.full_name}",
        back=url_for("outreach.view_case", case_id=case.id),
        submit_text=_("Save changes"),
    )


def _saved(case, changed: bool):
    flash(_("Changes saved. The case history shows what changed.") if changed else _("Nothing was changed."), "success")
    return redirect(url_for("outreach.view_case", case_id=case.id))


@bp.route("/cases/<int:case_id>/actions/<int:action_id>/edit", methods=["GET", "POST"])
def edit_action(case_id: int, action_id: int):
    case = _case_or_404(case_id)
    action = _one(case.actions, action_id)
    form = ActionForm(obj=action if request.method == "GET" else None)
    if form.validate_on_submit():
        changed = records.update_action(
            case, action, what=form.what.data, who=form.who.data, due_on=form.due_on.data, user=current_user
        )
        return _saved(case, changed)
    return _form_page(case, form, _("Change the action"))


@bp.post("/cases/<int:case_id>/actions/<int:action_id>/undo")
def undo_action(case_id: int, action_id: int):
    case = _case_or_404(case_id)
    action = _one(case.actions, action_id)
    if ConfirmForm().validate_on_submit() and action.done_on is not None:
        records.undo_action(case, action, current_user)
        flash(_("The action is open again."), "success")
    return redirect(url_for("outreach.view_case", case_id=case_id))


@bp.route("/cases/<int:case_id>/interventions/<int:intervention_id>/edit", methods=["GET", "POST"])
def edit_intervention(case_id: int, intervention_id: int):
    case = _case_or_404(case_id)
    intervention = _one(case.interventions, intervention_id)
    form = InterventionForm(obj=intervention if request.method == "GET" else None)
    if form.validate_on_submit():
        changed = records.update_intervention(
            case,
            intervention,
            user=current_user,
            type=form.type.data,
            occurred_on=form.occurred_on.data,
            minutes=form.minutes.data,
            mode=form.mode.data,
            notes=form.notes.data,
        )
        return _saved(case, changed)
    return _form_page(case, form, _("Change the intervention"))


@bp.route("/cases/<int:case_id>/qualifications/<int:qualification_id>/edit", methods=["GET", "POST"])
def edit_qualification(case_id: int, qualification_id: int):
    case = _case_or_404(case_id)
    record = _one(case.qualifications, qualification_id)
    form = QualificationForm(obj=record if request.method == "GET" else None)
    if form.validate_on_submit():
        changed = records.update_qualification(
            case,
            record,
            user=current_user,
            qualification=form.qualification.data.strip(),
            country=form.country.data.strip(),
            enic_requested_on=form.enic_requested_on.data,
            enic_received_on=form.enic_received_on.data,
            outcome=(form.outcome.data or "").strip(),
        )
        return _saved(case, changed)
    return _form_page(case, form, _("Change the qualification"))
