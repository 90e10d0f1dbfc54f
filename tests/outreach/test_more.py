"""Partner referrals, group sessions, qualification recognition, reassigning, and the report."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.outreach import services
from portal.outreach.models import Case, GroupSession, Intervention, QualificationRecognition, Referral
from portal.pipeline import services as pipeline
from portal.reports.outreach import outreach_report
from portal.reports.suppression import suppress
from tests.factories import OrganisationFactory
from tests.outreach.test_cases import open_case_for, post, refer, stages

TODAY = date.today()


@pytest.mark.parametrize(
    ("count", "shown"), [(0, 0), (1, "*"), (7, "*"), (8, 10), (12, 10), (13, 15), (57, 55), (16, 15)]
)
def test_suppression_rule(count, shown):
    assert suppress(count) == shown


def test_partner_referral_lands_in_the_queue(client, sign_in):
    sign_in("outreach_adviser")
    jobcentre = OrganisationFactory(name="Jobcentre Plus Northvale", kind="referral_partner")
    data = {"partner_id": str(jobcentre.id), "referred_on[day]": str(TODAY.day), "referred_on[month]": str(TODAY.month),
            "referred_on[year]": str(TODAY.year), "first_name": "Olena", "last_name": "Shevchenko", "route": "seldom_heard",
            "reason": "Nurse in Ukraine, wants to work in the NHS", "consent": "yes"}  # fmt: skip
    response = post(client, "/staff/outreach/referrals/new", data, "/staff/outreach/referrals/new")
    assert response.status_code == 302
    referral = db.session.scalars(select(Referral)).one()
    assert (referral.source, referral.partner_id) == ("partner", jobcentre.id)
    assert stages(referral.person_id) == ["engaged"]
    assert referral.person.source == "referral"
    assert "Olena Shevchenko" in client.get("/staff/outreach/referrals").text


def test_partner_referral_explains_bad_input(client, sign_in):
    sign_in("outreach_adviser")
    page = post(client, "/staff/outreach/referrals/new", {"first_name": "Olena"}, "/staff/outreach/referrals/new")
    for message in ("Choose the partner organisation", "Enter the referral date", "Enter their last name",
                    "Choose their route", "Enter the reason for the referral", "Confirm that the person agreed"):  # fmt: skip
        assert message in page.text, message
    assert 'value="Olena"' in page.text
    assert db.session.scalars(select(Referral)).all() == []


def test_a_group_session_gives_each_attendee_one_intervention(client, sign_in):
    adviser = sign_in("outreach_adviser")
    first, second, absent = (
        services.open_case(refer(name), adviser, restricted=False, user=adviser) for name in ("Ana", "Ben", "Cai")
    )
    data = {"title": "Working in the NHS", "type": "group_information_session", "held_on[day]": str(TODAY.day),
            "held_on[month]": str(TODAY.month), "held_on[year]": str(TODAY.year), "minutes": "90", "mode": "in_person",
            "attendees": [str(first.id), str(second.id)]}  # fmt: skip
    response = post(client, "/staff/outreach/group-sessions/new", data, "/staff/outreach/group-sessions/new")
    assert response.status_code == 302
    session_row = db.session.scalars(select(GroupSession)).one()
    interventions = db.session.scalars(select(Intervention).order_by(Intervention.case_id)).all()
    assert [(i.case_id, i.group_session_id, i.minutes) for i in interventions] == [
        (first.id, session_row.id, 90),
        (second.id, session_row.id, 90),
    ]
    assert stages(first.person_id) == ["engaged", "advised"] and stages(absent.person_id) == ["engaged"]


def test_a_group_session_cannot_include_cases_the_adviser_may_not_open(client, sign_in, make_user):
    adviser = sign_in("outreach_adviser")
    hidden = open_case_for(make_user(role="outreach_adviser"), restricted=True)
    mine = open_case_for(adviser)
    data = {"title": "Session", "type": "careers_advice", "held_on[day]": str(TODAY.day), "held_on[month]": str(TODAY.month),
            "held_on[year]": str(TODAY.year), "minutes": "30", "mode": "video", "attendees": [str(hidden.id), str(mine.id)]}  # fmt: skip
    page = client.get("/staff/outreach/group-sessions/new").text
    assert hidden.person.full_name not in page or f'value="{hidden.id}"' not in page
    post(client, "/staff/outreach/group-sessions/new", data, "/staff/outreach/group-sessions/new")
    assert [i.case_id for i in db.session.scalars(select(Intervention))] == [mine.id]


def test_group_session_needs_someone_who_came(client, sign_in):
    sign_in("outreach_adviser")
    page = post(client, "/staff/outreach/group-sessions/new", {"title": "x"}, "/staff/outreach/group-sessions/new")
    assert "Choose at least one person who came" in page.text and "Enter the minutes" in page.text


def test_qualification_recognition_record(client, sign_in):
    adviser = sign_in("outreach_adviser")
    case = open_case_for(adviser)
    url = f"/staff/outreach/cases/{case.id}"
    bad = post(client, f"{url}/qualifications", {"qualification": "Bachelor of Nursing", "country": "Ukraine",
               "enic_received_on[day]": "1", "enic_received_on[month]": "1", "enic_received_on[year]": str(TODAY.year)}, url)  # fmt: skip
    assert "Enter when the statement was requested" in bad.text
    post(client, f"{url}/qualifications", {"qualification": "Bachelor of Nursing", "country": "Ukraine",
         "enic_requested_on[day]": "1", "enic_requested_on[month]": "1", "enic_requested_on[year]": str(TODAY.year)}, url)  # fmt: skip
    record = db.session.scalars(select(QualificationRecognition)).one()
    assert (record.country, record.enic_requested_on, record.enic_received_on) == (
        "Ukraine",
        date(TODAY.year, 1, 1),
        None,
    )
    assert "UK ENIC statement requested" in client.get(url).text


def test_reassigning_a_caseload_moves_open_cases_and_keeps_history(client, sign_in, make_user):
    leaving, staying = make_user(role="outreach_adviser"), make_user(role="outreach_adviser")
    open_one, closed_one = open_case_for(leaving), open_case_for(leaving)
    services.close_case(closed_one, "moved_away", leaving)
    sign_in("manager")
    post(
        client,
        "/staff/outreach/reassign",
        {"from_adviser": str(leaving.id), "to_adviser": str(staying.id)},
        "/staff/outreach/reassign",
    )
    db.session.expire_all()
    assert db.session.get(Case, open_one.id).adviser_id == staying.id
    assert db.session.get(Case, closed_one.id).adviser_id == leaving.id
    assert [c.action for c in db.session.get(Case, open_one.id).history] == ["opened", "reassigned"]
    same = post(
        client,
        "/staff/outreach/reassign",
        {"from_adviser": str(staying.id), "to_adviser": str(staying.id)},
        "/staff/outreach/reassign",
    )
    assert "Choose a different adviser" in same.text


# Ten different people (names that a matcher would not take for one another).
REPORT_NAMES = ("Ahmad", "Bushra", "Caspian", "Dunya", "Elham", "Farhad", "Ghazal", "Hassan", "Iman", "Jamshid")


def test_the_report_against_hand_computed_figures(app, make_user):
    adviser = make_user(role="outreach_adviser")
    start, end = TODAY - timedelta(days=100), TODAY
    # 10 people engaged; 9 of them case-managed; 8 into work (one of them before the period)
    cases = []
    for n in range(10):
        referral = services.refer_self({"first_name": REPORT_NAMES[n], "last_name": "Report", "email": f"r{n}@example.com", "route": "seldom_heard"},
                                       consent_version="2026-11", today=TODAY - timedelta(days=60))  # fmt: skip
        if n < 9:
            cases.append(
                services.open_case(referral, adviser, restricted=False, user=adviser, today=TODAY - timedelta(days=59))
            )
    for n, case in enumerate(cases[:8]):
        pipeline.record_event(
            case.person, "employed", TODAY - timedelta(days=60 - 10 - n)
        )  # 10..17 days after referral
    # Two careers-advice sessions in the period (30 + 45 minutes) and one long before it.
    for case, type, days_ago, minutes in (
        (cases[0], "careers_advice", 50, 30),
        (cases[1], "careers_advice", 50, 45),
        (cases[2], "enic_support", 400, 60),
    ):
        services.add_intervention(
            case, type=type, occurred_on=TODAY - timedelta(days=days_ago), minutes=minutes, mode="phone",
            notes="", user=adviser,
        )  # fmt: skip
    services.close_case(cases[8], "no_longer_engaging", adviser)
    report = outreach_report(start, end)
    assert (report["engaged"], report["case_managed"], report["employed"]) == (10, 9, 8)
    assert report["interventions"] == [{"type": "careers_advice", "count": 2, "minutes": 75}]
    assert report["closures"] == [{"reason": "no_longer_engaging", "count": 1}]
    assert report["median_days_to_job"] == 13.5  # median of 10..17
    assert (suppress(report["engaged"]), suppress(report["case_managed"]), suppress(report["employed"])) == (10, 10, 10)
    outside = outreach_report(TODAY - timedelta(days=1000), TODAY - timedelta(days=300))
    assert (outside["engaged"], outside["case_managed"], outside["employed"]) == (0, 0, 0)


def test_report_page_and_csv_suppress_small_numbers(client, sign_in, make_user):
    adviser = make_user(role="outreach_adviser")
    for n in range(3):
        services.open_case(
            refer(("Sana", "Idris", "Huda", "Karim", "Rahel", "Tamana")[n]), adviser, restricted=False, user=adviser
        )
    sign_in("manager")
    html = client.get("/staff/reports/outreach").text
    assert "Individuals engaged" in html and "*" in html and "counts of 1 to 7 people are shown as *" in html
    text = client.get("/staff/reports/outreach.csv").get_data(as_text=True)
    assert "people,engaged,Individuals engaged,*" in text and "people,case_managed,Case-managed,*" in text


def test_report_page_shows_a_count_of_none_as_0_not_a_blank(client, sign_in):
    sign_in("manager")
    html = client.get(
        "/staff/reports/outreach?start[day]=1&start[month]=1&start[year]=2001&end[day]=31&end[month]=12&end[year]=2001"
    ).text
    assert re.search(r"Individuals engaged\s*</t[hd]>\s*<td[^>]*>\s*0\s*</td>", html), html
