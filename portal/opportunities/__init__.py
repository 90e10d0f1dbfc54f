"""Opportunities (work experience, apprenticeships, volunteering...), applications, placements
and employment outcomes: the public pages under /opportunities, the staff ones under
/staff/opportunities."""
