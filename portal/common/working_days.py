"""Working days (Monday to Friday) for the promises the academy makes, such as contacting someone
who asked for an adviser within 5 working days. Bank holidays are not known and count as working."""

from datetime import date, timedelta

# A person who asks for an adviser hears from one within this many working days (docs/outreach.md).
REFERRAL_PROMISE_WORKING_DAYS = 5


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``: 0 on the day itself."""
    if end <= start:
        return 0
    whole_weeks, rest = divmod((end - start).days, 7)
    days = whole_weeks * 5
    for offset in range(1, rest + 1):
        if (start + timedelta(days=offset)).weekday() < 5:
            days += 1
    return days
