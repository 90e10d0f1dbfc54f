"""CSV and spreadsheet exports share one rule: a cell must never run as a formula."""

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(value):
    """Text that a spreadsheet would read as a formula gets a leading apostrophe; numbers pass."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def to_csv(header: list[str], rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([defuse(value) for value in row])
    return buffer.getvalue()
