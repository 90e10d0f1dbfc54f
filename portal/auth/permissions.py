"""Who may do what: the permissions matrix, the one place staff access is decided.

Every staff URL belongs to an *area*; each role has ``none``, ``read`` or ``write`` on each area.
Reading a page needs ``read``; anything that changes data needs ``write``. A page that shows a
form for a change (its URL also accepts POST) needs ``write`` even to look at, unless it is a
search form (SEARCH_FORMS), which is posted only to keep names out of URLs and logs.

Deny by default: an endpoint with no area, or an area with no row, is refused to everyone.

Adding an area is two lines: a
row in MATRIX and the blueprint (or endpoint) in AREAS; then the same row in
docs/permissions.md, which tests/auth/test_permissions.py compares with this table.
"""

from flask import current_app

from portal.auth.models import ROLES

NONE, READ, WRITE = 0, 1, 2
LEVELS = {"none": NONE, "read": READ, "write": WRITE}
LEVEL_NAMES = {value: name for name, value in LEVELS.items()}

# fmt: off
_TABLE = """
area                 admin  manager  academy_staff  outreach_adviser
home                 write  write    write          write
accounts             write  none     none           none
audit                read   none     none           none
people               read   read     read           read
intakes              write  write    write          write
duplicates           write  write    read           read
rights               write  none     none           none
consent              write  write    write          write
equality             read   read     none           none
pipeline             read   read     read           read
opportunities        write  read     write          none
applications         write  read     write          none
jobs                 write  read     write          none
job_checks           write  read     write          write
referrals            none   write    none           write
cases                none   read     none           write
caseload             none   none     none           write
caseload_management  none   write    none           none
outreach_report      none   read     none           read
schools              write  write    write          none
reports              read   read     none           none
imports              write  write    write          none
messages             write  read     read           read
"""
# fmt: on


def _parse(table: str) -> dict[str, dict[str, int]]:
    lines = [line.split() for line in table.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    if header[0] != "area" or tuple(header[1:]) != ROLES:
        raise ValueError(f"the permissions table must have a column for each role, in order: {header}")
    return {row[0]: {role: LEVELS[level] for role, level in zip(ROLES, row[1:], strict=True)} for row in rows}


MATRIX: dict[str, dict[str, int]] = _parse(_TABLE)

# Which area each staff endpoint belongs to: an endpoint named here, else its blueprint.
AREAS: dict[str, str] = {
    # blueprints
    "auth": "home",
    "admin": "accounts",
    "pipeline": "people",
    "people": "people",
    "opportunities_staff": "applications",
    "outreach": "cases",
    "schools_staff": "schools",
    "reports": "reports",
    "imports": "imports",
    "notifications_staff": "messages",
    # endpoints
    "admin.audit_log": "audit",
    "admin.export_audit_log": "audit",
    "pipeline.old_overview": "pipeline",
    "reports.pipeline_overview": "pipeline",
    "people.subject_access_export": "rights",
    "people.erase_person": "rights",
    "people.withdraw_consent": "consent",
    "people.list_intakes": "intakes",
    "people.view_intake": "intakes",
    "people.link_intake": "intakes",
    "people.separate_intake": "intakes",
    "people.list_duplicates": "duplicates",
    "people.view_duplicate": "duplicates",
    "people.merge_duplicate": "duplicates",
    "people.dismiss_duplicate": "duplicates",
    "people.unmerge_person": "duplicates",
    "opportunities_staff.list_opportunities": "opportunities",
    "opportunities_staff.view_opportunity": "opportunities",
    "opportunities_staff.edit_opportunity": "opportunities",
    "opportunities_staff.set_opportunity_status": "opportunities",
    "opportunities_staff.list_organisations": "opportunities",
    "opportunities_staff.edit_organisation": "opportunities",
    "opportunities_staff.list_outcomes": "jobs",
    "opportunities_staff.export_outcomes": "jobs",
    "opportunities_staff.list_checks_due": "job_checks",
    "opportunities_staff.record_check": "job_checks",
    "opportunities_staff.record_employment": "job_checks",
    "outreach.list_referrals": "referrals",
    "outreach.view_referral": "referrals",
    "outreach.add_partner_referral": "referrals",
    "outreach.close_referral": "referrals",
    "outreach.open_case": "referrals",
    "outreach.my_caseload": "caseload",
    "outreach.reassign_caseload": "caseload_management",
    "outreach.old_outreach_report": "outreach_report",
    "reports.outreach_report": "outreach_report",
    "reports.schools_reach_report": "schools",
    "reports.export_schools_reach_report": "schools",
    "reports.export_outreach_report": "outreach_report",
}

# Forms that only search: posted so that names stay out of URLs, but they change nothing.
SEARCH_FORMS = frozenset(
    {
        "people.list_people",
        "opportunities_staff.list_applications",
        "opportunities_staff.list_outcomes",
    }
)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def area_of(endpoint: str | None) -> str | None:
    if not endpoint:
        return None
    if endpoint in AREAS:
        return AREAS[endpoint]
    return AREAS.get(endpoint.rpartition(".")[0])


def level(role: str | None, area: str | None) -> int:
    """A role's level on an area; NONE for an unknown role or area (fail closed)."""
    if role is None or area is None:
        return NONE
    return MATRIX.get(area, {}).get(role, NONE)


def _form_endpoints() -> frozenset:
    """Endpoints whose URL also takes a change (POST...): looking at their form needs write."""
    cached = current_app.extensions.get("portal_form_endpoints")
    if cached is None:
        cached = (
            frozenset(rule.endpoint for rule in current_app.url_map.iter_rules() if rule.methods & WRITE_METHODS)
            - SEARCH_FORMS
        )
        current_app.extensions["portal_form_endpoints"] = cached
    return cached


def needed(endpoint: str, method: str = "GET") -> int:
    if method in SAFE_METHODS:
        return WRITE if endpoint in _form_endpoints() else READ
    return READ if endpoint in SEARCH_FORMS else WRITE


def may(role: str | None, endpoint: str, method: str = "GET") -> bool:
    return level(role, area_of(endpoint)) >= needed(endpoint, method)


def can(user, area: str, wanted: int = READ) -> bool:
    """For what a page shows, not which URL: e.g. ``can(user, "equality")``."""
    return bool(user is not None and user.is_authenticated and level(user.role, area) >= wanted)
