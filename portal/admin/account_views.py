"""Staff accounts in the browser, for administrators (area ``accounts``)."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.admin import accounts
from portal.admin.account_forms import ChangeRoleForm, CreateAccountForm
from portal.admin.blueprint import bp
from portal.auth import services, throttle
from portal.auth.models import User
from portal.extensions import db

REFUSALS = {
    "exists": _l("There is already an account with this email address"),
    "yourself": _l("You cannot change your own account here. Ask another administrator."),
    "second administrator": _l("A different administrator from the one who asked must approve this"),
    "decided": _l("This request has already been decided"),
    "unknown role": _l("Choose a role"),
}


def _admin() -> User:
    return current_user._get_current_object()


def _link_page(user: User, path: str, invitation: bool):
    return render_template(
        "admin/account_link.html",
        account=user,
        link=request.host_url.rstrip("/") + path,
        # Emailed: the link is shown only where no email can leave (MAIL_URL unset, messages kept).
        emailed=bool(current_app.config["MAIL_URL"]),
        invitation=invitation,
        hours=current_app.config["ACCOUNT_TOKEN_HOURS"],
    )


@bp.route("/users/new", methods=["GET", "POST"])
def create_account():
    form = CreateAccountForm()
    if form.validate_on_submit():
        try:
            user, path = accounts.create_account(
                form.email.data, form.name.data, form.role.data, by=_admin(), language=form.language.data or "en"
            )
        except accounts.AccountError as refused:
            form.email.errors.append(REFUSALS[str(refused)])
        else:
            return _link_page(user, path, invitation=True)
    return render_template(
        "components/form_page.html",
        form=form,
        page_title=_("Create an account"),
        submit_text=_("Create the account"),
        back=url_for("admin.list_users"),
    )


@bp.get("/users/<int:user_id>")
def view_account(user_id: int):
    user = db.get_or_404(User, user_id)
    return render_template(
        "admin/account_detail.html",
        account=user,
        throttled=throttle.is_throttled_account(user.email),
        waiting=accounts.pending_request(user),
        yourself=user.id == _admin().id,
    )


def _done(user: User, message):
    flash(message, "success")
    return redirect(url_for("admin.view_account", user_id=user.id))


def _refused(user: User, refused: accounts.AccountError):
    db.session.rollback()
    flash(REFUSALS[str(refused)], "error")
    return redirect(url_for("admin.view_account", user_id=user.id))


@bp.post("/users/<int:user_id>/disable")
def disable_account(user_id: int):
    user = db.get_or_404(User, user_id)
    try:
        accounts.set_active(user, False, by=_admin())
    except accounts.AccountError as refused:
        return _refused(user, refused)
    return _done(user, _l("The account is disabled and every session of it has ended."))


@bp.post("/users/<int:user_id>/enable")
def enable_account(user_id: int):
    user = db.get_or_404(User, user_id)
    try:
        accounts.set_active(user, True, by=_admin())
    except accounts.AccountError as refused:
        return _refused(user, refused)
    return _done(user, _l("The account can be used again."))


@bp.post("/users/<int:user_id>/unlock")
def unlock_account(user_id: int):
    user = db.get_or_404(User, user_id)
    services.unlock(user, by=_admin())
    return _done(user, _l("Failed sign-in attempts are cleared: they can try again now."))


@bp.post("/users/<int:user_id>/reset-two-factor")
def reset_two_factor(user_id: int):
    user = db.get_or_404(User, user_id)
    try:
        accounts.reset_two_factor(user, by=_admin())
    except accounts.AccountError as refused:
        return _refused(user, refused)
    return _done(user, _l("Two-factor sign-in is reset: they set up an authenticator app at their next sign-in."))


@bp.post("/users/<int:user_id>/password-reset")
def send_password_reset(user_id: int):
    user = db.get_or_404(User, user_id)
    return _link_page(user, accounts.send_password_reset(user, by=_admin()), invitation=False)


@bp.route("/users/<int:user_id>/role", methods=["GET", "POST"])
def change_role(user_id: int):
    user = db.get_or_404(User, user_id)
    form = ChangeRoleForm(data={"role": user.role})
    if form.validate_on_submit():
        try:
            waiting = accounts.change_role(user, form.role.data, by=_admin())
        except accounts.AccountError as refused:
            form.role.errors.append(REFUSALS[str(refused)])
        else:
            if waiting is not None:
                return _done(user, _l("A different administrator must approve making them an administrator."))
            return _done(user, _l("The role is changed. Their sessions have ended, so they sign in again."))
    return render_template(
        "components/form_page.html",
        form=form,
        page_title=_("Change the role of %(name)s", name=user.name),
        submit_text=_("Change role"),
        back=url_for("admin.view_account", user_id=user.id),
    )


@bp.post("/role-requests/<int:request_id>/approve")
def approve_role_change(request_id: int):
    return _decide(request_id, approve=True)


@bp.post("/role-requests/<int:request_id>/decline")
def decline_role_change(request_id: int):
    return _decide(request_id, approve=False)


def _decide(request_id: int, approve: bool):
    waiting = db.get_or_404(accounts.RoleChangeRequest, request_id)
    try:
        accounts.decide(waiting, approve, by=_admin())
    except accounts.AccountError as refused:
        return _refused(waiting.user, refused)
    return _done(waiting.user, _l("Approved: they are an administrator now.") if approve else _l("Declined."))
