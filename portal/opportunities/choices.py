"""The vocabularies of opportunities, applications, placements and jobs."""

from flask_babel import lazy_gettext as _l

KINDS = {
    "work_experience": _l("Work experience"),
    "virtual_work_experience": _l("Virtual work experience"),
    "apprenticeship": _l("Apprenticeship"),
    "volunteering": _l("Volunteering"),
    "observership": _l("Observership"),
    "pre_employment": _l("Pre-employment programme"),
    "information_session": _l("Information session"),
}

OPPORTUNITY_STATUSES = {"draft": _l("Draft"), "published": _l("Published"), "closed": _l("Closed")}

DBS_LEVELS = {
    "none": _l("No DBS check needed"),
    "basic": _l("Basic DBS check"),
    "standard": _l("Standard DBS check"),
    "enhanced": _l("Enhanced DBS check"),
}

APPLICATION_STATUSES = {
    "submitted": _l("Submitted"),
    "reviewing": _l("Reviewing"),
    "shortlisted": _l("Shortlisted"),
    "interview": _l("Interview"),
    "offered": _l("Offered"),
    "accepted": _l("Accepted"),
    "started": _l("Started"),
    "completed": _l("Completed"),
    "withdrawn": _l("Withdrawn"),
    "unsuccessful": _l("Unsuccessful"),
    "declined": _l("Declined"),
}

# Which status may follow which. Anything else is an illegal jump and is refused.
TRANSITIONS = {
    "submitted": ("reviewing", "withdrawn", "unsuccessful"),
    "reviewing": ("shortlisted", "withdrawn", "unsuccessful"),
    "shortlisted": ("interview", "offered", "withdrawn", "unsuccessful"),
    "interview": ("offered", "withdrawn", "unsuccessful"),
    "offered": ("accepted", "declined", "withdrawn"),
    "accepted": ("started", "withdrawn"),
    "started": ("completed", "withdrawn"),
    "completed": (),
    "withdrawn": (),
    "unsuccessful": (),
    "declined": (),
}
# An application in one of these no longer holds a place.
RELEASED = ("withdrawn", "unsuccessful", "declined")
# Started and completed are reached through the placement forms, which record the details.
PLACEMENT_STATUSES = ("started", "completed")

# The exit written when an application ends without a place. What an offer or a start writes
# depends on the kind of opportunity: portal/pipeline/stages.py.
STATUS_STAGE = {"unsuccessful": "unsuccessful", "withdrawn": "withdrawn", "declined": "withdrawn"}

RIGHT_TO_WORK_ANSWERS = {"yes": _l("Yes"), "no": _l("No"), "not_sure": _l("I'm not sure")}

CONTRACT_TYPES = {
    "permanent": _l("Permanent"),
    "fixed_term": _l("Fixed term"),
    "bank": _l("Bank"),
    "apprenticeship": _l("Apprenticeship"),
}

CHECK_RESULTS = {
    "still_employed": _l("Still in the job"),
    "left": _l("Has left the job"),
    "no_contact": _l("Could not be contacted"),
}

SUSTAINMENT_WEEKS = {"sustained_13w": 13, "sustained_26w": 26}
