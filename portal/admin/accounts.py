"""Looking after staff accounts in the browser: invitations, disabling, roles (making someone an
administrator takes a second administrator's approval), unlocking, resetting two-factor and
password resets. Every change is audited; the request commits once.
"""

import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from portal.audit import services as audit
from portal.auth import sessions, two_factor
from portal.auth.clock import now
from portal.auth.models import ROLES, User
from portal.auth.services import AccountError, find_user
from portal.auth.tokens import issue_account_token
from portal.extensions import db


class RoleChangeRequest(db.Model):
    """A request to make someone an administrator, waiting for a different administrator."""

    __tablename__ = "role_change_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    # approved, declined or withdrawn (the role or status changed another way); empty while it waits
    outcome: Mapped[str | None] = mapped_column(String(10))

    user = relationship("User", foreign_keys=[user_id])
    requested_by = relationship("User", foreign_keys=[requested_by_id])


def create_account(email: str, name: str, role: str, by: User, language: str = "en") -> tuple[User, str]:
    """A new account with an invitation link, emailed to it in ``language`` (returned as a path);
    no usable password until the person sets one through the link, then sets up two-factor
    sign-in at their first sign-in."""
    email = email.strip().lower()
    if role not in ROLES:
        raise AccountError("unknown role")
    if find_user(email):
        raise AccountError("exists")
    user = User(email=email, name=name.strip() or email, role=role)
    # A password no one knows; the invitation replaces it.
    user.set_password(secrets.token_urlsafe(32))
    db.session.add(user)
    db.session.flush()
    audit.record("create", "user", user.id, detail=role, user=by)
    return user, issue_account_token(user, "invite", by=by, language=language)


def _not_yourself(user: User, by: User) -> None:
    if user.id == by.id:
        raise AccountError("yourself")


def set_active(user: User, active: bool, by: User) -> None:
    _not_yourself(user, by)
    if user.active == active:
        return
    user.active = active
    if not active:
        sessions.end_all(user.id, "disabled")
        _withdraw_requests(user, by)
    audit.record("enable" if active else "disable", "user", user.id, user=by)


def pending_request(user: User) -> RoleChangeRequest | None:
    return db.session.scalars(
        select(RoleChangeRequest).filter_by(user_id=user.id, outcome=None).order_by(RoleChangeRequest.id.desc())
    ).first()


def pending_requests() -> list[RoleChangeRequest]:
    """Every request waiting for an administrator, oldest first (a handful at most)."""
    return list(
        db.session.scalars(
            select(RoleChangeRequest)
            .filter_by(outcome=None)
            .options(joinedload(RoleChangeRequest.user), joinedload(RoleChangeRequest.requested_by))
            .order_by(RoleChangeRequest.id)
        )
    )


def change_role(user: User, role: str, by: User) -> RoleChangeRequest | None:
    """Change a role at once, or, when it makes someone an administrator, ask for a second
    administrator's approval (returns the request). A role change ends the account's sessions."""
    if role not in ROLES:
        raise AccountError("unknown role")
    _not_yourself(user, by)
    if role == user.role:
        return None
    if role == "admin":
        waiting = pending_request(user)
        if waiting is not None:
            return waiting
        request = RoleChangeRequest(user_id=user.id, role=role, requested_by_id=by.id, requested_at=now())
        db.session.add(request)
        audit.record("role_requested", "user", user.id, detail=role, user=by)
        db.session.flush()
        return request
    _apply_role(user, role, by)
    return None


def _withdraw_requests(user: User, by: User, keep: RoleChangeRequest | None = None) -> None:
    """A waiting request is stale once the account's role or status changes another way."""
    for waiting in db.session.scalars(select(RoleChangeRequest).filter_by(user_id=user.id, outcome=None)):
        if waiting is not keep:
            waiting.outcome, waiting.decided_by_id, waiting.decided_at = "withdrawn", by.id, now()


def _apply_role(user: User, role: str, by: User, request: RoleChangeRequest | None = None) -> None:
    _withdraw_requests(user, by, keep=request)
    before = user.role
    user.role = role
    # A privilege change: every session of the account ends, and it signs in afresh.
    sessions.end_all(user.id, "role")
    audit.record("role_changed", "user", user.id, detail=f"{before} to {role}", user=by)


def decide(request: RoleChangeRequest, approve: bool, by: User) -> None:
    """Approve or decline a request: by an administrator other than the one who asked."""
    if request.outcome is not None:
        raise AccountError("decided")
    if by.role != "admin" or by.id == request.requested_by_id or by.id == request.user_id:
        raise AccountError("second administrator")
    request.outcome = "approved" if approve else "declined"
    request.decided_by_id, request.decided_at = by.id, now()
    if approve:
        _apply_role(request.user, request.role, by, request=request)
    else:
        audit.record("role_declined", "user", request.user_id, detail=request.role, user=by)


def reset_two_factor(user: User, by: User) -> None:
    """Forget the account's authenticator (a lost phone); not one's own, which would lock one out."""
    _not_yourself(user, by)
    two_factor.reset(user, by=by)


def send_password_reset(user: User, by: User) -> str:
    """A password-reset link for the account (a path), emailed to the person."""
    return issue_account_token(user, "reset", by=by)
