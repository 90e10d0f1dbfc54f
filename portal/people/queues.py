"""The people area's work queues on the staff home (portal/common/work_queues.py)."""

from flask_babel import lazy_gettext as _l

from portal.common.work_queues import register_queue
from portal.people import intake, merging


def _held_intakes(user, today):
    return intake.held_intakes(intake.checkable_kinds(user))


register_queue(
    "held_intakes", _l("Forms waiting for you to say who sent them"), _held_intakes, "people.list_intakes", order=70
)


def _possible_duplicates(user, today):
    return merging.open_pairs()


register_queue(
    "possible_duplicates",
    _l("Possible duplicates to review"),
    _possible_duplicates,
    "people.list_duplicates",
    order=75,
)
