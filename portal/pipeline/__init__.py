"""The person and their pipeline: the append-only ledger of stage events every area writes to."""

from flask import Blueprint

bp = Blueprint("pipeline", __name__)

from portal.pipeline import views  # noqa: E402,F401
