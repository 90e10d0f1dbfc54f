"""The opportunities area's work queues on the staff home (portal/common/work_queues.py)."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select

from portal.common.work_queues import register_queue
from portal.opportunities import services
from portal.opportunities.models import Application, EmploymentOutcome


def _applications_to_review(user, today):
    return select(Application.id).where(Application.status == "submitted")


def _checks_due(user, today):
    return services.only_supported(services.checks_due(today), user)


def _checks_overdue(user, today):
    # A check is overdue once its week has passed with no answer recorded.
    overdue = select(EmploymentOutcome).where(
        or_(
            and_(
                EmploymentOutcome.check_13w_result.is_(None),
                EmploymentOutcome.started_on < today - timedelta(weeks=13),
            ),
            and_(
                EmploymentOutcome.check_26w_result.is_(None),
                EmploymentOutcome.started_on < today - timedelta(weeks=26),
            ),
        )
    )
    return services.only_supported(overdue, user)


register_queue(
    "applications_to_review", _l("New applications to review"), _applications_to_review,
    "opportunities_staff.list_applications", args={"status": "submitted"}, order=20,
)  # fmt: skip
register_queue(
    "checks_due", _l("Job checks due in the next two weeks or overdue"), _checks_due,
    "opportunities_staff.list_checks_due", order=30,
)  # fmt: skip
register_queue(
    "checks_overdue", _l("Job checks overdue"), _checks_overdue, "opportunities_staff.list_checks_due", order=31
)
