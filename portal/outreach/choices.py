from flask_babel import lazy_gettext as _l

from portal.pipeline.stages import stage_at

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

REFERRAL_CLOSE_REASONS = {
    "could_not_contact": _l("Could not be contacted"),
    "referred_elsewhere": _l("Referred to another service"),
    "declined": _l("Did not want support"),
    "not_eligible": _l("Not eligible"),
    "other": _l("Other"),
}

REFERRAL_STATUSES = {"open": _l("Waiting for an adviser"), "case_opened": _l("Case opened"), "closed": _l("Closed")}

BARRIERS = {
    "english": _l("English language"),
    "qualification_recognition": _l("Qualification recognition"),
    "right_to_work_documents": _l("Right-to-work documents"),
    "childcare": _l("Childcare"),
    "transport": _l("Transport"),
    "digital_access": _l("Digital access"),
    "confidence": _l("Confidence"),
    "health": _l("Health"),
    "housing": _l("Housing"),
    "money": _l("Money"),
}

INTERVENTION_TYPES = {
    "careers_advice": _l("Careers advice and guidance"),
    "work_experience_brokerage": _l("Work experience brokerage"),
    "volunteering_brokerage": _l("Volunteering brokerage"),
    "group_information_session": _l("Group information session"),
    "job_application_support": _l("Job application support"),
    "interview_preparation": _l("Interview preparation"),
    "in_work_mentoring": _l("In-work mentoring"),
    "enic_support": _l("UK ENIC support"),
    "esol_referral": _l("ESOL referral"),
    "signposting": _l("Signposting"),
}

# The pipeline stage an intervention of each type writes, so the pipeline sees outreach work.
INTERVENTION_STAGE = {
    "careers_advice": "advised",
    "group_information_session": "advised",
    "job_application_support": "advised",
    "interview_preparation": "advised",
    "enic_support": "advised",
    "esol_referral": "advised",
    "signposting": "advised",
    "in_work_mentoring": "advised",
    # Brokering a place is advice until the person starts it (portal/pipeline/stages.py).
    "work_experience_brokerage": stage_at("work_experience", "brokered"),
    "volunteering_brokerage": stage_at("volunteering", "brokered"),
}

MODES = {
    "in_person": _l("In person"),
    "phone": _l("Phone"),
    "video": _l("Video call"),
    "message": _l("Email or message"),
}

CLOSURE_REASONS = {
    "employment": _l("Employment"),
    "education_or_training": _l("Education or training"),
    "moved_away": _l("Moved away"),
    "no_longer_engaging": _l("No longer engaging"),
    "other": _l("Other"),
}

RIGHT_TO_WORK_STATUSES = {
    "unrestricted": _l("Unrestricted (for example refugee status or settled status)"),
    "ukraine_scheme": _l("Ukraine scheme: can work"),
    "afghan_scheme": _l("Afghan resettlement (ACRS or ARAP): can work"),
    "asylum_seeker": _l("Asylum seeker: cannot work yet (can volunteer)"),
    "limited": _l("Limited: conditions apply"),
    "unknown": _l("Not known yet"),
}
