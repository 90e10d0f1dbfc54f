"""Two-factor sign-in: authenticator-app codes (TOTP) and recovery codes.

Every staff account needs both its password and a code. An account without an enrolled
authenticator is taken through enrolment (a QR code) on its first sign-in; enrolment ends with ten
one-time recovery codes, shown once and kept only as hashes.
"""

import base64
import hashlib
import hmac
import secrets
import time
from datetime import UTC, datetime

import pyotp
import segno
from flask import current_app
from sqlalchemy import delete, select

from portal import signals
from portal.audit import services as audit
from portal.auth import sessions
from portal.auth.models import RecoveryCode, User
from portal.extensions import db

STEP_SECONDS = 30
RECOVERY_CODES = 10


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# Authenticator codes -----------------------------------------------------------------------


def current_step(at: float | None = None) -> int:
    return int((time.time() if at is None else at) // STEP_SECONDS)


def code_for(secret: str, step: int) -> str:
    return pyotp.TOTP(secret).generate_otp(step)


def _accept_totp(user: User, code: str) -> bool:
    """A code from the window around now, for a step later than any code already accepted."""
    window = current_app.config["TOTP_VALID_WINDOW"]
    now = current_step()
    last = user.totp_last_step if user.totp_last_step is not None else -1
    for step in range(now - window, now + window + 1):
        if step > last and hmac.compare_digest(code_for(user.totp_secret, step), code):
            user.totp_last_step = step
            return True
    return False


def _normalise(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isalnum()).lower()


def _hash_recovery(code: str) -> str:
    # Recovery codes are 80 random bits, so a plain keyed hash is enough (unlike a password).
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, _normalise(code).encode(), hashlib.sha256).hexdigest()


def _accept_recovery(user: User, code: str) -> bool:
    if len(_normalise(code)) != 16:
        return False
    entry = db.session.execute(
        select(RecoveryCode).filter_by(user_id=user.id, code_hash=_hash_recovery(code), used_at=None)
    ).scalar_one_or_none()
    if entry is None:
        return False
    entry.used_at = _now()
    audit.record("recovery_code", "user", user.id, user=user)
    return True


def verify(user: User, code: str) -> bool:
    """Check a code typed at sign-in: six digits from the app, or an unused recovery code."""
    code = (code or "").strip().replace(" ", "")
    if not user.two_factor_enrolled:
        return False
    if code.isdigit() and len(code) == 6:
        return _accept_totp(user, code)
    return _accept_recovery(user, code)


# Enrolment ---------------------------------------------------------------------------------


def start_enrolment(user: User) -> str:
    """A new secret for an account that has none yet; kept (unconfirmed) until a code from it
    is entered, so reloading the set-up page shows the same QR code."""
    if user.totp_secret is None:
        user.totp_secret = pyotp.random_base32()
        db.session.flush()
    return user.totp_secret


def provisioning_uri(user: User) -> str:
    issuer = current_app.config["SERVICE_NAME"]
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_code_data_uri(user: User) -> str:
    """The enrolment QR code as an SVG data URI (allowed by the CSP's img-src)."""
    svg = segno.make(provisioning_uri(user), error="m").svg_inline(scale=5, border=4, dark="#000", light="#fff")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def new_recovery_codes(user: User) -> list[str]:
    """Replace the account's recovery codes with ten new ones; returns them in clear, once."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = base64.b32encode(secrets.token_bytes(10)).decode().lower()
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash_recovery(code)) for code in codes)
    audit.record("recovery_codes", "user", user.id, detail="new set", user=user)
    return codes


def confirm_enrolment(user: User, code: str) -> list[str] | None:
    """Finish enrolment with the first code from the app. Returns the recovery codes."""
    code = (code or "").strip().replace(" ", "")
    if user.totp_secret is None or not (code.isdigit() and len(code) == 6) or not _accept_totp(user, code):
        return None
    user.totp_enrolled_at = _now()
    audit.record("two_factor_enrolled", "user", user.id, user=user)
    codes = new_recovery_codes(user)
    db.session.flush()
    return codes


def reset(user: User, by=None) -> None:
    """Forget the authenticator and recovery codes: the next sign-in enrols again."""
    user.totp_secret = None
    user.totp_enrolled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    sessions.end_all(user.id, "two_factor_reset")
    audit.record("two_factor_reset", "user", user.id, user=by)
    # The confirmation is written in this transaction: if the reset rolls back, so does it.
    signals.account_email.send(user, kind="two_factor_reset", token=None, language=None)
    db.session.flush()


def remaining_recovery_codes(user: User) -> int:
    return len(db.session.scalars(select(RecoveryCode.id).filter_by(user_id=user.id, used_at=None)).all())
