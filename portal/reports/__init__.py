"""Reports for boards: the widening-participation report, the population baseline it compares
with, the board pack, and the small-number suppression rule every report shares."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

from portal.reports import baseline, views  # noqa: E402,F401
