"""NHS England's small-number rule for published counts about people (shared/reference/README.md):
a count of 1 to 7 is shown as ``*``; any other count is rounded to the nearest 5; 0 stays 0.
Percentages are worked out from the rounded counts, and suppressed when either count is."""

SUPPRESSED = "*"
RULE_TEXT = "Counts of 1 to 7 people are shown as *, other counts are rounded to the nearest 5, and 0 stays 0."


def suppress(count: int) -> int | str:
    if count == 0:
        return 0
    if 1 <= count <= 7:
        return SUPPRESSED
    return int(5 * round(count / 5))


def suppressed_percentage(part, whole) -> float | str | None:
    """``part`` and ``whole`` already suppressed; None when there is nothing to divide by."""
    if part == SUPPRESSED or whole == SUPPRESSED:
        return SUPPRESSED
    if not whole:
        return None
    return round(100 * part / whole, 1)
