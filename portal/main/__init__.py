"""The public home page, the health check, error pages and the site-wide navigation."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from portal.main import navigation, views  # noqa: E402,F401
