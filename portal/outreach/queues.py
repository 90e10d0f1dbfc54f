"""The outreach area's work queues on the staff home (portal/common/work_queues.py)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.common.work_queues import register_queue
from portal.outreach.models import ActionItem, Case, Referral


def _referrals_waiting(user, today):
    return select(Referral.id).where(Referral.status == "open")


def _actions_overdue(user, today):
    return (
        select(ActionItem.id)
        .join(Case, Case.id == ActionItem.case_id)
        .where(Case.adviser_id == user.id, Case.status == "open")
        .where(ActionItem.done_on.is_(None), ActionItem.due_on < today)
    )


register_queue(
    "referrals_waiting", _l("Referrals waiting for an adviser"), _referrals_waiting, "outreach.list_referrals",
    args={"status": "open"}, order=10,
)  # fmt: skip
register_queue(
    "actions_overdue", _l("Overdue actions on your cases"), _actions_overdue, "outreach.my_caseload",
    roles=("outreach_adviser",), order=40,
)  # fmt: skip
