"""A member of staff's own account: their sessions, changing their password, and the page an
invitation or password-reset link opens."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.audit import services as audit
from portal.auth import services, sessions, tokens
from portal.auth.access import public_staff_page
from portal.auth.blueprint import bp
from portal.auth.clock import now
from portal.auth.forms import ChangePasswordForm, ForgottenPasswordForm, NewPasswordForm
from portal.auth.sessions import StaffSession
from portal.auth.views import TOO_MANY
from portal.extensions import db
from portal.i18n import current_language
from portal.security import sign_in_rate_limited


@bp.get("/sessions")
def list_sessions():
    user = current_user._get_current_object()
    at = now()
    live = [row for row in db.session.scalars(sessions.live_sessions(user.id)) if not sessions.is_expired(row, at)]
    return render_template("auth/session_list.html", sessions=live, this_session=user.staff_session)


@bp.post("/sessions/<int:session_id>/end")
def end_session(session_id: int):
    user = current_user._get_current_object()
    row = db.first_or_404(db.select(StaffSession).filter_by(id=session_id, user_id=user.id, ended_at=None))
    if row.id == user.staff_session.id:
        abort(400)
    sessions.end(row, "ended")
    audit.record("session_ended", "user", user.id, detail="one other session")
    flash(_l("That session has ended."), "success")
    return redirect(url_for("auth.list_sessions"))


@bp.post("/sessions/end-others")
def end_other_sessions():
    user = current_user._get_current_object()
    ended = sessions.end_all(user.id, "ended", keep=user.staff_session)
    audit.record("session_ended", "user", user.id, detail=f"{ended} other sessions")
    flash(_l("Your other sessions have ended."), "success")
    return redirect(url_for("auth.list_sessions"))


WRONG_CURRENT = _l("Your current password is not right")


@bp.route("/password", methods=["GET", "POST"])
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        problem = services.change_password(user, form.current.data, form.password.data, request.remote_addr)
        if problem is None:
            flash(_l("Your password has been changed. Any other sessions you had have ended."), "success")
            return redirect(url_for("auth.staff_home"))
        if problem == "throttled":
            form.current.errors.append(TOO_MANY)
        elif problem == "wrong":
            form.current.errors.append(WRONG_CURRENT)
        else:
            form.password.errors.append(problem)
    return render_template(
        "components/form_page.html",
        form=form,
        page_title=_("Change your password"),
        submit_text=_("Change password"),
        back=url_for("auth.staff_home"),
    )


@bp.route("/set-password/<string(maxlength=200):token>", methods=["GET", "POST"])
@public_staff_page
@sign_in_rate_limited
def set_password(token: str):
    found = tokens.find_token(token)
    if found is None:
        return render_template("auth/link_expired.html"), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        problem = tokens.set_password_with(found, form.password.data)
        if problem is None:
            flash(_l("Your password is set. Sign in with it now."), "success")
            return redirect(url_for("auth.sign_in"))
        form.password.errors.append(problem)
    welcome = found.purpose == "invite"
    return render_template(
        "auth/set_password.html",
        form=form,
        page_title=_("Set your password") if welcome else _("Choose a new password"),
        email=found.user.email,
    )


@bp.route("/forgotten-password", methods=["GET", "POST"])
@public_staff_page
@sign_in_rate_limited
def forgotten_password():
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data, current_language())
        return redirect(url_for("auth.password_reset_sent"))
    return render_template("auth/forgotten_password.html", form=form)


@bp.get("/forgotten-password/check-your-email")
@public_staff_page
def password_reset_sent():
    return render_template("auth/password_reset_sent.html", hours=current_app.config["ACCOUNT_TOKEN_HOURS"])
