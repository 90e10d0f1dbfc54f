"""What the notifications package does when an area announces a change (portal/signals.py), inside
the transaction of the change. Each looks up who should hear and in which language, and skips
anyone who cannot be reached."""

from portal import signals
from portal.notifications import messages, outbox, staff
from portal.notifications.links import new_return_link
from portal.notifications.rendering import public_url


def reach(person) -> tuple[str, str] | None:
    """(channel, address) for a person: a text message where they chose it and gave a phone,
    else email; None when there is no way to reach them."""
    if person is None or person.erased_at is not None:
        return None
    if getattr(person, "contact_by", None) == "sms" and person.phone:
        return "sms", person.phone
    if person.email:
        return "email", person.email
    return None


def _person_args(person) -> dict | None:
    found = reach(person)
    if found is None:
        return None
    channel, address = found
    return {
        "to_address": address,
        "language": person.preferred_language or "en",
        "name": person.first_name,
        "person_id": person.id,
        "channel": channel,
    }


def application_status_changed(application):
    args = _person_args(getattr(application, "person", None))
    if args is None or messages.status_words(application.status) is None:
        return None
    return messages.application_status_changed(
        reference=application.reference, status=application.status, link=new_return_link(application.person), **args
    )


def placement_confirmed(application, placement):
    args = _person_args(getattr(application, "person", None))
    if args is None:
        return None
    return messages.placement_confirmed(
        reference=application.reference, starts_on=placement.starts_on, ends_on=placement.ends_on,
        link=new_return_link(application.person), **args,
    )  # fmt: skip


def case_assigned(case, adviser):
    """The adviser hears of the case; the person hears who their adviser is."""
    staff.case_assigned(case, adviser)
    person = case.person
    args = _person_args(person)
    if args is None:
        return None
    return messages.adviser_assigned(adviser_name=adviser.name, link=new_return_link(person), **args)


def referral_arrived(referral):
    return staff.referral_arrived(referral)


def session_requested(request_row):
    return staff.session_requested(request_row)


def _on_status_changed(application, **_):
    application_status_changed(application)


def _on_placement_confirmed(application, placement, **_):
    placement_confirmed(application, placement)


def _on_case_assigned(case, adviser, **_):
    case_assigned(case, adviser)


def _on_referral_arrived(referral, **_):
    referral_arrived(referral)


def _on_session_requested(request_row, **_):
    session_requested(request_row)


def intake_received(intake):
    """The visitor hears that their form arrived, at the address they typed, whether or not it
    matched someone: the same words either way, and never whether they were known. A link back to
    their own page goes only to a person this form created; otherwise the link asks for one."""
    if not intake.email:
        return None
    args = {"to_address": intake.email, "language": intake.preferred_language or "en", "name": intake.first_name}
    known = intake.person if intake.status == "created" else None
    link = new_return_link(known) if known is not None else messages.ask_again_link()
    if known is not None:
        args["person_id"] = known.id
    answers = intake.answers or {}
    if intake.kind == "application":
        message = messages.application_received(
            reference=answers.get("application", intake.reference), link=link, **args
        )
    elif intake.kind == "adviser_request":
        message = messages.adviser_request_received(reference=intake.reference, link=link, **args)
    elif intake.kind == "school_sign_up":
        message = messages.pupil_welcome(link=link, consent=bool(intake.consent_version), **args)
    else:
        message = None
    if message is not None:
        message.intake_id = intake.id
    return message


def application_duplicated(application, person):
    """Staff found a second application from someone who had applied already: they hear it by
    message, never on a page."""
    args = _person_args(person)
    if args is None:
        return None
    return messages.already_applied(reference=application.reference, link=new_return_link(person), **args)


def _on_intake_received(intake, **_):
    intake_received(intake)


def _on_application_duplicated(application, person, **_):
    application_duplicated(application, person)


def _on_account_email(user, kind, token=None, language=None, **_):
    """An invitation or a password-reset link (signed, single use, expiring: portal/auth/tokens.py),
    or the confirmation that two-factor sign-in was reset."""
    link = public_url("auth.set_password", token=token) if token else public_url("auth.sign_in")
    staff.send_account_email(user, kind, link, language=language)


def _on_consent_withdrawn(person, **_):
    outbox.withhold_queued(person.id)


def listen() -> None:
    """Connect once per process (the same functions, so a second app does not connect twice)."""
    signals.application_status_changed.connect(_on_status_changed)
    signals.placement_confirmed.connect(_on_placement_confirmed)
    signals.case_assigned.connect(_on_case_assigned)
    signals.referral_arrived.connect(_on_referral_arrived)
    signals.session_requested.connect(_on_session_requested)
    signals.intake_received.connect(_on_intake_received)
    signals.application_duplicated.connect(_on_application_duplicated)
    signals.account_email.connect(_on_account_email)
    signals.consent_withdrawn.connect(_on_consent_withdrawn)
