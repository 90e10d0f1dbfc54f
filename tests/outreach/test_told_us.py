"""What they told us: the Journey answers fill in the case when an adviser opens one, marked as
such until the adviser checks each with the person (one by one, or all at once)."""

import re
from datetime import date

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.outreach import services as outreach
from portal.outreach.models import CaseAnswer, CaseChange
from tests.conftest import sign_in_as
from tests.factories import UserFactory

JOURNEY = {"english": "learning", "right_to_work": "yes", "availability": "few_hours", "interests": ["not_sure"]}


def _case(journey=JOURNEY, adviser=None, first_name="Olena", email="olena@example.com"):
    adviser = adviser or UserFactory(role="outreach_adviser")
    details = {
        "first_name": first_name, "last_name": "Shevchenko", "email": email, "phone": "",
        "route": "seldom_heard", "needs": ["english"], "message": "", "journey": journey,
    }  # fmt: skip
    referral = outreach.refer_self(details, consent_version="2026-11", today=date(2026, 11, 20))
    return outreach.open_case(referral, adviser, restricted=False, user=adviser), adviser


def _tags(html, text):
    return sum(1 for tag in BeautifulSoup(html, "html.parser").select(".nhsuk-tag") if tag.get_text(strip=True) == text)


def _token(html):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


@pytest.mark.db
def test_opening_a_case_fills_in_what_they_told_us_unchecked(app):
    case, _adviser = _case()
    rows = db.session.scalars(select(CaseAnswer).where(CaseAnswer.case_id == case.id).order_by(CaseAnswer.id)).all()
    assert {(row.question, row.answer) for row in rows} == {
        ("english", "learning"), ("right_to_work", "yes"), ("availability", "few_hours"), ("interests", "|not_sure|"),
    }  # fmt: skip
    assert all(row.checked_at is None and row.told_on == date(2026, 11, 20) for row in rows)


def test_the_case_page_marks_them_and_an_adviser_checks_one_then_the_rest(client):
    case, adviser = _case()
    sign_in_as(client, adviser)
    page = client.get(f"/staff/outreach/cases/{case.id}").text
    assert "Journey to Work answers" in page
    assert _tags(page, "What they told us") == 4 and "I am just starting to learn" in page
    english = db.session.scalar(select(CaseAnswer).where(CaseAnswer.question == "english"))
    response = client.post(
        f"/staff/outreach/cases/{case.id}/told-us/{english.id}/checked", data={"csrf_token": _token(page)}
    )
    assert response.status_code == 302
    db.session.refresh(english)
    assert english.checked_at is not None and english.checked_by_id == adviser.id
    page = client.get(f"/staff/outreach/cases/{case.id}").text
    assert _tags(page, "What they told us") == 3 and _tags(page, "Checked") == 1 and adviser.name in page
    client.post(f"/staff/outreach/cases/{case.id}/told-us/checked", data={"csrf_token": _token(page)})
    assert db.session.scalar(select(CaseAnswer.id).where(CaseAnswer.checked_at.is_(None))) is None
    page = client.get(f"/staff/outreach/cases/{case.id}").text
    assert _tags(page, "What they told us") == 0 and "Mark every answer as checked" not in page
    assert [c.detail for c in db.session.scalars(select(CaseChange).where(CaseChange.action == "checked"))] == [
        "english",
        "right_to_work,availability,interests",
    ]
    details = db.session.scalars(select(AuditEvent.detail).where(AuditEvent.object_type == "case")).all()
    assert "checked what they told us: english" in details


def test_checking_needs_the_right_to_change_the_case_and_a_real_answer(client, sign_in):
    case, _adviser = _case()
    other = db.session.scalar(select(CaseAnswer.id).where(CaseAnswer.case_id == case.id))
    sign_in("manager")  # managers read cases; they do not change them
    page = client.get(f"/staff/outreach/cases/{case.id}").text
    assert "Mark as checked" not in page
    refused = client.post(f"/staff/outreach/cases/{case.id}/told-us/{other}/checked", data={"csrf_token": _token(page)})
    assert refused.status_code == 403
    assert db.session.scalar(select(CaseAnswer.id).where(CaseAnswer.checked_at.is_not(None))) is None


def test_an_answer_of_another_case_is_not_found(client):
    case, adviser = _case()
    second, _ = _case(adviser=adviser, first_name="Taras", email="taras@example.org")
    sign_in_as(client, adviser)
    page = client.get(f"/staff/outreach/cases/{case.id}").text
    foreign = db.session.scalar(select(CaseAnswer.id).where(CaseAnswer.case_id == second.id))
    response = client.post(
        f"/staff/outreach/cases/{case.id}/told-us/{foreign}/checked", data={"csrf_token": _token(page)}
    )
    assert response.status_code == 404


def test_a_case_without_journey_answers_shows_no_section(client):
    case, adviser = _case(journey={})
    sign_in_as(client, adviser)
    assert "Journey to Work answers" not in client.get(f"/staff/outreach/cases/{case.id}").text
