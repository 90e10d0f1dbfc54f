"""The Journey to Work: the three routes in, a short set of questions that recommends one, and
asking for an adviser."""

from flask import Blueprint

bp = Blueprint("journey", __name__)

from portal.journey import views  # noqa: E402,F401
