"""The people area's work queues on the staff home (portal/common/work_queues.py)."""

from flask_babel import lazy_gettext as _l

from portal.common.work_queues import register_queue
from portal.people import intake


def _held_intakes(user, today):
    return intake.held_intakes(intake.checkable_kinds(user))


register_queue(
    "held_intakes", _l("Forms waiting for you to say who sent them"), _held_intakes, "people.list_intakes", order=70
)
