"""Messages' kinds, channels, statuses and languages in words, for the staff pages that list them."""

from flask_babel import lazy_gettext as _l

from portal.i18n import language_words

KINDS = {
    "application_received": _l("Application received"),
    "already_applied": _l("Already applied"),
    "application_shortlisted": _l("Application shortlisted"),
    "application_offered": _l("Place offered"),
    "application_unsuccessful": _l("Application not successful"),
    "application_withdrawn": _l("Application withdrawn"),
    "placement_confirmed": _l("Placement confirmed"),
    "adviser_request_received": _l("Request for an adviser received"),
    "adviser_assigned": _l("Adviser assigned"),
    "pupil_welcome": _l("Welcome after a school session"),
    "return_link": _l("Link back to their applications"),
    "referral_arrived": _l("Referral arrived (to staff)"),
    "case_assigned": _l("Case assigned (to staff)"),
    "session_requested": _l("Session requested (to staff)"),
    "daily_digest": _l("Daily summary (to staff)"),
    "data_request": _l("Request for their data (to staff)"),
    "account_invitation": _l("Account invitation (to staff)"),
    "account_password_reset": _l("Password reset (to staff)"),
    "account_two_factor_reset": _l("Two-step sign-in reset (to staff)"),
}

CHANNELS = {"email": _l("Email"), "sms": _l("Text message")}

STATUSES = {
    "queued": _l("Waiting to be sent"),
    "sending": _l("Being sent"),
    "sent": _l("Sent"),
    "failed": _l("Failed"),
    "kept": _l("Kept here, not sent"),
}


def kind(code: str) -> str:
    return str(KINDS.get(code, code))


def channel(code: str) -> str:
    return str(CHANNELS.get(code, code))


def status(code: str) -> str:
    return str(STATUSES.get(code, code))


def language(tag: str) -> str:
    """The language in the reader's words and its own: "Arabic (العربية)"."""
    return language_words(tag)
