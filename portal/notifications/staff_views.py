"""Staff see what was sent: the outbox page (admins: kept and failed messages, retry) and the
messages on a person's page. The words of a message are shown only to roles that may read the
area it came from."""

import re

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.audit import services as audit
from portal.auth import permissions
from portal.extensions import db
from portal.notifications import outbox, services
from portal.notifications.blueprint import staff_bp
from portal.notifications.forms import ConfirmForm
from portal.notifications.models import STATUSES, Message
from portal.people import services as people
from portal.ui.pagination import paginate

# Which area's readers may read a message's words, by the start of its kind.
KIND_AREAS = {
    "application": "applications",
    "already_applied": "applications",
    "placement": "applications",
    "adviser": "cases",
    "pupil": "schools",
    "return_link": "people",
}

# Messages that tell of an outreach case, hidden where the person's record is restricted.
RESTRICTED_KINDS = ("adviser", "referral", "case")

# A way-back-in link in a message still opens the person's page: staff see it masked, except in
# development, where messages are kept rather than sent and following the link is the test.
LIVE_LINK = re.compile(r"(/my-applications/)[\w-]{20,}")


def shown_text(text: str) -> str:
    if current_app.config["PORTAL_ENV"] == "development":
        return text
    return LIVE_LINK.sub(r"\1…", text)


def may_read(user, message: Message) -> bool:
    if permissions.can(user, "messages", permissions.WRITE):
        return True
    area = next((area for prefix, area in KIND_AREAS.items() if message.kind.startswith(prefix)), None)
    return area is not None and permissions.can(user, "messages") and permissions.can(user, area)


def person_messages(person) -> list[dict]:
    """For the person page's include: each message, and whether this user may read its words.
    Where the person's record is restricted for the user, the outreach messages (a request for an
    adviser received, who the adviser is) are left out: even their kind tells of the case."""
    restricted = people.is_restricted(person, current_user)
    return [
        {"message": m, "readable": may_read(current_user, m)}
        for m in services.messages_to(person.id)
        if not (restricted and m.kind.startswith(RESTRICTED_KINDS))
    ]


@staff_bp.get("/")
def list_messages():
    status = request.args.get("status", "")
    if status and status not in STATUSES:
        status = ""
    page = paginate(services.outbox_query(status), per_page=50)
    return render_template(
        "notifications/message_list.html", page=page, status=status, statuses=STATUSES, form=ConfirmForm()
    )


@staff_bp.get("/<int:message_id>")
def view_message(message_id: int):
    message = db.get_or_404(Message, message_id)
    readable = may_read(current_user, message)
    if readable and message.to_person_id:
        audit.record("view", "message", message.id)
    return render_template(
        "notifications/message_detail.html", message=message, readable=readable, text=shown_text(message.body_text)
    )


@staff_bp.post("/<int:message_id>/retry")
def retry_message(message_id: int):
    message = db.get_or_404(Message, message_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if message.status != "failed":
        flash(_("Only a failed message can be sent again."), "warning")
    else:
        outbox.retry(message)
        audit.record("update", "message", message.id, detail="retry")
        flash(_("Message %(number)d will be sent again.", number=message.id), "success")
    return redirect(url_for("notifications_staff.list_messages", status="failed"))
