"""Outreach: triage, cases, interventions, action plans, restricted cases and the caseload."""

import itertools
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.outreach import services
from portal.outreach.models import Case, CaseChange, Intervention
from portal.pipeline.models import PipelineEvent
from tests.conftest import csrf_token_from

TODAY = date.today()


_NUMBERS = itertools.count(100)
_FIRST_NAMES = ("Farid", "Zahra", "Omar", "Layla", "Yusuf", "Maryam", "Bilal", "Nadia", "Tariq", "Soraya", "Hamid",
                "Parwana", "Jawad", "Shabnam", "Rustam", "Gulalai")  # fmt: skip


def refer(first_name=None, **extra):
    # Someone new each time, with contact details of their own: a shared email, phone or name
    # would (rightly) hold the request for staff to say who it is.
    n = next(_NUMBERS)
    first_name = first_name or _FIRST_NAMES[(n - 100) % len(_FIRST_NAMES)]
    details = {"first_name": first_name, "last_name": f"Karimi{'' if n < 116 else n}", "phone": f"07700 900{n}",
               "route": "seldom_heard", "needs": ["english"], "email": f"{first_name.lower()}{n}@example.com",
               **extra}  # fmt: skip
    return services.refer_self(details, consent_version="2026-11")


def post(client, url, data, page):
    return client.post(url, data={"csrf_token": csrf_token_from(client.get(page).text), **data})


def open_case_for(adviser, restricted=False, user=None):
    return services.open_case(refer(), adviser, restricted=restricted, user=user or adviser)


def stages(person_id):
    return [
        e.stage
        for e in db.session.scalars(select(PipelineEvent).filter_by(person_id=person_id).order_by(PipelineEvent.id))
    ]


def test_triage_open_a_case_and_assign_an_adviser(client, sign_in, make_user):
    adviser = sign_in("outreach_adviser", name="Ola Outreach")
    referral = refer()
    page = client.get(f"/staff/outreach/referrals/{referral.id}")
    assert "Open a case" in page.text and "Ola Outreach" in page.text
    response = post(
        client,
        f"/staff/outreach/referrals/{referral.id}/open-case",
        {"adviser_id": str(adviser.id)},
        f"/staff/outreach/referrals/{referral.id}",
    )
    assert response.status_code == 302
    case = db.session.scalars(select(Case)).one()
    assert (case.adviser_id, case.status, case.restricted) == (adviser.id, "open", False)
    db.session.expire_all()
    assert referral.status == "case_opened"
    assert "Farid Karimi" not in client.get("/staff/outreach/referrals").text  # no longer waiting
    assert [c.action for c in db.session.scalars(select(CaseChange))] == ["opened"]


def test_open_case_needs_an_adviser(client, sign_in):
    sign_in("manager")
    referral = refer()
    page = post(
        client,
        f"/staff/outreach/referrals/{referral.id}/open-case",
        {"adviser_id": ""},
        f"/staff/outreach/referrals/{referral.id}",
    )
    assert page.status_code == 200 and "Choose the adviser" in page.text
    assert db.session.scalars(select(Case)).all() == []


def test_close_a_referral_without_a_case(client, sign_in):
    sign_in("outreach_adviser")
    referral = refer()
    page = post(
        client, f"/staff/outreach/referrals/{referral.id}/close", {}, f"/staff/outreach/referrals/{referral.id}"
    )
    assert "Choose why the referral is closing" in page.text
    post(
        client,
        f"/staff/outreach/referrals/{referral.id}/close",
        {"reason": "could_not_contact"},
        f"/staff/outreach/referrals/{referral.id}",
    )
    db.session.expire_all()
    assert (referral.status, referral.closed_reason) == ("closed", "could_not_contact")


def test_interventions_write_the_pipeline(client, sign_in):
    adviser = sign_in("outreach_adviser")
    case = open_case_for(adviser)
    url = f"/staff/outreach/cases/{case.id}"
    for kind in ("careers_advice", "volunteering_brokerage"):
        response = post(client, f"{url}/interventions", {"type": kind, "occurred_on[day]": str(TODAY.day),
            "occurred_on[month]": str(TODAY.month), "occurred_on[year]": str(TODAY.year), "minutes": "45", "mode": "phone"}, url)  # fmt: skip
        assert response.status_code == 302
    assert stages(case.person_id) == ["engaged", "advised", "advised"]
    html = client.get(url).text
    assert "Careers advice and guidance" in html and "45 minutes" in html


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        ({}, ["Choose the type of intervention", "Enter the date", "Enter the minutes", "Choose how it happened"]),
        ({"type": "signposting", "minutes": "0", "mode": "phone", "occurred_on[day]": "1", "occurred_on[month]": "1", "occurred_on[year]": str(TODAY.year + 1)},
         ["Enter minutes between 1 and 600", "Date must be today or in the past"]),
    ],
)  # fmt: skip
def test_intervention_form_explains_bad_input(client, sign_in, data, messages):
    adviser = sign_in("outreach_adviser")
    case = open_case_for(adviser)
    page = post(client, f"/staff/outreach/cases/{case.id}/interventions", data, f"/staff/outreach/cases/{case.id}")
    assert page.status_code == 200
    for message in messages:
        assert message in page.text, message
    assert db.session.scalars(select(Intervention)).all() == []


def test_action_plan_with_overdue_items_standing_out(client, sign_in):
    adviser = sign_in("outreach_adviser")
    case = open_case_for(adviser)
    services.add_action(case, what="Bring passport", who="Farid", due_on=TODAY - timedelta(days=2), user=adviser)
    services.add_action(case, what="Book ESOL", who="Adviser", due_on=TODAY + timedelta(days=5), user=adviser)
    html = client.get(f"/staff/outreach/cases/{case.id}").text
    assert html.count("app-action--overdue") == 1 and "Overdue" in html
    page = post(client, f"/staff/outreach/cases/{case.id}/actions", {"what": ""}, f"/staff/outreach/cases/{case.id}")
    assert "Enter what needs doing" in page.text and "Enter the due date" in page.text
    action = case.actions[0]
    post(client, f"/staff/outreach/cases/{case.id}/actions/{action.id}/done", {}, f"/staff/outreach/cases/{case.id}")
    db.session.expire_all()
    assert db.session.get(type(action), action.id).done_on == TODAY


def test_barriers_goals_and_right_to_work(client, sign_in):
    adviser = sign_in("outreach_adviser")
    case = open_case_for(adviser)
    url = f"/staff/outreach/cases/{case.id}"
    post(client, f"{url}/details", {"barriers": ["english", "childcare"], "goals": "Work as a nurse", "right_to_work_status": "unrestricted",
         "right_to_work_checked_on[day]": "3", "right_to_work_checked_on[month]": "11", "right_to_work_checked_on[year]": str(TODAY.year)}, url)  # fmt: skip
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert case.barrier_list == ["english", "childcare"] and case.goals == "Work as a nurse"
    assert case.right_to_work_status == "unrestricted" and case.right_to_work_checked_on == date(TODAY.year, 11, 3)


def test_close_and_reopen_keep_the_history(client, sign_in):
    adviser = sign_in("outreach_adviser")
    case = open_case_for(adviser)
    url = f"/staff/outreach/cases/{case.id}"
    assert "Choose why the case is closing" in post(client, f"{url}/close", {}, url).text
    post(client, f"{url}/close", {"reason": "employment"}, url)
    db.session.expire_all()
    assert db.session.get(Case, case.id).closure_reason == "employment"
    post(client, f"{url}/reopen", {}, url)
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "open"
    assert [c.action for c in db.session.get(Case, case.id).history] == ["opened", "closed", "reopened"]


def test_restricted_cases_open_only_for_their_adviser_and_managers(client, sign_in, make_user):
    owner = make_user(role="outreach_adviser")
    case = open_case_for(owner, restricted=True)
    services.add_intervention(
        case, type="careers_advice", occurred_on=TODAY, minutes=30, mode="phone", notes="private", user=owner
    )
    sign_in("outreach_adviser")
    # guessing the id in the URL: not found, for every case URL
    for path in ("", "/details", "/interventions", "/actions", "/close", "/reopen"):
        response = (
            client.get(f"/staff/outreach/cases/{case.id}")
            if not path
            else post(client, f"/staff/outreach/cases/{case.id}{path}", {}, "/staff/")
        )
        assert response.status_code == 404, path
    # the person's timeline does not show the restricted case's interventions
    person_page = client.get(f"/staff/people/{case.person.person_ref}").text
    assert "Careers advice and guidance" not in person_page and f"/staff/outreach/cases/{case.id}" not in person_page


def test_managers_and_the_adviser_can_open_a_restricted_case(client, sign_in, make_user):
    owner = make_user(role="outreach_adviser")
    case = open_case_for(owner, restricted=True)
    sign_in("manager")
    assert client.get(f"/staff/outreach/cases/{case.id}").status_code == 200


def test_other_roles_cannot_reach_cases(client, sign_in, make_user):
    case = open_case_for(make_user(role="outreach_adviser"))
    sign_in("academy_staff")
    assert client.get(f"/staff/outreach/cases/{case.id}").status_code == 403
    assert client.get("/staff/outreach/caseload").status_code == 403


def test_caseload_shows_overdue_actions_and_people_not_contacted(client, sign_in, make_user):
    adviser = sign_in("outreach_adviser")
    quiet = services.open_case(
        refer("Quiet"), adviser, restricted=False, user=adviser, today=TODAY - timedelta(days=40)
    )
    busy = services.open_case(refer("Busy"), adviser, restricted=False, user=adviser)
    services.add_action(busy, what="Call back", who="me", due_on=TODAY - timedelta(days=1), user=adviser)
    services.open_case(refer("Someone"), make_user(role="outreach_adviser"), restricted=False, user=adviser)
    html = client.get("/staff/outreach/caseload").text
    assert "2 open cases" in html and "Someone" not in html
    assert "1 action overdue" in html and "No contact for 30 days" in html
    assert f"/staff/outreach/cases/{quiet.id}" in html


def test_case_details_explain_bad_input(client, sign_in):
    adviser = sign_in("outreach_adviser")
    case = open_case_for(adviser)
    url = f"/staff/outreach/cases/{case.id}"
    future = TODAY + timedelta(days=5)
    page = post(client, f"{url}/details", {"goals": "x" * 2001, "right_to_work_checked_on[day]": str(future.day),
                "right_to_work_checked_on[month]": str(future.month), "right_to_work_checked_on[year]": str(future.year)}, url)  # fmt: skip
    assert "Date documents were checked must be today or in the past" in page.text
    assert db.session.get(Case, case.id).right_to_work_checked_on is None


def test_the_case_timeline_is_in_date_order(client, sign_in):
    adviser = sign_in("outreach_adviser")
    case = open_case_for(adviser)
    services.add_intervention(
        case,
        type="signposting",
        occurred_on=TODAY - timedelta(days=2),
        minutes=10,
        mode="phone",
        notes="",
        user=adviser,
    )
    services.add_intervention(
        case,
        type="careers_advice",
        occurred_on=TODAY - timedelta(days=9),
        minutes=20,
        mode="phone",
        notes="",
        user=adviser,
    )
    html = client.get(f"/staff/outreach/cases/{case.id}").text
    timeline = html[html.index("app-timeline") :]
    assert timeline.index("Careers advice and guidance") < timeline.index("Signposting") < timeline.index("Engaged")


def test_managers_read_cases_but_do_not_change_them(client, sign_in, make_user):
    case = open_case_for(make_user(role="outreach_adviser"))
    sign_in("manager")
    html = client.get(f"/staff/outreach/cases/{case.id}").text
    assert "Record an intervention" not in html and "Close the case" not in html
    response = post(client, f"/staff/outreach/cases/{case.id}/interventions", {"type": "signposting"}, "/staff/")
    assert response.status_code == 403


def test_a_restricted_case_cannot_be_reached_through_search_or_exports(client, sign_in, make_user):
    owner = make_user(role="outreach_adviser")
    case = open_case_for(owner, restricted=True)
    services.add_intervention(
        case, type="enic_support", occurred_on=TODAY, minutes=30, mode="phone", notes="confidential note", user=owner
    )
    sign_in("outreach_adviser")
    found = post(client, "/staff/people/", {"q": "Karimi"}, "/staff/people/")
    listing = client.get(found.headers["Location"]).text
    assert case.person.full_name in listing  # the person can be found...
    person_page = client.get(f"/staff/people/{case.person.person_ref}").text
    assert (
        f"/staff/outreach/cases/{case.id}" not in person_page and "confidential note" not in person_page
    )  # ...the case cannot
    assert f"/staff/outreach/cases/{case.id}" not in client.get("/staff/outreach/caseload").text
    assert "confidential note" not in client.get("/staff/reports/outreach.csv").get_data(as_text=True)
    assert client.get(f"/staff/outreach/cases/{case.id}").status_code == 404


def test_caseload_pages_and_its_queries_do_not_grow_with_cases(app, client, sign_in):
    from sqlalchemy import event

    from portal.extensions import db

    adviser = sign_in("outreach_adviser")

    def statements():
        count = []
        listener = lambda *_args: count.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            html = client.get("/staff/outreach/caseload").text
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(count), html

    for n in range(3):
        case = services.open_case(refer(f"Few{n}"), adviser, restricted=False, user=adviser)
        services.add_action(case, what="Call", who="me", due_on=TODAY - timedelta(days=1), user=adviser)
    few, _html = statements()
    for n in range(30):
        services.open_case(refer(f"Many{n}"), adviser, restricted=False, user=adviser)
    many, html = statements()
    assert many == few
    assert "33 open cases" in html and "Page 2 of 2" in html
    assert html.count("/staff/outreach/cases/") == app.config["PER_PAGE"]
