"""The worker's schedule: the digest each morning, retention and the duplicates queue each night,
and the sweep every minute (the worker runs them; this checks when)."""

from datetime import datetime

import pytest

from portal.notifications.queue import make_queue


@pytest.mark.parametrize(
    ("task", "due", "not_due"),
    [
        ("digest", datetime(2026, 12, 3, 7, 0), [datetime(2026, 12, 3, 7, 1), datetime(2026, 12, 3, 8, 0)]),
        ("retention", datetime(2026, 12, 3, 2, 30), [datetime(2026, 12, 3, 2, 0), datetime(2026, 12, 3, 3, 30)]),
        ("duplicates", datetime(2026, 12, 3, 3, 0), [datetime(2026, 12, 3, 2, 30), datetime(2026, 12, 3, 3, 1)]),
        ("sweep", datetime(2026, 12, 3, 13, 47), []),
    ],
)
def test_each_scheduled_job_runs_when_the_docs_say(app, task, due, not_due):
    periodic = make_queue(app).tasks[task].task_class()
    assert periodic.validate_datetime(due)
    for moment in not_due:
        assert not periodic.validate_datetime(moment)


def test_the_digest_hour_is_a_setting(app):
    app.config["DIGEST_HOUR"] = 8
    digest = make_queue(app).tasks["digest"].task_class()
    assert digest.validate_datetime(datetime(2026, 12, 3, 8, 0))
    assert not digest.validate_datetime(datetime(2026, 12, 3, 7, 0))
