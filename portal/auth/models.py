"""Staff accounts."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from portal.extensions import db

ROLES = ("admin", "manager", "academy_staff", "outreach_adviser")
ROLE_NAMES = {
    "admin": _l("Administrator"),
    "manager": _l("Manager"),
    "academy_staff": _l("Academy staff"),
    "outreach_adviser": _l("Outreach adviser"),
}


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    last_signed_in_at: Mapped[datetime | None]
    # Two-factor sign-in with an authenticator app (TOTP, RFC 6238). The secret is set when
    # enrolment starts and counts only once a code from it has been entered (enrolled_at).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enrolled_at: Mapped[datetime | None]
    # The last 30-second step a code was accepted for: a code is never accepted twice.
    totp_last_step: Mapped[int | None]

    def set_password(self, password: str) -> None:
        # Werkzeug's default is scrypt, a memory-hard key derivation function.
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    # Set by portal.auth.sessions when a session row is started or loaded for this request:
    # the key Flask-Login keeps in the cookie, and the row it names.
    session_key = None
    staff_session = None

    def get_id(self) -> str | None:
        return self.session_key

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def two_factor_enrolled(self) -> bool:
        return self.totp_secret is not None and self.totp_enrolled_at is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class RecoveryCode(db.Model):
    """A one-time code for signing in without the authenticator app. Only a hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[datetime | None]
