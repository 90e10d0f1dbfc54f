"""Deny by default: every URL under /staff needs a signed-in user whose role the permissions
matrix (portal/auth/permissions.py) allows on the URL's area, at the level the request needs.

An endpoint with no area in the matrix is refused to everyone, so a new page fails closed until
its row is added. ``@public_staff_page`` marks the few staff URLs that must work signed out (the
sign-in pages).
"""

from flask import Flask, abort, current_app, flash, g, request, session
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from portal.auth import permissions
from portal.auth.models import ROLE_NAMES, ROLES

STAFF_PREFIX = "/staff"


def roles_required(*roles: str):
    """Retired: access is decided by the matrix in portal/auth/permissions.py alone.

    Kept so that a branch written before the matrix still imports; the roles it names are
    ignored, and tests/auth/test_permissions.py lists any view that still uses it.
    """
    unknown = set(roles) - set(ROLES)
    if unknown or not roles:
        raise ValueError(f"roles_required needs known roles, got {roles!r}")

    def decorate(view):
        view.declared_roles = frozenset(roles)
        return view

    return decorate


def public_staff_page(view):
    view.public_staff_page = True
    return view


def is_staff_rule(rule: str) -> bool:
    return rule == STAFF_PREFIX or rule.startswith(STAFF_PREFIX + "/")


def can_access(user, endpoint: str, method: str = "GET") -> bool:
    """Whether a user may open an endpoint: used for links, so pages only offer what works."""
    view = current_app.view_functions.get(endpoint)
    if view is None:
        return False
    if getattr(view, "public_staff_page", False):
        return True
    return bool(user.is_authenticated and permissions.may(user.role, endpoint, method))


def check_access():
    if request.url_rule is None or not is_staff_rule(request.url_rule.rule):
        return None
    view = current_app.view_functions[request.endpoint]
    if getattr(view, "public_staff_page", False):
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if not permissions.may(current_user.role, request.endpoint, request.method):
        abort(403)
    return None


def enforce_session_timeouts():
    """Say why a staff session ended by itself. The limits (SESSION_IDLE_MINUTES,
    SESSION_ABSOLUTE_HOURS) are checked on the server-side row when the user is loaded
    (portal.auth.sessions.load), so a copied cookie stops working when they run out."""
    if current_user.is_authenticated or not g.get("session_timed_out"):
        return None
    from flask_babel import gettext as _

    session.clear()
    flash(_("You were signed out to keep information safe. Sign in again to carry on."), "info")
    return None


def audit_refusals(response):
    """Every 403 on a staff page goes in the audit log: who, which path (never the query), when."""
    if response.status_code != 403 or request.url_rule is None or not is_staff_rule(request.url_rule.rule):
        return response
    from portal.audit import services as audit
    from portal.extensions import db

    try:
        # Written in the request's unit of work, which commits it after this hook.
        user = current_user if current_user.is_authenticated else None
        audit.record("refused", "page", detail=request.path, user=user)
        db.session.flush()
    except SQLAlchemyError:
        db.session.rollback()
    return response


def no_store(response):
    # Staff pages hold personal data: never keep them in a browser or proxy cache.
    if request.url_rule is not None and is_staff_rule(request.url_rule.rule):
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from portal.auth import sessions
    from portal.extensions import db, login_manager

    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = _l("Sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(key: str):
        try:
            return sessions.load(key)
        except SQLAlchemyError:
            # The database is down: treat the visitor as signed out so an error page can render.
            db.session.rollback()
            return None

    app.before_request(enforce_session_timeouts)
    app.before_request(check_access)
    app.after_request(no_store)
    app.after_request(audit_refusals)

    @app.context_processor
    def access_helpers():
        return {
            "can_access": lambda endpoint: can_access(current_user, endpoint),
            "role_names": {role: str(name) for role, name in ROLE_NAMES.items()},
        }
