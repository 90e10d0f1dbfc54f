"""Fixtures the report tests borrow from the areas they report on."""

from tests.schools.conftest import catalogue  # noqa: F401 (a fixture)
