"""Creating staff accounts and checking sign-in details."""

from datetime import UTC, datetime

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from portal.admin import audit
from portal.auth.models import ROLES, User
from portal.extensions import db

MIN_PASSWORD_LENGTH = 12
# Compared against when no account matches, so a wrong email takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class AccountError(ValueError):
    pass


def find_user(email: str) -> User | None:
    return db.session.execute(select(User).where(func.lower(User.email) == email.strip().lower())).scalar_one_or_none()


def create_user(email: str, name: str, role: str, password: str, created_by=None) -> User:
    email = email.strip().lower()
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if "@" not in email:
        raise AccountError("enter a valid email address")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters")
    if find_user(email):
        raise AccountError(f"an account for {email} already exists")
    user = User(email=email, name=name.strip() or email, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record("create", "user", user.id, detail=role, user=created_by)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    user = find_user(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def record_sign_in(user: User) -> None:
    user.last_signed_in_at = datetime.now(UTC).replace(tzinfo=None)
    audit.record("sign_in", "user", user.id, user=user)
    db.session.commit()


def sign_out_everywhere(user: User) -> None:
    user.end_all_sessions()
    audit.record("sign_out", "user", user.id, user=user)
    db.session.commit()
