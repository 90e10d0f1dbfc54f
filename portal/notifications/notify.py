"""The hooks the areas call, one line each, inside the transaction of the change they announce.
Each looks up who should hear and in which language, and skips anyone who cannot be reached."""

from portal.notifications import messages, staff
from portal.notifications.links import new_return_link


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
