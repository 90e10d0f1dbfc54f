"""The messages to the public, as functions of plain values so that any area can send them.

Each builder writes the message into the outbox in the reader's language and returns the row
(None when there is no address); it is sent when the caller's transaction commits. Only what the message needs goes in it: a
first name, a reference, a link. Never an equality answer, a date of birth or case notes.
"""

from flask_babel import gettext as _

from portal.notifications import outbox
from portal.notifications.models import Message
from portal.notifications.outbox import queue_message
from portal.notifications.rendering import Content, in_language, language_or_english, public_url, render


def _queue(kind: str, content: Content, *, to_address: str, language: str, channel: str = "email",
           person_id: int | None = None, user_id: int | None = None) -> Message | None:  # fmt: skip
    if not (to_address or "").strip():
        return None  # no address, no message: the callers need not check
    if person_id is not None and not outbox.may_message(person_id, kind):
        return None  # they withdrew their consent: nobody contacts them
    subject, text, html = render(content, language, channel)
    return queue_message(
        to_address=to_address, kind=kind, subject=subject, body_text=text, body_html=html,
        language=language_or_english(language), channel=channel, to_person_id=person_id, to_user_id=user_id,
    )  # fmt: skip


def _greeting(name: str) -> str:
    return _("Dear %(name)s,", name=name) if name else _("Hello,")


def _contact() -> str:
    return _("If you have a question, reply to the academy using the contact details below.")


def ask_again_link() -> str:
    """Where anyone can ask for a fresh link to their applications."""
    return public_url("notifications.ask_for_link")


def application_received(to_address: str, language: str, name: str, reference: str, link: str, *,
                         opportunity: str = "", person_id: int | None = None, channel: str = "email") -> Message:  # fmt: skip
    with in_language(language):
        content = Content(
            subject=_("We have your application %(reference)s", reference=reference),
            paragraphs=[
                _greeting(name),
                _("Thank you for applying for %(opportunity)s.", opportunity=opportunity)
                if opportunity
                else _("Thank you for your application."),
                _("Your reference is %(reference)s. We will tell you when its status changes.", reference=reference),
            ],
            link=(_("See your applications"), link),
            after=[_contact()],
        )
        return _queue("application_received", content, to_address=to_address, language=language,
                      channel=channel, person_id=person_id)  # fmt: skip


def already_applied(to_address: str, language: str, name: str, reference: str, link: str, *,
                    person_id: int | None = None, channel: str = "email") -> Message:  # fmt: skip
    with in_language(language):
        content = Content(
            subject=_("You have already applied (%(reference)s)", reference=reference),
            paragraphs=[
                _greeting(name),
                _(
                    "We already have your application %(reference)s for this opportunity, so we have not made a second one.",
                    reference=reference,
                ),  # fmt: skip
            ],
            link=(_("See your applications"), link),
            after=[_contact()],
        )
        return _queue("already_applied", content, to_address=to_address, language=language, channel=channel,
                      person_id=person_id)  # fmt: skip


def status_words(status: str) -> tuple[str, str] | None:
    """The subject and the news for each status an applicant is told about."""
    return {
        "shortlisted": (_("You have been shortlisted"), _("Good news: your application has been shortlisted.")),
        "offered": (_("You have been offered a place"), _("Good news: we would like to offer you a place.")),
        "unsuccessful": (
            _("Your application was not successful"),
            _("We are sorry: this time your application was not successful. Other opportunities are open."),
        ),
        "withdrawn": (_("Your application has been withdrawn"), _("Your application has been withdrawn.")),
    }.get(status)


def application_status_changed(to_address: str, language: str, name: str, reference: str, status: str,
                               link: str, *, person_id: int | None = None, channel: str = "email") -> Message | None:  # fmt: skip
    with in_language(language):
        words = status_words(status)
        if words is None:
            return None
        content = Content(
            subject=f"{words[0]} ({reference})",
            paragraphs=[_greeting(name), words[1], _("Your reference is %(reference)s.", reference=reference)],
            link=(_("See your applications"), link),
            after=[_contact()],
        )
        return _queue(f"application_{status}", content, to_address=to_address, language=language, channel=channel,
                      person_id=person_id)  # fmt: skip


def placement_confirmed(to_address: str, language: str, name: str, reference: str, starts_on, ends_on, link: str,
                        *, person_id: int | None = None, channel: str = "email") -> Message:  # fmt: skip
    from flask_babel import format_date

    with in_language(language):
        dates = (
            _("from %(start)s to %(end)s", start=format_date(starts_on, "long"), end=format_date(ends_on, "long"))
            if ends_on
            else _("from %(start)s", start=format_date(starts_on, "long"))
        )
        content = Content(
            subject=_("Your placement dates (%(reference)s)", reference=reference),
            paragraphs=[
                _greeting(name),
                _("Your placement is confirmed %(dates)s.", dates=dates),
                _("Your reference is %(reference)s.", reference=reference),
            ],
            link=(_("See your applications"), link),
            after=[_contact()],
        )
        return _queue("placement_confirmed", content, to_address=to_address, language=language, channel=channel,
                      person_id=person_id)  # fmt: skip


def adviser_request_received(to_address: str, language: str, name: str, reference: str, link: str, *,
                             person_id: int | None = None, channel: str = "email") -> Message:  # fmt: skip
    with in_language(language):
        content = Content(
            subject=_("We have your request for an adviser"),
            paragraphs=[
                _greeting(name),
                _("Your reference is %(reference)s.", reference=reference),
                _("An adviser will contact you within 5 working days, by phone or email."),
            ],
            link=(_("See your applications"), link),
            after=[_contact()],
        )
        return _queue("adviser_request_received", content, to_address=to_address, language=language,
                      channel=channel, person_id=person_id)  # fmt: skip


def adviser_assigned(to_address: str, language: str, name: str, adviser_name: str, link: str, *,
                     person_id: int | None = None, channel: str = "email") -> Message:  # fmt: skip
    with in_language(language):
        content = Content(
            subject=_("Your adviser is %(adviser)s", adviser=adviser_name),
            paragraphs=[
                _greeting(name),
                _("%(adviser)s is your adviser at the academy and will contact you soon.", adviser=adviser_name),
            ],
            link=(_("See your applications"), link),
            after=[_contact()],
        )
        return _queue("adviser_assigned", content, to_address=to_address, language=language, channel=channel,
                      person_id=person_id)  # fmt: skip


def pupil_welcome(to_address: str, language: str, name: str, link: str, *, consent: bool,
                  person_id: int | None = None, channel: str = "email") -> Message | None:  # fmt: skip
    """Only when the pupil (or their parent) agreed to hear from the academy: else nothing."""
    if not consent:
        return None
    with in_language(language):
        content = Content(
            subject=_("Welcome to the Health and Care Academy"),
            paragraphs=[
                _greeting(name),
                _("Thank you for signing up at your school session."),
                _("What next: explore health and care careers, and look for work experience when you are ready."),
            ],
            link=(_("Explore careers"), link),
            after=[_contact()],
        )
        return _queue("pupil_welcome", content, to_address=to_address, language=language, channel=channel,
                      person_id=person_id)  # fmt: skip


def return_link(to_address: str, language: str, name: str, link: str, *, days: int, person_id: int | None = None,
                channel: str = "email") -> Message:  # fmt: skip
    with in_language(language):
        content = Content(
            subject=_("Your link to your applications"),
            paragraphs=[
                _greeting(name),
                _("Use this link to see your applications and your request for an adviser."),
                _("The link works once and for %(days)d days. You can always ask for a new one.", days=days),
            ],
            link=(_("See your applications"), link),
            after=[_("If you did not ask for this link, you can ignore this email.")],
        )
        return _queue("return_link", content, to_address=to_address, language=language, channel=channel,
                      person_id=person_id)  # fmt: skip
