"""Creating staff accounts and checking sign-in details."""

from datetime import UTC, datetime

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from portal.audit import services as audit
from portal.auth import two_factor
from portal.auth.models import ROLES, User
from portal.extensions import db

# Length is what makes a password strong; no composition rules (NCSC password guidance).
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 128
# Compared against when no account matches, so a wrong email takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class AccountError(ValueError):
    pass


class SignInRefused(Exception):
    """A sign-in attempt that must not go on. ``locked`` when the account is locked out."""

    def __init__(self, locked: bool = False):
        super().__init__("locked" if locked else "wrong details")
        self.locked = locked


def password_problem(password: str, email: str = "") -> str | None:
    """Why a new password will not do, or None. Length only, plus never the email address."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"the password must be at least {MIN_PASSWORD_LENGTH} characters"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"the password must be {MAX_PASSWORD_LENGTH} characters or fewer"
    if email and password.strip().lower() == email.strip().lower():
        return "the password must not be the email address"
    return None


def find_user(email: str) -> User | None:
    return db.session.execute(select(User).where(func.lower(User.email) == email.strip().lower())).scalar_one_or_none()


def create_user(email: str, name: str, role: str, password: str, created_by=None) -> User:
    email = email.strip().lower()
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if "@" not in email:
        raise AccountError("enter a valid email address")
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem)
    if find_user(email):
        raise AccountError(f"an account for {email} already exists")
    user = User(email=email, name=name.strip() or email, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record("create", "user", user.id, detail=role, user=created_by)
    db.session.commit()
    return user


def check_password_step(email: str, password: str) -> User:
    """The first step of signing in. Counts wrong passwords towards the lock-out."""
    user = find_user(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        raise SignInRefused()
    if two_factor.is_locked(user):
        raise SignInRefused(locked=True)
    if not user.check_password(password):
        raise SignInRefused(locked=two_factor.register_failure(user, "password"))
    if not user.active:
        raise SignInRefused()
    return user


def check_code_step(user: User, code: str) -> None:
    """The second step: a code from the authenticator app or a recovery code."""
    if two_factor.is_locked(user) or not user.active:
        raise SignInRefused(locked=two_factor.is_locked(user))
    if not two_factor.verify(user, code):
        db.session.rollback()
        raise SignInRefused(locked=two_factor.register_failure(user, "code"))


def record_sign_in(user: User) -> None:
    two_factor.clear_failures(user)
    user.last_signed_in_at = datetime.now(UTC).replace(tzinfo=None)
    audit.record("sign_in", "user", user.id, user=user)
    db.session.commit()


def sign_out_everywhere(user: User) -> None:
    user.end_all_sessions()
    audit.record("sign_out", "user", user.id, user=user)
    db.session.commit()


def disable(user: User, by=None) -> None:
    """Disable an account and end every one of its sessions at once."""
    user.active = False
    user.end_all_sessions()
    audit.record("disable", "user", user.id, user=by)
    db.session.commit()
