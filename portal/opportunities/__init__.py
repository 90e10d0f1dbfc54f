"""Opportunities (work experience, apprenticeships, volunteering...), applications, placements
and employment outcomes: the public pages under /opportunities, the staff ones under
/staff/opportunities."""

from flask import Blueprint

bp = Blueprint("opportunities", __name__)
staff_bp = Blueprint("opportunities_staff", __name__)

from portal.opportunities import staff_views, views  # noqa: E402,F401
