"""Server-side staff sessions: one row per sign-in, so each can be listed and ended on its own.

The cookie carries a random key; only its SHA-256 is stored (the key has 256 bits, so a plain hash
is enough). A new row is made at every sign-in, after the two-factor step; the password step
leaves only a pending marker. Rows end at sign-out, on a timeout, when the person ends them, and
when anything about the account's access changes (password, role, disabling, two-factor reset).
"""

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from flask import current_app, g, has_request_context, request
from sqlalchemy import ForeignKey, String, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.clock import now
from portal.extensions import db


class StaffSession(db.Model):
    __tablename__ = "staff_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    device: Mapped[str] = mapped_column(String(100), default="")
    ip: Mapped[str | None] = mapped_column(String(45))
    started_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    # signed_out, ended, timed_out, password, role, disabled, two_factor_reset
    ended_reason: Mapped[str | None] = mapped_column(String(20))

    user = relationship("User")


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("CrOS", "ChromeOS"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


def describe_device(user_agent: str | None) -> str:
    """A short name for the browser and system ("Firefox, Windows"); empty if unknown. Only
    product names, so nothing to translate, and no version numbers to fingerprint anyone by."""
    agent = user_agent or ""
    browser = next((name for marker, name in _BROWSERS if marker in agent), "")
    system = next((name for marker, name in _SYSTEMS if marker in agent), "")
    if browser or system:
        return ", ".join(part for part in (browser, system) if part)
    return re.sub(r"[^\w .,/()-]", "", agent)[:60]


def start(user) -> str:
    """A new session row for the account; returns the key for the cookie (given to no one else)."""
    key = secrets.token_urlsafe(32)
    at = now()
    row = StaffSession(
        key_hash=_hash(key),
        user_id=user.id,
        device=describe_device(request.headers.get("User-Agent")) if has_request_context() else "",
        ip=request.remote_addr if has_request_context() else None,
        started_at=at,
        last_seen_at=at,
    )
    db.session.add(row)
    db.session.flush()
    user.session_key = key
    user.staff_session = row
    return key


def is_expired(row: StaffSession, at: datetime) -> bool:
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    absolute = timedelta(hours=current_app.config["SESSION_ABSOLUTE_HOURS"])
    return at - row.last_seen_at > idle or at - row.started_at > absolute


def load(key: str):
    """Flask-Login's user loader: the account of a live session, or None.

    A session past its idle or absolute limit is ended here (and ``g.session_timed_out`` set so
    the page can say why). last_seen_at is written at most every SESSION_TOUCH_SECONDS, so most
    page views write nothing.
    """
    from portal.auth.models import User

    row = db.session.execute(
        select(StaffSession).where(StaffSession.key_hash == _hash(key), StaffSession.ended_at.is_(None))
    ).scalar_one_or_none()
    if row is None:
        return None
    user = db.session.get(User, row.user_id)
    at = now()
    if user is None or not user.active:
        return None
    if is_expired(row, at):
        row.ended_at, row.ended_reason = at, "timed_out"
        db.session.flush()
        g.session_timed_out = True
        return None
    if (at - row.last_seen_at).total_seconds() >= current_app.config["SESSION_TOUCH_SECONDS"]:
        row.last_seen_at = at
        db.session.flush()
    user.session_key = key
    user.staff_session = row
    return user


def end(row: StaffSession, reason: str) -> None:
    if row.ended_at is None:
        row.ended_at, row.ended_reason = now(), reason


def end_all(user_id: int, reason: str, keep: StaffSession | None = None) -> int:
    """End every live session of an account, but ``keep`` (the one in use) if given."""
    statement = update(StaffSession).where(StaffSession.user_id == user_id, StaffSession.ended_at.is_(None))
    if keep is not None:
        statement = statement.where(StaffSession.id != keep.id)
    result = db.session.execute(
        statement.values(ended_at=now(), ended_reason=reason).execution_options(synchronize_session="fetch")
    )
    return result.rowcount


def live_sessions(user_id: int):
    return (
        select(StaffSession)
        .where(StaffSession.user_id == user_id, StaffSession.ended_at.is_(None))
        .order_by(StaffSession.last_seen_at.desc(), StaffSession.id.desc())
    )
