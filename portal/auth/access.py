"""Deny by default: every URL under /staff needs a signed-in user whose role the view names.

A staff view declares who may use it with ``@roles_required(...)``; a view that declares nothing
is refused to everyone, so a forgotten decorator fails closed. ``@public_staff_page`` marks the few
staff URLs that must work signed out (the sign-in page itself).
"""

from flask import Flask, abort, current_app, request
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from portal.auth.models import ROLE_NAMES, ROLES

STAFF_PREFIX = "/staff"


def roles_required(*roles: str):
    unknown = set(roles) - set(ROLES)
    if unknown or not roles:
        raise ValueError(f"roles_required needs known roles, got {roles!r}")

    def decorate(view):
        view.allowed_roles = frozenset(roles)
        return view

    return decorate


def public_staff_page(view):
    view.public_staff_page = True
    return view


def is_staff_rule(rule: str) -> bool:
    return rule == STAFF_PREFIX or rule.startswith(STAFF_PREFIX + "/")


def allowed_roles(view) -> frozenset:
    return getattr(view, "allowed_roles", frozenset())


def can_access(user, endpoint: str) -> bool:
    """Whether a user may open an endpoint: used for links, so pages only offer what works."""
    view = current_app.view_functions.get(endpoint)
    if view is None:
        return False
    return getattr(view, "public_staff_page", False) or (user.is_authenticated and user.role in allowed_roles(view))


def check_access():
    if request.url_rule is None or not is_staff_rule(request.url_rule.rule):
        return None
    view = current_app.view_functions[request.endpoint]
    if getattr(view, "public_staff_page", False):
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if current_user.role not in allowed_roles(view):
        abort(403)
    return None


def no_store(response):
    # Staff pages hold personal data: never keep them in a browser or proxy cache.
    if request.url_rule is not None and is_staff_rule(request.url_rule.rule):
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from portal.auth.models import User
    from portal.extensions import db, login_manager

    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = _l("Sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(token: str):
        try:
            return db.session.execute(db.select(User).filter_by(session_token=token)).scalar_one_or_none()
        except SQLAlchemyError:
            # The database is down: treat the visitor as signed out so an error page can render.
            db.session.rollback()
            return None

    app.before_request(check_access)
    app.after_request(no_store)

    @app.context_processor
    def access_helpers():
        return {
            "can_access": lambda endpoint: can_access(current_user, endpoint),
            "role_names": {role: str(name) for role, name in ROLE_NAMES.items()},
        }
