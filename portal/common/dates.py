"""Dates every area reasons about the same way."""

from datetime import date


def age_on(date_of_birth: date, day: date) -> int:
    """Age in whole years on ``day`` (someone born on 29 February turns a year older on 1 March)."""
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
