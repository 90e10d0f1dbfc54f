"""The outbox (every email and text message the portal sends, with its delivery) and the
single-use links that let a member of the public back in."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import sql_in
from portal.extensions import db

CHANNELS = ("email", "sms")
# queued: waiting for the worker; sending: claimed by one worker; kept: not sent because no
# MAIL_URL is set (development); sent / failed: the end of the line (failed can be retried).
STATUSES = ("queued", "sending", "sent", "failed", "kept")


class Message(db.Model):
    __tablename__ = "messages"
    __table_args__ = (
        CheckConstraint(sql_in("channel", CHANNELS), name="channel"),
        CheckConstraint(sql_in("status", STATUSES), name="status"),
        Index("ix_messages_status_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    to_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    # A message to someone who filled in a public form before staff said who they are: erasure
    # and subject access reach it through the intake once it is theirs.
    intake_id: Mapped[int | None] = mapped_column(ForeignKey("intakes.id"), index=True)
    to_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10), default="email")
    to_address: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(8), default="en")
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    # The kind of failure only (an exception class and SMTP code), never an address or the text.
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    next_attempt_at: Mapped[datetime | None]
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    provider_id: Mapped[str | None] = mapped_column(String(100))


class ReturnLink(db.Model):
    """An emailed link back to a person's applications. Only a hash of the token is kept, so a
    copy of the database opens nothing."""

    __tablename__ = "return_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
