from datetime import date

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import selectinload

from portal.audit import services as audit
from portal.auth import permissions
from portal.extensions import db
from portal.forms import ConfirmForm, options
from portal.outreach import restriction, services, told_us
from portal.outreach.blueprint import bp
from portal.outreach.choices import (
    BARRIERS,
    CLOSURE_REASONS,
    INTERVENTION_TYPES,
    MODES,
    NEEDS,
    REFERRAL_CLOSE_REASONS,
    REFERRAL_STATUSES,
    RIGHT_TO_WORK_STATUSES,
)
from portal.outreach.forms import (
    ActionForm,
    CaseDetailsForm,
    CloseCaseForm,
    CloseReferralForm,
    GroupSessionForm,
    InterventionForm,
    OpenCaseForm,
    PartnerReferralForm,
    QualificationForm,
    ReassignForm,
)
from portal.outreach.models import Case, Referral
from portal.pagination import paginate
from portal.people import consent
from portal.people import services as people
from portal.pipeline.choices import STAGE_LABELS


@bp.get("/referrals")
def list_referrals():
    status = request.args.get("status", "open")
    status = status if status in REFERRAL_STATUSES or status == "" else "open"
    page = paginate(services.triage_queue(status), per_page=25)
    return render_template(
        "outreach/referral_list.html",
        page=page,
        status=status,
        statuses=REFERRAL_STATUSES,
        needs=NEEDS,
        hidden=restriction.hidden_referrals(current_user, page.items),
        no_contact=consent.withdrawn_among(referral.person_id for referral in page.items),
    )


def _referral_or_404(referral_id: int):
    """The referral, or a "restricted" page (403) for one of a person whose restricted case the
    user may not see: nothing of it is shown, and the refused read is audited."""
    referral = db.get_or_404(Referral, referral_id)
    if referral.id in restriction.hidden_referrals(current_user, [referral]):
        restriction.refuse("referral", referral.id)
        db.session.commit()
        abort(Response(render_template("outreach/referral_restricted.html"), 403))
    return referral


@bp.get("/referrals/<int:referral_id>")
def view_referral(referral_id: int, open_form=None, close_form=None):
    referral = _referral_or_404(referral_id)
    audit.record("view", "referral", referral.id)
    if referral.person is not None:
        audit.record("view", "person", referral.person.person_ref, detail="referral")
    db.session.commit()
    form = open_form or OpenCaseForm()
    form.adviser_id.choices = options([("", _("Choose the adviser"))] + [(u.id, u.name) for u in services.advisers()])
    if open_form is None and current_user.role == "outreach_adviser":
        form.adviser_id.data = current_user.id
    return render_template(
        "outreach/referral_detail.html",
        referral=referral,
        form=form if close_form is None else close_form,
        open_form=form,
        close_form=close_form or CloseReferralForm(formdata=None),
        needs=NEEDS,
        statuses=REFERRAL_STATUSES,
        close_reasons=REFERRAL_CLOSE_REASONS,
        told_us=told_us.readable(told_us.carried(referral.journey_answers)),
        no_contact=referral.person is not None and not consent.may_contact(referral.person),
    )


@bp.post("/referrals/<int:referral_id>/open-case")
def open_case(referral_id: int):
    referral = _referral_or_404(referral_id)
    form = OpenCaseForm()
    form.adviser_id.choices = options([(u.id, u.name) for u in services.advisers()])
    if referral.status != "open":
        flash(_("This referral has already been dealt with."), "error")
        return redirect(url_for("outreach.view_referral", referral_id=referral_id))
    if referral.person is None:
        flash(_("Say who sent this request before you open a case."), "error")
        return redirect(url_for("outreach.view_referral", referral_id=referral_id))
    if not form.validate_on_submit():
        return view_referral(referral_id, open_form=form)
    from portal.auth.models import User

    case = services.open_case(
        referral,
        db.session.get(User, form.adviser_id.data),
        restricted="yes" in (form.restricted.data or []),
        user=current_user,
    )
    flash(_("Case opened."), "success")
    return redirect(url_for("outreach.view_case", case_id=case.id))


@bp.post("/referrals/<int:referral_id>/close")
def close_referral(referral_id: int):
    referral = _referral_or_404(referral_id)
    form = CloseReferralForm()
    if referral.status != "open":
        return redirect(url_for("outreach.list_referrals"))
    if not form.validate_on_submit():
        return view_referral(referral_id, close_form=form)
    services.close_referral(referral, form.reason.data, current_user)
    flash(_("Referral closed without a case."), "success")
    return redirect(url_for("outreach.list_referrals"))


def _case_or_404(case_id: int):
    case = services.get_case(case_id)
    if case is None:
        abort(404)
    # A restricted case is "not found" for anyone who may not open it: its existence is not
    # revealed, but the refused read is audited.
    if not services.can_open_case(current_user, case):
        restriction.refuse("case", case.id)
        db.session.commit()
        abort(404)
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
        can_change=permissions.can(current_user, "cases", permissions.WRITE),
        told_us=told_us.case_rows(case),
        no_contact=not consent.may_contact(case.person),
        form=next(iter(forms.values()), None),
    ), status


@bp.get("/cases/<int:case_id>")
def view_case(case_id: int):
    case = _case_or_404(case_id)
    audit.record("view", "case", case.id)
    audit.record("view", "person", case.person.person_ref, detail="case")
    db.session.commit()
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
        "outreach/caseload.html", page=page, rows=services.attention(page.items, today), today=today,
        no_contact=consent.withdrawn_among(case.person_id for case in page.items),
    )  # fmt: skip


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


def _partners():
    from sqlalchemy import select

    from portal.pipeline.models import Organisation

    return options(
        [("", _("Choose an organisation"))]
        + [(o.id, o.name) for o in db.session.scalars(select(Organisation).order_by(Organisation.name))]
    )


@bp.route("/referrals/new", methods=["GET", "POST"])
def add_partner_referral():
    from portal.pipeline.models import Organisation

    form = PartnerReferralForm()
    form.partner_id.choices = _partners()
    if form.validate_on_submit():
        referral = services.refer_from_partner(
            {
                "first_name": form.first_name.data.strip(),
                "last_name": form.last_name.data.strip(),
                "email": (form.email.data or "").strip() or None,
                "phone": (form.phone.data or "").strip() or None,
                "route": form.route.data,
                "consent_version": current_app.config["CONSENT_VERSION"],
            },
            partner=db.session.get(Organisation, form.partner_id.data),
            referred_on=form.referred_on.data,
            reason=form.reason.data.strip(),
            user=current_user,
        )
        flash(_("Referral added to the queue."), "success")
        return redirect(url_for("outreach.view_referral", referral_id=referral.id))
    return render_template(
        "components/form_page.html",
        form=form,
        page_title=_("Add a referral from a partner"),
        back=url_for("outreach.list_referrals"),
        submit_text=_("Add referral"),
    )


@bp.route("/group-sessions/new", methods=["GET", "POST"])
def record_group_session():
    form = GroupSessionForm()
    cases = db.session.scalars(
        services.visible_cases(current_user)
        .where(Case.status == "open")
        .options(selectinload(Case.person))
        .order_by(Case.id)
    ).all()
    form.attendees.choices = options((case.id, f"{case.person.full_name} ({case.person.person_ref})") for case in cases)
    if form.validate_on_submit():
        allowed = {case.id for case in cases}
        attendees = [case_id for case_id in form.attendees.data if case_id in allowed]
        services.record_group_session(
            title=form.title.data.strip(),
            type=form.type.data,
            held_on=form.held_on.data,
            minutes=form.minutes.data,
            mode=form.mode.data,
            notes=form.notes.data,
            case_ids=attendees,
            user=current_user,
        )
        flash(
            ngettext("Session recorded for %(num)d person.", "Session recorded for %(num)d people.", len(attendees)),
            "success",
        )
        return redirect(
            url_for("outreach.my_caseload")
            if current_user.role == "outreach_adviser"
            else url_for("outreach.list_referrals")
        )
    return render_template(
        "components/form_page.html",
        form=form,
        page_title=_("Record a group session"),
        back=url_for("outreach.list_referrals"),
        submit_text=_("Save session"),
    )


@bp.route("/reassign", methods=["GET", "POST"])
def reassign_caseload():
    from portal.auth.models import User

    form = ReassignForm()
    choices = options([("", _("Choose an adviser"))] + [(u.id, u.name) for u in services.advisers()])
    form.from_adviser.choices = choices
    form.to_adviser.choices = choices
    if form.validate_on_submit():
        moved = services.reassign_caseload(
            db.session.get(User, form.from_adviser.data), db.session.get(User, form.to_adviser.data), current_user
        )
        flash(ngettext("%(num)d case moved.", "%(num)d cases moved.", moved), "success")
        return redirect(url_for("outreach.list_referrals"))
    return render_template(
        "components/form_page.html",
        form=form,
        page_title=_("Move a caseload to another adviser"),
        back=url_for("outreach.list_referrals"),
        submit_text=_("Move cases"),
    )


# The outreach report moved to the reports area; old bookmarks still arrive.
@bp.get("/report")
def old_outreach_report():
    return redirect(url_for("reports.outreach_report", **request.args.to_dict()), 308)
