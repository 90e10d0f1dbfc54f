"""The scheduled jobs: each morning's digest for staff, and the nightly retention run."""

import logging
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from portal.auth import permissions
from portal.extensions import db
from portal.notifications import staff
from portal.notifications.rendering import in_language, public_url

log = logging.getLogger("portal.notifications")
DBS_WARNING_DAYS = 60
REFERRAL_WAIT_WORKING_DAYS = 5


def working_days_before(day: date, days: int) -> date:
    while days:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def _count(statement) -> int:
    return db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0


def _shared_counts(today: date) -> dict[str, int]:
    """The counts that are the same for everyone who may see them, worked out once per run."""
    from portal.opportunities.services import checks_due
    from portal.outreach.models import Referral
    from portal.schools.choices import DBS_VALID_YEARS
    from portal.schools.models import Ambassador, SessionRequest
    from portal.schools.models import years_after as _years_after

    waiting_since = working_days_before(today, REFERRAL_WAIT_WORKING_DAYS)
    # A check done on day D runs out on D + 3 years; it runs out within 60 days if D + 3 years
    # falls between today and today + 60, i.e. D lies in that window moved back 3 years.
    dbs_from = _years_after(today, -DBS_VALID_YEARS)
    dbs_to = _years_after(today + timedelta(days=DBS_WARNING_DAYS), -DBS_VALID_YEARS)
    return {
        "checks": _count(checks_due(today, within_days=0)),
        "referrals": _count(select(Referral.id).where(Referral.status == "open", Referral.referred_on < waiting_since)),
        "dbs": _count(
            select(Ambassador.id).where(
                Ambassador.active.is_(True), Ambassador.dbs_checked_on >= dbs_from, Ambassador.dbs_checked_on <= dbs_to
            )
        ),
        "requests": _count(select(SessionRequest.id).where(SessionRequest.status == "new")),
    }


def _overdue_actions(user, today: date) -> int:
    from portal.outreach.models import ActionItem, Case

    return _count(
        select(ActionItem.id)
        .join(Case, Case.id == ActionItem.case_id)
        .where(Case.adviser_id == user.id, Case.status == "open", ActionItem.done_on.is_(None),
               ActionItem.due_on < today)
    )  # fmt: skip


def digest_items(user, shared: dict[str, int], today: date) -> list[tuple[str, int, str]]:
    """What needs this member of staff: only what their role looks after."""
    items = []
    if permissions.can(user, "job_checks", permissions.WRITE) and shared["checks"]:
        items.append((_("Sustainment checks due or overdue"), shared["checks"],
                      public_url("opportunities_staff.list_checks_due")))  # fmt: skip
    if permissions.can(user, "referrals", permissions.WRITE) and shared["referrals"]:
        items.append((_("Referrals waiting more than 5 working days"), shared["referrals"],
                      public_url("outreach.list_referrals")))  # fmt: skip
    if user.role == "outreach_adviser":
        overdue = _overdue_actions(user, today)
        if overdue:
            items.append((_("Overdue actions on your cases"), overdue, public_url("outreach.my_caseload")))
    if permissions.can(user, "schools", permissions.WRITE) and user.role != "manager":
        if shared["dbs"]:
            items.append((_("Ambassadors' DBS checks running out within 60 days"), shared["dbs"],
                          public_url("schools_staff.list_ambassadors")))  # fmt: skip
        if shared["requests"]:
            items.append((_("School session requests not yet answered"), shared["requests"],
                          public_url("schools_staff.list_requests")))  # fmt: skip
    return items


def send_digests(today: date | None = None) -> int:
    """One message to each active member of staff with something waiting; nothing to the rest."""
    from portal.auth.models import ROLES

    today = today or date.today()
    shared = _shared_counts(today)
    sent = 0
    for user in staff.staff_with_roles(*ROLES):
        with in_language(staff.account_language(user)):
            items = digest_items(user, shared, today)
        if items:
            staff.digest(user, items)
            sent += 1
    db.session.commit()
    log.info("digest: %s staff told what needs them", sent)
    return sent


def refresh_duplicates() -> dict:
    """As `flask people duplicates --refresh`: the possible-duplicates queue recomputed overnight,
    pairs staff already decided kept as they are."""
    from portal.people import merging

    result = merging.refresh_candidates()
    db.session.commit()
    log.info("duplicates: %(open)s open pairs, %(kept_decided)s decided pairs kept", result)
    return result


def run_retention() -> int:
    """As `flask retention`: lists who is due; anonymises them only when RETENTION_SCHEDULE is
    "apply", so the schedule never erases anyone an operator has not chosen to."""
    from portal.people import rights

    years = current_app.config["RETENTION_YEARS"]
    due = rights.due_for_retention(years)
    if current_app.config["RETENTION_SCHEDULE"] == "apply":
        for person in due:
            rights.erase(person, reason=f"retention {years} years")
        db.session.commit()
        log.info("retention: anonymised %s people with no activity for %s years", len(due), years)
    else:
        log.info("retention (dry run): %s people due; set RETENTION_SCHEDULE=apply to anonymise", len(due))
    return len(due)
