"""The outbox: a message is a row written in the same transaction as the change behind it, and
handed to the job queue only once that transaction has committed.

So a rolled-back change never sends anything, and a crash between the commit and the enqueue
loses nothing: the sweep finds queued rows no worker has taken and enqueues them again. The
worker claims a row with one UPDATE ... WHERE status = 'queued', so two workers (or a task
enqueued twice) never send it twice.
"""

import logging
from datetime import UTC, datetime, timedelta

from flask import current_app, has_app_context
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.notifications.models import Message
from portal.people import consent
from portal.pipeline.models import Person

log = logging.getLogger("portal.notifications")
PENDING = "outbox_pending"


# A person who withdrew their consent is sent nothing, except the link they ask for themselves at
# /my-applications (the only way back in to see their data), which is sent only in answer to them.
ASKED_FOR = ("return_link",)
NOT_CONTACTED = "not sent: the person withdrew their consent"


def may_message(person_id: int | None, kind: str) -> bool:
    if person_id is None or kind in ASKED_FOR:
        return True
    return consent.may_contact(db.session.get(Person, person_id))


def withhold_queued(person_id: int) -> int:
    """Stop every message still waiting for this person (they withdrew their consent)."""
    result = db.session.execute(
        update(Message)
        .where(Message.to_person_id == person_id, Message.status == "queued", Message.kind.not_in(ASKED_FOR))
        .values(status="failed", last_error=NOT_CONTACTED)
    )
    return result.rowcount


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def queue_message(
    *, to_address: str, kind: str, subject: str, body_text: str, body_html: str = "", language: str = "en",
    channel: str = "email", to_person_id: int | None = None, to_user_id: int | None = None,
) -> Message:  # fmt: skip
    """Add a message to the session; it is sent after the caller's transaction commits."""
    message = Message(
        to_address=to_address.strip(), kind=kind, subject=subject, body_text=body_text, body_html=body_html,
        language=language, channel=channel, to_person_id=to_person_id, to_user_id=to_user_id,
        status="queued", attempts=0, created_at=now(), next_attempt_at=now(),
    )  # fmt: skip
    db.session.add(message)
    return message


def _after_flush(session: Session, _context) -> None:
    ids = [obj.id for obj in session.new if isinstance(obj, Message)]
    if ids:
        session.info.setdefault(PENDING, []).extend(ids)


def _after_commit(session: Session) -> None:
    ids = session.info.pop(PENDING, None)
    if not ids or not has_app_context():
        return
    queue = current_app.extensions.get("portal_queue")
    if queue is None:
        return
    for message_id in ids:
        try:
            queue.deliver(message_id)
        except Exception:  # noqa: BLE001 - the change is committed; the sweep enqueues it later
            log.exception("could not enqueue message %s; the sweep will", message_id)


def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)


def register_session_events() -> None:
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)


# ---------------------------------------------------------------- the worker's side


def claim(message_id: int) -> Message | None:
    """Take the message for this worker, or None if it is not (or no longer) waiting."""
    result = db.session.execute(
        update(Message)
        .where(Message.id == message_id, Message.status == "queued")
        .values(status="sending", claimed_at=now(), attempts=Message.attempts + 1)
    )
    db.session.commit()
    if result.rowcount != 1:
        return None
    return db.session.get(Message, message_id)


def deliver(message_id: int, channel, reschedule) -> str:
    """Send one message through ``channel``; ``reschedule(id, seconds)`` asks for a later try.

    Returns what became of it (for the log and tests): sent, kept, retry, failed or skipped.
    """
    message = claim(message_id)
    if message is None:
        return "skipped"
    if not may_message(message.to_person_id, message.kind):
        # Queued before they withdrew, and not yet stopped: checked again at the last moment.
        _finish(message_id, "failed", last_error=NOT_CONTACTED)
        log.info("message %s (%s) withheld: consent withdrawn", message_id, message.kind)
        return "withheld"
    config = current_app.config
    try:
        provider_id = channel.send(message)
    except Exception as error:  # noqa: BLE001 - any failure of the channel is recorded, not raised
        reason = channel.describe_error(error)
        if message.attempts >= config["MESSAGE_MAX_ATTEMPTS"] or not channel.is_temporary(error):
            _finish(message_id, "failed", last_error=reason)
            log.warning("message %s (%s) failed for good: %s", message_id, message.kind, reason)
            return "failed"
        delay = config["MESSAGE_RETRY_SECONDS"] * 2 ** (message.attempts - 1)
        _finish(message_id, "queued", last_error=reason, next_attempt_at=now() + timedelta(seconds=delay))
        log.info("message %s (%s) will be tried again in %s s: %s", message_id, message.kind, delay, reason)
        reschedule(message_id, delay)
        return "retry"
    status = "kept" if provider_id is None else "sent"
    _finish(message_id, status, provider_id=provider_id, sent_at=now() if status == "sent" else None)
    log.info("message %s (%s, %s, %s) %s", message_id, message.kind, message.channel, message.language, status)
    return status


def _finish(message_id: int, status: str, **values) -> None:
    db.session.execute(
        update(Message).where(Message.id == message_id, Message.status == "sending").values(status=status, **values)
    )
    db.session.commit()


def sweep() -> list[int]:
    """Queued messages that are due and older than the sweep age: their enqueue may never have
    happened. Claimed messages with no result for too long: the worker stopped mid-send, and
    whether the message left is unknown, so they are failed for an admin to look at and retry
    rather than risk sending twice."""
    config = current_app.config
    moment = now()
    db.session.execute(
        update(Message)
        .where(
            Message.status == "sending",
            Message.claimed_at < moment - timedelta(seconds=config["MESSAGE_STALE_SENDING_SECONDS"]),
        )
        .values(status="failed", last_error="the worker stopped while sending; it may or may not have gone")
    )
    ids = list(
        db.session.scalars(
            select(Message.id).where(
                Message.status == "queued",
                Message.next_attempt_at <= moment,
                Message.created_at <= moment - timedelta(seconds=config["MESSAGE_SWEEP_SECONDS"]),
            )
        )
    )
    db.session.commit()
    return ids


def retry(message: Message) -> None:
    """An admin sends a failed message again; the commit enqueues it."""
    message.status, message.next_attempt_at, message.attempts = "queued", now(), 0
    db.session.info.setdefault(PENDING, []).append(message.id)
