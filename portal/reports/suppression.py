"""NHS England's small-number rule for published counts about people (shared/reference/README.md):
a count of 1 to 7 is shown as ``*``; any other count is rounded to the nearest 5; 0 stays 0."""

SUPPRESSED = "*"
RULE_TEXT = "Counts of 1 to 7 people are shown as *, other counts are rounded to the nearest 5, and 0 stays 0."


def suppress(count: int) -> int | str:
    if count == 0:
        return 0
    if 1 <= count <= 7:
        return SUPPRESSED
    return int(5 * round(count / 5))


# Exact counts can identify people in small groups: only administrators may see them.
UNSUPPRESSED_ROLES = ("admin",)


def may_see_exact(user) -> bool:
    return getattr(user, "role", None) in UNSUPPRESSED_ROLES
