"""The schools engagement programme: schools, ambassadors, sessions in schools, the toolkit, session
requests and matching, pupils signing up from a session, and the reach report. Public pages under
/schools, staff ones under /staff/schools."""

from flask import Blueprint

bp = Blueprint("schools", __name__)
staff_bp = Blueprint("schools_staff", __name__)

from portal.schools import imports, staff_views, views  # noqa: E402,F401
