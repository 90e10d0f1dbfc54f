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
    ("/staff/people/", "manager"),
    ("/staff/outreach/referrals", "manager"),
    ("/staff/admin/users", "admin"),
    ("/schools/", None),
    ("/staff/schools/", "academy_staff"),
    ("/staff/schools/ambassadors", "academy_staff"),
    ("/staff/schools/sessions", "academy_staff"),
    ("/staff/schools/requests", "academy_staff"),
    ("/staff/schools/toolkit", "academy_staff"),
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
        add_schools_rows(n, staff)


def add_schools_rows(n: int, staff) -> None:
    from decimal import Decimal

    from portal.schools import matching
    from portal.schools import services as schools
    from portal.schools.models import Ambassador, Resource, School

    school = School(urn=f"{500000 + n}", name=f"School {n}", phase="secondary")
    ambassador = Ambassador(name=f"Ambassador {n}", formats="|in_person|", dbs_checked_on=date.today())
    db.session.add_all(
        [school, ambassador, Resource(title=f"Resource {n}", key_stages="|ks3|", url="https://example.org")]
    )
    db.session.commit()
    schools.log_session(
        schools.SessionDetails(school_id=school.id, held_on=date.today(), format="in_person", activity="workshop",
                               year_groups=["9", "10"], pupils_reached=20, career_ids=[], benchmarks=[5],
                               ambassador_hours={ambassador.id: Decimal(1)}),
        staff,
    )  # fmt: skip
    matching.create_request(
        {"school_name": school.name, "urn": school.urn, "contact_name": "T", "contact_email": "t@example.com",
         "activity": "workshop", "year_groups": "|9|", "preferred_date": date.today(), "format": "virtual"}
    )  # fmt: skip


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
