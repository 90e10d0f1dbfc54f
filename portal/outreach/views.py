from datetime import date

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import selectinload

from portal.audit import services as audit
from portal.common.working_days import REFERRAL_PROMISE_WORKING_DAYS, working_days_between
from portal.extensions import db
from portal.outreach import restriction, services, told_us
from portal.outreach.blueprint import bp
from portal.outreach.choices import (
    NEEDS,
    REFERRAL_CLOSE_REASONS,
    REFERRAL_STATUSES,
)
from portal.outreach.forms import (
    CloseReferralForm,
    GroupSessionForm,
    OpenCaseForm,
    PartnerReferralForm,
    ReassignForm,
)
from portal.outreach.models import Case, Referral
from portal.people import consent
from portal.ui.forms import options
from portal.ui.pagination import paginate


@bp.get("/referrals")
def list_referrals():
    status = request.args.get("status", "open")
    status = status if status in REFERRAL_STATUSES or status == "" else "open"
    page = paginate(services.triage_queue(status), per_page=25)
    today = date.today()
    return render_template(
        "outreach/referral_list.html",
        page=page,
        status=status,
        statuses=REFERRAL_STATUSES,
        needs=NEEDS,
        hidden=restriction.hidden_referrals(current_user, page.items),
        no_contact=consent.withdrawn_among(referral.person_id for referral in page.items),
        waiting={r.id: working_days_between(r.referred_on, today) for r in page.items if r.status == "open"},
        promise=REFERRAL_PROMISE_WORKING_DAYS,
    )


def _referral_or_404(referral_id: int):
    """The referral, or a "restricted" page (403) for one of a person whose restricted case the
    user may not see: nothing of it is shown, and the refused read is audited."""
    referral = db.get_or_404(Referral, referral_id)
    if referral.id in restriction.hidden_referrals(current_user, [referral]):
        restriction.refuse("referral", referral.id)
        abort(Response(render_template("outreach/referral_restricted.html"), 403))
    return referral


@bp.get("/referrals/<int:referral_id>")
def view_referral(referral_id: int, open_form=None, close_form=None):
    referral = _referral_or_404(referral_id)
    audit.record("view", "referral", referral.id, person=referral.person_id)
    if referral.person is not None:
        audit.record("view", "person", referral.person.person_ref, detail="referral")
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
