"""Record who did what to which personal record. Callers commit with their own change."""

from flask import has_request_context, request
from flask_login import current_user

from portal.admin.models import AuditEvent
from portal.extensions import db


def record(action: str, object_type: str, object_id=None, detail: str | None = None, user=None) -> AuditEvent:
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    entry = AuditEvent(
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        detail=detail,
        user_id=user.id if user is not None else None,
        remote_addr=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    return entry
