"""Staff sign-in, sign-out, the staff home page and the role checks every staff URL passes through."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from portal.auth import account_views, views  # noqa: E402,F401
