"""The staff home's work queues: counts for the signed-in role, each linking to its filtered list,
counted in a fixed number of statements whatever the number of queues or rows."""

from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.common import work_queues
from portal.extensions import db
from portal.outreach.models import ActionItem, Case
from portal.schools.models import Ambassador, dbs_expiring_query, dbs_lapsed_on_or_before
from tests.conftest import check_page
from tests.test_list_queries import add_rows, statements_for


def queues_on(html: str) -> dict[str, tuple[int, str]]:
    soup = BeautifulSoup(html, "html.parser")
    found = {}
    for item in soup.select(".app-work-queue"):
        link = item.select_one("a")
        found[item.select_one(".app-work-queue__label").get_text(strip=True)] = (
            int(item.select_one(".app-work-queue__count").get_text(strip=True).replace(",", "")),
            link["href"],
        )
    return found


def test_manager_sees_referrals_applications_and_checks_with_links(client, sign_in, make_user):
    sign_in("manager")
    add_rows(3, 0, make_user(role="academy_staff"))
    response = client.get("/staff/")
    check_page(response.text)
    shown = queues_on(response.text)
    assert shown["Referrals waiting for an adviser"] == (3, "/staff/outreach/referrals?status=open")
    assert shown["New applications to review"] == (3, "/staff/opportunities/applications?status=submitted")
    assert shown["Job checks due in the next two weeks or overdue"][0] == 3
    assert shown["Job checks overdue"] == (3, "/staff/opportunities/outcomes/checks-due")
    assert shown["New session requests from schools"] == (3, "/staff/schools/requests?status=new")
    # A manager has no caseload of their own.
    assert "Overdue actions on your cases" not in shown


def test_academy_staff_see_school_queues_not_referrals(client, sign_in):
    sign_in("academy_staff")
    today = date.today()
    db.session.add_all(
        [
            Ambassador(name="Soon", dbs_checked_on=today.replace(year=today.year - 3) + timedelta(days=20)),
            Ambassador(name="Later", dbs_checked_on=today - timedelta(days=30)),
            Ambassador(name="Lapsed", dbs_checked_on=today.replace(year=today.year - 4)),
            Ambassador(name="Inactive lapsed", dbs_checked_on=today.replace(year=today.year - 4), active=False),
        ]
    )
    db.session.commit()
    shown = queues_on(client.get("/staff/").text)
    assert shown["Ambassadors whose DBS check expires within 60 days"] == (1, "/staff/schools/ambassadors?dbs=expiring")
    assert shown["Active ambassadors with no current DBS check"] == (1, "/staff/schools/ambassadors?dbs=expired")
    assert "Referrals waiting for an adviser" not in shown
    # The link opens the register filtered to the same ambassadors.
    page = client.get("/staff/schools/ambassadors?dbs=expiring").text
    assert "Soon" in page and "Later" not in page and "Lapsed" not in page


def test_adviser_sees_their_own_overdue_actions(client, sign_in, make_user):
    from tests.factories import PersonFactory

    adviser = sign_in("outreach_adviser")
    other = make_user(role="outreach_adviser")
    today = date.today()
    for owner, due in (
        (adviser, today - timedelta(days=2)),
        (adviser, today + timedelta(days=2)),
        (other, today - timedelta(days=9)),
    ):
        case = Case(person_id=PersonFactory().id, adviser_id=owner.id, opened_on=today)
        db.session.add(case)
        db.session.flush()
        db.session.add(ActionItem(case_id=case.id, what="Book ESOL", who="adviser", due_on=due))
    db.session.commit()
    shown = queues_on(client.get("/staff/").text)
    assert shown["Overdue actions on your cases"] == (1, "/staff/outreach/caseload")
    assert "New session requests from schools" not in shown


@pytest.mark.parametrize("role", ["admin", "manager", "academy_staff", "outreach_adviser"])
def test_staff_home_queries_do_not_grow_with_rows_or_queues(client, sign_in, make_user, role):
    sign_in(role)
    staff = make_user(role="academy_staff")
    add_rows(2, 0, staff)
    few = statements_for(client, "/staff/")
    add_rows(15, 2, staff)
    assert statements_for(client, "/staff/") == few
    # A queue registered later (the duplicates one) is one more column of the same statement.
    work_queues.register_queue(
        "test_extra", "Extra", lambda user, today: select(Ambassador.id), "schools_staff.list_schools"
    )
    try:
        assert statements_for(client, "/staff/") == few
    finally:
        work_queues._QUEUES.pop("test_extra")


def test_dbs_lapse_counts_29_february():
    assert dbs_lapsed_on_or_before(date(2027, 2, 28)) == date(2024, 2, 29)
    assert dbs_lapsed_on_or_before(date(2026, 12, 2)) == date(2023, 12, 2)


def test_dbs_query_leaves_out_inactive(app):
    db.session.add(Ambassador(name="Gone", dbs_checked_on=date(2000, 1, 1), active=False))
    db.session.commit()
    assert db.session.scalars(dbs_expiring_query(select(Ambassador), "expired", date.today())).all() == []


def test_the_people_queues_count_held_forms_and_possible_duplicates(app, client, sign_in):
    from tests.factories import PersonFactory
    from tests.people.test_front_door import apply_flow, identity
    from tests.people.test_merge import queued_pair, two_records

    known = PersonFactory(first_name="Mariam", last_name="Sultani", email="mariam@example.com")
    db.session.commit()
    apply_flow(app.test_client(), identity("email", known.email))  # held: it could be Mariam
    two_records()
    queued_pair()
    sign_in("manager")
    shown = queues_on(client.get("/staff/").text)
    assert shown["Forms waiting for you to say who sent them"] == (1, "/staff/people/intakes")
    assert shown["Possible duplicates to review"] == (1, "/staff/people/duplicates")
