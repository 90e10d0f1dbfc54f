"""The time as sign-in, throttling and sessions see it: naive UTC, and replaceable in tests
through the ``CLOCK`` setting (a function returning a datetime) so no test has to sleep."""

from datetime import UTC, datetime

from flask import current_app, has_app_context


def now() -> datetime:
    clock = current_app.config.get("CLOCK") if has_app_context() else None
    return clock() if clock is not None else datetime.now(UTC).replace(tzinfo=None)
