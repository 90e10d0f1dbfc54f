"""Staff pages for schools' requests: suggested ambassadors, invitations, answers and status."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.extensions import db
from portal.schools import matching
from portal.schools.blueprint import staff_bp
from portal.schools.choices import (
    ACTIVITIES,
    FORMATS,
    INVITATION_RESPONSES,
    REQUEST_STATUSES,
    year_label,
)
from portal.schools.forms import (
    InviteForm,
    RequestStatusForm,
)
from portal.schools.models import Invitation, SessionRequest
from portal.schools.staff_pages import _page
from portal.ui.forms import ConfirmForm, options


@staff_bp.get("/requests")
def list_requests():
    status = request.args.get("status", "open")
    status = status if status in REQUEST_STATUSES or status in ("open", "") else "open"
    page = _page(matching.requests_query(status))
    return render_template(
        "schools/request_list.html", page=page, status=status, statuses=REQUEST_STATUSES, activities=ACTIVITIES,
        formats=FORMATS,
    )  # fmt: skip


def _render_request(request_row, invite_form=None, status_form=None):
    suggestions = matching.suggest_ambassadors(request_row)
    form = invite_form or InviteForm(formdata=None)
    form.ambassadors.choices = options((a.id, f"{a.name} – {a.career.title if a.career else ''}") for a in suggestions)
    status_form = status_form or RequestStatusForm(formdata=None, data={"status": request_row.status})
    return render_template(
        "schools/request_detail.html",
        request_row=request_row,
        suggestions=suggestions,
        invite_form=form,
        status_form=status_form,
        form=invite_form or status_form,
        confirm_form=ConfirmForm(formdata=None),
        activities=ACTIVITIES,
        formats=FORMATS,
        statuses=REQUEST_STATUSES,
        responses=INVITATION_RESPONSES,
        year_label=year_label,
    )


def _request_or_404(request_id: int) -> SessionRequest:
    request_row = db.one_or_404(matching.request_statement(request_id))
    return request_row


@staff_bp.get("/requests/<int:request_id>")
def view_request(request_id: int):
    return _render_request(_request_or_404(request_id))


@staff_bp.post("/requests/<int:request_id>/invite")
def invite_ambassadors(request_id: int):
    request_row = _request_or_404(request_id)
    form = InviteForm()
    if not form.validate_on_submit():
        return _render_request(request_row, invite_form=form)
    invited = matching.invite(request_row, form.ambassadors.data, current_user)
    flash(ngettext("%(num)d ambassador invited.", "%(num)d ambassadors invited.", invited), "success")
    return redirect(url_for("schools_staff.view_request", request_id=request_id))


@staff_bp.post("/requests/<int:request_id>/invitations/<int:invitation_id>/<any(accepted, declined):response>")
def record_invitation_response(request_id: int, invitation_id: int, response: str):
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.request_id != request_id:
        abort(404)
    if ConfirmForm().validate_on_submit():
        matching.record_response(invitation, response, current_user)
        flash(_("Answer recorded."), "success")
    return redirect(url_for("schools_staff.view_request", request_id=request_id))


@staff_bp.post("/requests/<int:request_id>/status")
def change_request_status(request_id: int):
    request_row = _request_or_404(request_id)
    form = RequestStatusForm()
    if not form.validate_on_submit():
        return _render_request(request_row, status_form=form)
    matching.set_request_status(request_row, form.status.data, current_user)
    flash(_("Status changed."), "success")
    return redirect(url_for("schools_staff.view_request", request_id=request_id))
