"""The emailed way back in: a random token whose hash is stored, that expires and works once."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from portal.extensions import db
from portal.notifications.models import ReturnLink
from portal.notifications.outbox import now
from portal.notifications.rendering import public_url


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_return_link(person) -> str:
    """A fresh link for the person (added to the session: the caller's commit keeps it)."""
    token = secrets.token_urlsafe(32)
    days = current_app.config["RETURN_LINK_DAYS"]
    db.session.add(ReturnLink(person_id=person.id, token_hash=_hash(token), expires_at=now() + timedelta(days=days)))
    return public_url("notifications.open_link", token=token)


def use_return_link(token: str) -> int | None:
    """The person id the token opens, once; None if it is unknown, used or expired. The UPDATE
    ... WHERE used_at IS NULL makes two clicks at the same moment open it only once."""
    if not token or len(token) > 100:
        return None
    moment = now()
    token_hash = _hash(token)
    result = db.session.execute(
        update(ReturnLink)
        .where(ReturnLink.token_hash == token_hash, ReturnLink.used_at.is_(None), ReturnLink.expires_at > moment)
        .values(used_at=moment)
    )
    person_id = None
    if result.rowcount == 1:
        person_id = db.session.scalar(select(ReturnLink.person_id).where(ReturnLink.token_hash == token_hash))
    db.session.flush()
    return person_id
