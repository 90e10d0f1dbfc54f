"""The schools area's work queues on the staff home (portal/common/work_queues.py)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.common.work_queues import register_queue
from portal.schools.models import Ambassador, SessionRequest, dbs_expiring_query


def _new_requests(user, today):
    return select(SessionRequest.id).where(SessionRequest.status == "new")


def _dbs_expiring(user, today):
    return dbs_expiring_query(select(Ambassador.id), "expiring", today)


def _dbs_expired(user, today):
    return dbs_expiring_query(select(Ambassador.id), "expired", today)


register_queue(
    "session_requests", _l("New session requests from schools"), _new_requests, "schools_staff.list_requests",
    args={"status": "new"}, order=50,
)  # fmt: skip
register_queue(
    "dbs_expiring", _l("Ambassadors whose DBS check expires within 60 days"), _dbs_expiring,
    "schools_staff.list_ambassadors", args={"dbs": "expiring"}, order=60,
)  # fmt: skip
register_queue(
    "dbs_expired", _l("Active ambassadors with no current DBS check"), _dbs_expired,
    "schools_staff.list_ambassadors", args={"dbs": "expired"}, order=61,
)  # fmt: skip
