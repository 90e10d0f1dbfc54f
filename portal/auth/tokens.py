"""Invitation and password-reset links: signed, single use, expiring after ACCOUNT_TOKEN_HOURS.

The link carries a random token signed with the app's secret (so a made-up link is refused
before any query); only the token's SHA-256 is stored. Issuing a new link of a purpose retires
the account's earlier unused ones. Every link issued is emailed to the account's address, through
the outbox in the same transaction (``signals.account_email``).
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import ForeignKey, String, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal import signals
from portal.audit import services as audit
from portal.auth import passwords, sessions, throttle
from portal.auth.clock import now
from portal.extensions import db

PURPOSES = ("invite", "reset")
EMAIL_KINDS = {"invite": "invitation", "reset": "password_reset"}


class AccountToken(db.Model):
    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user = relationship("User", foreign_keys=[user_id])


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="account-token")


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_account_token(user, purpose: str, by=None, language: str | None = None) -> str:
    """A new set-password link for the account, emailed to it (in ``language``; None: the
    language of its earlier account emails); returns its path (/staff/set-password/...). It
    cannot be recovered from what is stored."""
    if purpose not in PURPOSES:
        raise ValueError(f"purpose must be one of {PURPOSES}")
    at = now()
    db.session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == user.id, AccountToken.purpose == purpose, AccountToken.used_at.is_(None))
        .values(expires_at=at)
    )
    raw = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=_hash(raw),
            created_at=at,
            created_by_id=by.id if by is not None else None,
            expires_at=at + timedelta(hours=current_app.config["ACCOUNT_TOKEN_HOURS"]),
        )
    )
    audit.record("account_link", "user", user.id, detail=purpose, user=by)
    db.session.flush()
    token = _serializer().dumps(raw)
    signals.account_email.send(user, kind=EMAIL_KINDS[purpose], token=token, language=language)
    return url_for("auth.set_password", token=token)


def recently_issued(user, purpose: str, minutes: int) -> bool:
    """Whether a link of this purpose was issued to the account in the last ``minutes``."""
    since = now() - timedelta(minutes=minutes)
    return (
        db.session.scalar(
            select(AccountToken.id)
            .where(AccountToken.user_id == user.id, AccountToken.purpose == purpose, AccountToken.created_at > since)
            .limit(1)
        )
        is not None
    )


def find_token(token: str) -> AccountToken | None:
    """The live token a link names, or None (forged, unknown, used, expired, disabled account)."""
    try:
        raw = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(raw, str):
        return None
    found = db.session.execute(select(AccountToken).filter_by(token_hash=_hash(raw))).scalar_one_or_none()
    if found is None or found.used_at is not None or found.expires_at <= now() or not found.user.active:
        return None
    return found


def set_password_with(found: AccountToken, password: str) -> str | None:
    """Use a link: set the password, spend the link, end every session. Returns why not."""
    user = found.user
    problem = passwords.problem(password, user.email)
    if problem:
        return str(problem)
    user.set_password(password)
    found.used_at = now()
    sessions.end_all(user.id, "password")
    throttle.clear_account(user.email)
    audit.record("password_set", "user", user.id, detail=found.purpose, user=user)
    db.session.flush()
    return None
