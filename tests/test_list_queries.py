"""Every list page runs the same number of SQL statements whatever the amount of data (no query
per row): measured with a few rows and with many."""

from datetime import date, timedelta

import pytest
from sqlalchemy import event

from portal.extensions import db
from portal.opportunities import services as opportunities
from portal.outreach import services as outreach
from tests.factories import OpportunityFactory, OrganisationFactory, PersonFactory

LISTS = [
    ("/opportunities/", None),
    ("/staff/opportunities/", "manager"),
    ("/staff/opportunities/applications", "manager"),
    ("/staff/opportunities/organisations", "manager"),
    ("/staff/opportunities/outcomes", "manager"),
    ("/staff/opportunities/outcomes/checks-due", "manager"),
    ("/staff/pipeline/people", "manager"),
    ("/staff/outreach/referrals", "manager"),
    ("/staff/admin/users", "admin"),
    ("/staff/admin/audit", "admin"),
]


def add_rows(number: int, offset: int, staff) -> None:
    for n in range(offset, offset + number):
        opportunity = OpportunityFactory()
        details = {"first_name": f"P{n}", "last_name": "Row", "email": f"row{n}@example.com", "route": "career_changer"}
        opportunities.apply(opportunity.id, details, consent_version="2026-11")
        opportunities.record_employment(
            PersonFactory(), user=staff, organisation_id=OrganisationFactory().id, job_title="Porter",
            contract_type="bank", started_on=date.today() - timedelta(weeks=14),
        )  # fmt: skip
        outreach.refer_self(
            {**details, "email": f"ref{n}@example.com", "needs": ["english"]}, consent_version="2026-11"
        )


def statements_for(client, url) -> int:
    count = []

    def counter(*_args):
        count.append(1)

    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)
    return len(count)


@pytest.mark.parametrize(("url", "role"), LISTS)
def test_list_page_queries_do_not_grow_with_rows(client, sign_in, make_user, url, role):
    staff = make_user(role="academy_staff")
    if role:
        sign_in(role)
    add_rows(2, 0, staff)
    few = statements_for(client, url)
    add_rows(20, 2, staff)
    for _ in range(20):
        make_user()
    assert statements_for(client, url) == few, url
