"""The careers explorer: every health and care role, how to get in, what it pays, side by side."""

from flask import Blueprint

bp = Blueprint("careers", __name__)

from portal.careers import views  # noqa: E402,F401
