"""The audit log's actions, record types and sign-in outcomes in words, for its page and search form."""

from flask_babel import lazy_gettext as _l

ACTION_WORDS = {
    "view": _l("Viewed"),
    "search": _l("Searched"),
    "export": _l("Exported"),
    "create": _l("Created"),
    "update": _l("Changed"),
    "erase": _l("Erased"),
    "anonymise": _l("Anonymised"),
    "subject_access": _l("Subject access export"),
    "sign_in": _l("Signed in"),
    "sign_in_failed": _l("Failed sign-in"),
    "refused": _l("Refused"),
    "sign_out": _l("Signed out"),
    "session_ended": _l("Ended a session"),
    "password_changed": _l("Changed their password"),
    "password_set": _l("Set a password from a link"),
    "account_link": _l("Made a set-password link"),
    "lock": _l("Locked"),
    "unlock": _l("Cleared failed sign-ins"),
    "disable": _l("Disabled an account"),
    "enable": _l("Enabled an account"),
    "role_requested": _l("Asked to make an administrator"),
    "role_changed": _l("Changed a role"),
    "role_declined": _l("Declined a role change"),
    "two_factor_enrolled": _l("Set up two-factor sign-in"),
    "two_factor_reset": _l("Reset two-factor sign-in"),
    "recovery_code": _l("Used a recovery code"),
    "recovery_codes": _l("New recovery codes"),
}

# What kind of record an entry is about.
RECORD_WORDS = {
    "person": _l("Person"),
    "application": _l("Application"),
    "case": _l("Outreach case"),
    "referral": _l("Referral"),
    "intervention": _l("Intervention"),
    "employment_outcome": _l("Job"),
    "equality_profile": _l("Equality answers"),
    "pipeline_event": _l("Pipeline event"),
    "intake": _l("Form waiting for staff"),
    "message": _l("Message"),
    "return_link": _l("Way-back-in link"),
    "opportunity": _l("Opportunity"),
    "organisation": _l("Organisation"),
    "group_session": _l("Group session"),
    "school_session": _l("School session"),
    "school_session_request": _l("School session request"),
    "school_resource": _l("Toolkit resource"),
    "user": _l("Staff account"),
    "applications": _l("Applications list"),
    "employment_outcomes": _l("Jobs list"),
    "people_duplicates": _l("Possible duplicates list"),
    "outreach_report": _l("Outreach report"),
    "schools_report": _l("Schools reach report"),
    "widening_participation": _l("Widening participation report"),
    "board_pack": _l("Board pack"),
    "audit_log": _l("Audit log"),
    "page": _l("Page"),
}

# A failed sign-in's detail is "<outcome>: <email typed>".
OUTCOME_WORDS = {
    "wrong password": _l("wrong password"),
    "unknown": _l("no such account"),
    "disabled": _l("account disabled"),
    "throttled": _l("too many attempts, asked to wait"),
    "wrong code": _l("wrong code"),
    "wrong enrolment code": _l("wrong code at set-up"),
}


def action_words(action: str) -> str:
    return str(ACTION_WORDS.get(action, action))


def record_words(object_type: str) -> str:
    return str(RECORD_WORDS.get(object_type, object_type))


def detail_words(entry) -> str:
    """The detail as shown: a failed sign-in's outcome in words, then the email typed."""
    detail = entry.detail or ""
    if entry.action == "sign_in_failed":
        outcome, found, email = detail.partition(": ")
        if found and outcome in OUTCOME_WORDS:
            return f"{OUTCOME_WORDS[outcome]}: {email}"
    return detail
