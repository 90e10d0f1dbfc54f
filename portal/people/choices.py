"""The vocabularies of intakes."""

from flask_babel import lazy_gettext as _l

INTAKE_KINDS = {
    "application": _l("Application"),
    "adviser_request": _l("Request for an adviser"),
    "school_sign_up": _l("Sign-up at a school session"),
    "contact_update": _l("New contact details from the person"),
}

INTAKE_STATUSES = {
    "created": _l("New person"),
    "held": _l("Waiting for a check"),
    "linked": _l("Added to an existing person"),
    "separate": _l("Confirmed as a new person"),
}

# How consent was given with an intake.
CONSENT_HOW = {"web_form": _l("Web form"), "school_sign_up": _l("School sign-up")}

# How a person would like to hear from us (Person.contact_by), as they were asked.
CONTACT_BY = {"email": _l("By email"), "sms": _l("By text message")}
