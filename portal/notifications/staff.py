"""Messages to staff. They carry a count or a record number and a link into the portal, never
the person's details: those stay behind the sign-in and its audit log."""

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from portal.extensions import db
from portal.notifications.messages import _queue
from portal.notifications.outbox import queue_message
from portal.notifications.rendering import Content, in_language, language_or_english, public_url, render

STAFF_LANGUAGE = "en"
ACCOUNT_KINDS = ("invitation", "password_reset", "two_factor_reset")


def staff_with_roles(*roles: str) -> list:
    from portal.auth.models import User

    return list(db.session.scalars(select(User).where(User.role.in_(roles), User.active.is_(True)).order_by(User.id)))


def _to_staff(kind: str, user, make_content) -> object:
    """Queue ``make_content()``, written in the member of staff's own language (the one they were
    invited in), for ``user``."""
    language = account_language(user)
    with in_language(language):
        content = make_content()
    return _queue(kind, content, to_address=user.email, language=language, user_id=user.id)


def referral_arrived(referral) -> list:
    """To the triage team: outreach advisers and managers."""

    def content():
        return Content(
            subject=_("A new referral is waiting (number %(number)d)", number=referral.id),
            paragraphs=[_("A referral has arrived in the triage queue.")],
            link=(_("Open the referral"), public_url("outreach.view_referral", referral_id=referral.id)),
        )

    return [_to_staff("referral_arrived", user, content) for user in staff_with_roles("outreach_adviser", "manager")]


def case_assigned(case, adviser):
    def content():
        return Content(
            subject=_("A case has been given to you (number %(number)d)", number=case.id),
            paragraphs=[_("You are now the adviser for this case.")],
            link=(_("Open the case"), public_url("outreach.view_case", case_id=case.id)),
        )

    return _to_staff("case_assigned", adviser, content)


def session_requested(request_row) -> list:
    """To academy staff, who match ambassadors to school requests."""

    def content():
        return Content(
            subject=_("A school has asked for a session (request %(number)d)", number=request_row.id),
            paragraphs=[_("A school has asked for a session. Match ambassadors to it.")],
            link=(_("Open the request"), public_url("schools_staff.view_request", request_id=request_row.id)),
        )

    return [_to_staff("session_requested", user, content) for user in staff_with_roles("academy_staff")]


def digest(user, items: list[tuple[str, int, str]]):
    """``items``: (what, how many, link) for each thing that needs the user, already in their
    language (``send_digests`` words them in ``account_language(user)``)."""

    def content():
        return Content(
            subject=_("What needs you today"),
            paragraphs=[_("%(what)s: %(count)d", what=what, count=count) + f" - {link}" for what, count, link in items],
            link=(_("Sign in to the portal"), public_url("auth.sign_in")),
        )

    return _to_staff("daily_digest", user, content)


def account_language(user) -> str:
    """The language of the account's latest account email (its invitation's, usually): a member
    of staff reads their password reset in the language they were invited in."""
    from portal.notifications.models import Message

    found = db.session.scalar(
        select(Message.language)
        .where(Message.to_user_id == user.id, Message.kind.startswith("account_"))
        .order_by(Message.id.desc())
        .limit(1)
    )
    return found or STAFF_LANGUAGE


def send_account_email(user, kind: str, link: str | None, language: str | None = None):
    """Account invitation, password reset or two-factor reset confirmation, in ``language``
    (None: as the account's earlier account emails); ``link`` is the signed, single-use address
    the accounts code made (for the confirmation, the sign-in page)."""
    if kind not in ACCOUNT_KINDS:
        raise ValueError(f"kind must be one of {ACCOUNT_KINDS}")
    language = language_or_english(language or account_language(user))
    hours = current_app.config["ACCOUNT_TOKEN_HOURS"]
    with in_language(language):
        if kind == "invitation":
            content = Content(
                subject=_("You have been invited to the academy portal"),
                paragraphs=[_("An account has been made for you. Choose your password with this link.")],
                link=(_("Set up your account"), link),
                after=[
                    _("The link works once and expires in %(hours)d hours.", hours=hours),
                    _("The link works once and expires. Ask an administrator for a new one if it has."),
                ],
            )
        elif kind == "password_reset":
            content = Content(
                subject=_("Reset your password"),
                paragraphs=[_("Someone asked to reset the password of your portal account.")],
                link=(_("Choose a new password"), link),
                after=[
                    _("The link works once and expires in %(hours)d hours.", hours=hours),
                    _("If it was not you, ignore this email: your password has not changed."),
                ],
            )
        else:
            content = Content(
                subject=_("Your two-factor sign-in was reset"),
                paragraphs=[
                    _(
                        "The authenticator app for your portal account was reset. Set it up again when you next sign in."
                    ),
                    _("If you did not expect this, tell an administrator now."),
                ],
                link=(_("Sign in"), link) if link else None,
            )
        subject, text, html = render(content, language)
    return queue_message(
        to_address=user.email, kind=f"account_{kind}", subject=subject, body_text=text, body_html=html,
        language=language, to_user_id=user.id,
    )  # fmt: skip


def data_request(person) -> list:
    """A person asked for a copy of their data: every admin hears, with a link to the person."""

    def content():
        return Content(
            subject=_("A request for a copy of personal data (%(ref)s)", ref=person.person_ref),
            paragraphs=[
                _("A person asked for a copy of their data from their applications page. Reply within one month.")
            ],
            link=(_("Open the person"), public_url("people.view_person", person_ref=person.person_ref)),
        )

    return [_to_staff("data_request", user, content) for user in staff_with_roles("admin")]
