"""Sign-in throttling by account and by client address, instead of a lock-out.

After THROTTLE_ACCOUNT_FREE failures for one email address (whether or not it has an account),
or THROTTLE_ADDRESS_FREE from one client address, each further failure makes the next attempt
wait 2^k seconds (k = failures beyond the free ones), never more than THROTTLE_MAX_SECONDS.
While a wait runs every attempt is refused, a right password included, and is not counted, so
someone outside can delay a colleague by minutes at most, never lock them out. Failures are
forgotten after THROTTLE_FORGET_MINUTES without one, and at a successful sign-in.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.auth.clock import now
from portal.extensions import db


class SignInThrottle(db.Model):
    __tablename__ = "sign_in_throttles"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "account:<normalised email>" or "address:<client address>"
    key: Mapped[str] = mapped_column(String(300), unique=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column()
    wait_until: Mapped[datetime | None] = mapped_column()


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()[:254]


def account_key(email: str) -> str:
    return "account:" + normalise_email(email)


def address_key(address: str | None) -> str:
    return "address:" + (address or "unknown")


@dataclass(frozen=True)
class Rule:
    key: str
    free: int


def rules(email: str | None, address: str | None) -> list[Rule]:
    config = current_app.config
    found = [Rule(address_key(address), config["THROTTLE_ADDRESS_FREE"])]
    if email is not None:
        found.append(Rule(account_key(email), config["THROTTLE_ACCOUNT_FREE"]))
    return found


def _rows(keys) -> dict[str, SignInThrottle]:
    return {row.key: row for row in db.session.scalars(select(SignInThrottle).where(SignInThrottle.key.in_(keys)))}


def _forgotten(row: SignInThrottle, at: datetime) -> bool:
    return at - row.last_failure_at > timedelta(minutes=current_app.config["THROTTLE_FORGET_MINUTES"])


def wait_seconds(email: str | None, address: str | None) -> int:
    """How long before another attempt is considered (0: go ahead)."""
    at = now()
    waits = [
        (row.wait_until - at).total_seconds()
        for row in _rows([rule.key for rule in rules(email, address)]).values()
        if row.wait_until is not None and row.wait_until > at and not _forgotten(row, at)
    ]
    return math.ceil(max(waits, default=0))


def delay_after(failures: int, free: int) -> int:
    if failures < free:
        return 0
    return min(2 ** (failures - free), current_app.config["THROTTLE_MAX_SECONDS"])


def register_failure(email: str | None, address: str | None) -> None:
    """Count a wrong password or code against the address and the account (the caller commits)."""
    at = now()
    rows = _rows([rule.key for rule in rules(email, address)])
    for rule in rules(email, address):
        row = rows.get(rule.key)
        if row is None:
            row = SignInThrottle(key=rule.key, failures=0, last_failure_at=at)
            db.session.add(row)
        elif _forgotten(row, at):
            row.failures = 0
        row.failures += 1
        row.last_failure_at = at
        delay = delay_after(row.failures, rule.free)
        row.wait_until = at + timedelta(seconds=delay) if delay else None
    db.session.flush()


def clear_account(email: str) -> None:
    """Forget an account's failures: a successful sign-in, or an administrator's "unlock"."""
    db.session.execute(delete(SignInThrottle).where(SignInThrottle.key == account_key(email)))


def is_throttled_account(email: str) -> bool:
    at = now()
    row = _rows([account_key(email)]).get(account_key(email))
    return row is not None and row.wait_until is not None and row.wait_until > at and not _forgotten(row, at)
