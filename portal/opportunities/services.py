"""The opportunities area's services: the public list here, and everything else by what it handles
(``applying``, ``workflow``, ``employment``, ``staff``), re-exported so callers keep one name.

Every change to a person's journey goes through one of those functions, which keeps the status
history, writes the pipeline event due and audits the change (the request commits).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from portal.careers import services as careers
from portal.careers.models import Career, CareerFamily
from portal.extensions import db
from portal.opportunities.applying import (  # noqa: F401 - the area's service API
    ApplyRefused,
    age_on,
    apply,
    attach_application,
    new_application_reference,
    refusal_reason,
)
from portal.opportunities.employment import (  # noqa: F401
    checks_due,
    only_supported,
    outcomes,
    outcomes_csv,
    record_check,
    record_employment,
)
from portal.opportunities.models import (
    Opportunity,
    opportunity_careers,
)
from portal.opportunities.staff import (  # noqa: F401
    ApplicationFilters,
    application_statement,
    applications,
    applications_csv,
    get_application,
    save_opportunity,
    save_organisation,
    set_opportunity_status,
    staff_opportunities,
)
from portal.opportunities.workflow import (  # noqa: F401
    WorkflowError,
    add_note,
    allowed_next,
    bulk_change_status,
    change_status,
    complete_placement,
    start_placement,
)

CLOSING_SOON_DAYS = 14

# ---------------------------------------------------------------- the public list


@dataclass
class OpportunityFilters:
    kind: str = ""
    family: str = ""
    mode: str = ""  # online | in_person
    route: str = ""
    closing_soon: bool = False
    age: int | None = None


def _public_conditions(filters: OpportunityFilters, today: date, *, with_kind: bool = True) -> list:
    conditions = [Opportunity.status == "published", Opportunity.closes_on >= today]
    if with_kind and filters.kind:
        conditions.append(Opportunity.kind == filters.kind)
    if filters.family:
        conditions.append(
            Opportunity.id.in_(
                select(opportunity_careers.c.opportunity_id)
                .join(Career, Career.id == opportunity_careers.c.career_id)
                .join(CareerFamily)
                .where(CareerFamily.slug == filters.family)
            )
        )
    if filters.mode == "online":
        conditions.append(Opportunity.online.is_(True))
    elif filters.mode == "in_person":
        conditions.append(Opportunity.online.is_(False))
    if filters.route:
        conditions.append(Opportunity.routes.like(f"%|{filters.route}|%"))
    if filters.closing_soon:
        conditions.append(Opportunity.closes_on <= today + timedelta(days=CLOSING_SOON_DAYS))
    if filters.age is not None:
        conditions.append(or_(Opportunity.min_age.is_(None), Opportunity.min_age <= filters.age))
    return conditions


def public_opportunities(filters: OpportunityFilters, today: date) -> Select:
    """Published opportunities still open, soonest closing first."""
    return (
        select(Opportunity)
        .where(*_public_conditions(filters, today))
        .options(selectinload(Opportunity.organisation))
        .order_by(Opportunity.closes_on, Opportunity.title, Opportunity.id)
    )


def kind_counts(filters: OpportunityFilters, today: date) -> dict[str, int]:
    """How many open opportunities of each kind match the other filters."""
    rows = db.session.execute(
        select(Opportunity.kind, func.count())
        .where(*_public_conditions(filters, today, with_kind=False))
        .group_by(Opportunity.kind)
    )
    return dict(rows.all())


def opportunity_statement(opportunity_id: int, *, public: bool = False) -> Select:
    """The opportunity with its page's relations loaded, for ``db.one_or_404``; ``public``: only
    one the public may see (not a draft)."""
    statement = (
        select(Opportunity)
        .where(Opportunity.id == opportunity_id)
        .options(selectinload(Opportunity.organisation), selectinload(Opportunity.careers))
    )
    return statement.where(Opportunity.status != "draft") if public else statement


def open_opportunities_for_career(career_id: int, today: date) -> list[Opportunity]:
    """Shown on the role's page in the careers catalogue (registered below)."""
    return list(
        db.session.scalars(
            public_opportunities(OpportunityFilters(), today).where(
                Opportunity.id.in_(
                    select(opportunity_careers.c.opportunity_id).where(opportunity_careers.c.career_id == career_id)
                )
            )
        )
    )


careers.register_for_career("opportunities", open_opportunities_for_career)
