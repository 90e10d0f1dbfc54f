"""Creating staff accounts and checking sign-in details."""

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from portal.audit import services as audit
from portal.auth import passwords, sessions, throttle, tokens, two_factor
from portal.auth.clock import now
from portal.auth.models import ROLES, User
from portal.extensions import db

MIN_PASSWORD_LENGTH = passwords.MIN_LENGTH
MAX_PASSWORD_LENGTH = passwords.MAX_LENGTH
# Compared against when no account matches, so a wrong email takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class AccountError(ValueError):
    pass


class SignInRefused(Exception):
    """A sign-in attempt that must not go on. ``throttled`` when it came too soon after failures."""

    def __init__(self, throttled: bool = False):
        super().__init__("throttled" if throttled else "wrong details")
        self.throttled = throttled


def password_problem(password: str, email: str = "") -> str | None:
    """Why a new password will not do, or None (see portal.auth.passwords)."""
    found = passwords.problem(password, email)
    return None if found is None else str(found)


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
    db.session.flush()
    return user


def record_failed_sign_in(email: str, outcome: str, user: User | None = None) -> None:
    """Audit a refused attempt: the email as typed (normalised), never the password."""
    detail = f"{outcome}: {throttle.normalise_email(email)}"
    audit.record("sign_in_failed", "user", user.id if user else None, detail=detail, user=None)


def check_password_step(email: str, password: str, address: str | None = None) -> User:
    """The first step of signing in. Every refusal looks the same from outside: an unknown
    email is answered like a wrong password, after hashing as long, and is throttled the same."""
    email = throttle.normalise_email(email)
    user = find_user(email)
    if throttle.wait_seconds(email, address):
        record_failed_sign_in(email, "throttled", user)
        db.session.flush()
        raise SignInRefused(throttled=True)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        outcome = "unknown"
    elif not user.check_password(password):
        outcome = "wrong password"
    elif not user.active:
        outcome = "disabled"
    else:
        return user
    throttle.register_failure(email, address)
    record_failed_sign_in(email, outcome, user)
    db.session.flush()
    raise SignInRefused()


def check_code_step(user: User, code: str, address: str | None = None) -> None:
    """The second step: a code from the authenticator app or a recovery code."""
    if not user.active:
        raise SignInRefused()
    if throttle.wait_seconds(user.email, address):
        record_failed_sign_in(user.email, "throttled", user)
        db.session.flush()
        raise SignInRefused(throttled=True)
    if not two_factor.verify(user, code):
        register_code_failure(user, address)
        raise SignInRefused()


def register_code_failure(user: User, address: str | None, outcome: str = "wrong code") -> None:
    throttle.register_failure(user.email, address)
    record_failed_sign_in(user.email, outcome, user)
    db.session.flush()


def record_sign_in(user: User) -> str:
    """Both steps passed: a new session row. Returns its key for Flask-Login's cookie."""
    throttle.clear_account(user.email)
    user.last_signed_in_at = now()
    key = sessions.start(user)
    audit.record("sign_in", "user", user.id, user=user)
    db.session.flush()
    return key


def sign_out(user: User) -> None:
    """End the session in use (the others stay: "Your sessions" ends those)."""
    if user.staff_session is not None:
        sessions.end(user.staff_session, "signed_out")
    audit.record("sign_out", "user", user.id, user=user)
    db.session.flush()


def disable(user: User, by=None) -> None:
    """Disable an account and end every one of its sessions at once."""
    user.active = False
    sessions.end_all(user.id, "disabled")
    audit.record("disable", "user", user.id, user=by)
    db.session.flush()


def unlock(user: User, by=None) -> None:
    """Forget the account's failed sign-ins, so its throttle ends now."""
    throttle.clear_account(user.email)
    audit.record("unlock", "user", user.id, user=by)
    db.session.flush()


def change_password(user: User, current: str, new: str, address: str | None = None) -> str | None:
    """A signed-in person changing their own password; ends their other sessions. Returns why
    not ("throttled", "wrong" or the rule broken), or None when done. Wrong current passwords
    count towards the sign-in throttle, so a borrowed session cannot guess the password here."""
    if throttle.wait_seconds(user.email, address):
        return "throttled"
    if not user.check_password(current):
        throttle.register_failure(user.email, address)
        record_failed_sign_in(user.email, "wrong password", user)
        db.session.flush()
        return "wrong"
    problem = passwords.problem(new, user.email)
    if problem:
        return str(problem)
    user.set_password(new)
    ended = sessions.end_all(user.id, "password", keep=user.staff_session)
    audit.record("password_changed", "user", user.id, detail=f"{ended} other sessions ended", user=user)
    db.session.flush()
    return None


def request_password_reset(email: str, language: str) -> None:
    """ "Forgotten your password?": email a reset link to the active account with this address,
    if there is one and it was not sent one in the last PASSWORD_RESET_EMAIL_MINUTES. The caller
    answers the same whatever happened, so the form never tells whether an address has an
    account; the audit log (never the page) says what was done."""
    user = find_user(email or "")
    if user is None or not user.active:
        audit.record("refused", "password_reset", detail="no active account with that address")
    elif tokens.recently_issued(user, "reset", current_app.config["PASSWORD_RESET_EMAIL_MINUTES"]):
        audit.record("refused", "password_reset", user.id, detail="a reset was emailed recently")
    else:
        tokens.issue_account_token(user, "reset", language=language)
    db.session.flush()
