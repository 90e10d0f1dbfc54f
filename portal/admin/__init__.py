"""Administration: staff accounts, and later reference data, the audit log and retention."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from portal.admin import account_views, views  # noqa: E402,F401
