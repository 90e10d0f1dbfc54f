"""The public's way back in: ask for a link by email, open it once, then for a short while see
and withdraw applications, ask for a copy of their data and withdraw their consent. No account,
no password."""

from datetime import UTC, datetime, timedelta

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from portal.notifications import services
from portal.notifications.blueprint import bp
from portal.notifications.forms import AskForLinkForm, ConfirmForm, ContactByForm, UpdateContactForm
from portal.notifications.links import use_return_link
from portal.opportunities.choices import APPLICATION_STATUSES, TRANSITIONS
from portal.outreach.choices import REFERRAL_STATUSES
from portal.security import public_form

PERSON, UNTIL = "return_person", "return_until"


def _signed_in_person() -> int | None:
    until = session.get(UNTIL)
    if not until or datetime.now(UTC).timestamp() > until:
        session.pop(PERSON, None)
        session.pop(UNTIL, None)
        return None
    return session.get(PERSON)


@bp.route("/my-applications", methods=["GET", "POST"])
@public_form
def ask_for_link():
    form = AskForLinkForm()
    if form.validate_on_submit():
        services.request_link(form.email.data)
        return redirect(url_for("notifications.link_sent"))
    return render_template("notifications/ask_for_link.html", form=form)


@bp.get("/my-applications/check-your-email")
def link_sent():
    return render_template("notifications/link_sent.html", days=current_app.config["RETURN_LINK_DAYS"])


@bp.get("/my-applications/<string(minlength=20, maxlength=100):token>")
def open_link(token: str):
    person_id = use_return_link(token)
    if person_id is None:
        return render_template("notifications/link_not_valid.html", form=AskForLinkForm()), 404
    session.clear()
    session[PERSON] = person_id
    minutes = current_app.config["RETURN_SESSION_MINUTES"]
    session[UNTIL] = (datetime.now(UTC) + timedelta(minutes=minutes)).timestamp()
    # Away from the token's address, so it is not left in the history or sent on as a referrer.
    return redirect(url_for("notifications.my_applications"))


@bp.get("/my-applications/yours")
def my_applications():
    person_id = _signed_in_person()
    found = services.overview(person_id) if person_id else None
    if found is None:
        return redirect(url_for("notifications.ask_for_link"))
    return render_template(
        "notifications/my_applications.html",
        form=ConfirmForm(),
        contact_form=ContactByForm(contact_by=found["person"].contact_by or "email"),
        statuses=APPLICATION_STATUSES,
        referral_statuses=REFERRAL_STATUSES,
        can_withdraw={a.id for a in found["applications"] if "withdrawn" in TRANSITIONS.get(a.status, ())},
        **found,
    )


@bp.post("/my-applications/yours/applications/<int:application_id>/withdraw")
@public_form
def withdraw_application(application_id: int):
    person_id = _signed_in_person()
    if person_id is None:
        return redirect(url_for("notifications.ask_for_link"))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    reference = services.withdraw(person_id, application_id)
    if reference is None:
        abort(404)
    flash(_("Your application %(reference)s has been withdrawn.", reference=reference), "success")
    return redirect(url_for("notifications.my_applications"))


@bp.post("/my-applications/yours/copy-of-my-data")
@public_form
def ask_for_copy():
    person_id = _signed_in_person()
    if person_id is None:
        return redirect(url_for("notifications.ask_for_link"))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.request_copy(person_id)
    flash(_("We have your request for a copy of your data. We will send it within one month."), "success")
    return redirect(url_for("notifications.my_applications"))


@bp.post("/my-applications/yours/contact-by")
@public_form
def choose_contact_by():
    person_id = _signed_in_person()
    if person_id is None:
        return redirect(url_for("notifications.ask_for_link"))
    form = ContactByForm()
    if not form.validate_on_submit():
        abort(400)
    services.set_contact_by(person_id, form.contact_by.data)
    flash(_("Thank you: we will tell you that way from now on."), "success")
    return redirect(url_for("notifications.my_applications"))


@bp.route("/my-applications/yours/contact-details", methods=["GET", "POST"])
@public_form
def update_contact_details():
    """The person's new email, phone or way to hear from us, held for staff to check."""
    person_id = _signed_in_person()
    found = services.overview(person_id) if person_id else None
    if found is None:
        return redirect(url_for("notifications.ask_for_link"))
    person = found["person"]
    form = UpdateContactForm(
        data={"email": person.email, "phone": person.phone, "contact_by": person.contact_by or "email"}
    )
    if form.validate_on_submit():
        changed = services.hold_contact_update(
            person_id, email=form.email.data, phone=form.phone.data, contact_by=form.contact_by.data
        )
        flash(
            _("Thank you. We will check your new details, then use them.")
            if changed
            else _("Those are the details we already have: nothing has changed."),
            "success",
        )
        return redirect(url_for("notifications.my_applications"))
    return render_template("notifications/update_contact.html", form=form)


@bp.route("/my-applications/yours/withdraw-consent", methods=["GET", "POST"])
@public_form
def withdraw_consent():
    """The person withdraws their consent themselves: a page that says what it means, then the
    button. Afterwards the same page says it is done."""
    person_id = _signed_in_person()
    found = services.consent_state(person_id) if person_id else None
    if found is None:
        return redirect(url_for("notifications.ask_for_link"))
    form = ConfirmForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        services.withdraw_consent(person_id)
        return redirect(url_for("notifications.withdraw_consent"))
    return render_template("notifications/withdraw_consent.html", form=form, **found)
