from flask_babel import lazy_gettext as _l

# What a person asking for an adviser says they want help with.
NEEDS = {
    "careers_advice": _l("Which job would suit me"),
    "english": _l("Improving my English"),
    "qualifications": _l("Getting my qualifications recognised in the UK"),
    "right_to_work": _l("Understanding my right to work"),
    "applications": _l("Applying for jobs, and interviews"),
    "volunteering": _l("Finding volunteering or work experience"),
    "other": _l("Something else"),
}

REFERRAL_STATUSES = {"open": _l("Waiting for an adviser"), "case_opened": _l("Case opened"), "closed": _l("Closed")}
