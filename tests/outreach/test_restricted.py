"""Restricted means restricted: for a restricted case, nobody but its adviser, managers and
administrators learns the referral's message or that the case exists, on any page; the refused
reads are audited."""

from datetime import date

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.outreach import services
from tests.outreach.test_cases import post, refer

TODAY = date.today()
SECRET = "Escaping my husband, do not call the house"
NOTES = "met at the refuge"

# Who sees the restricted case's details: its adviser, managers and administrators. The other
# adviser and academy staff see only that the record is restricted.
SEES = {"owner": True, "manager": True, "admin": True, "other_adviser": False, "academy_staff": False}
ROLE = {"owner": "outreach_adviser", "other_adviser": "outreach_adviser"}


@pytest.fixture
def restricted(make_user):
    owner = make_user(role="outreach_adviser", name="Rana Owner")
    referral = refer("Shirin", message=SECRET)
    case = services.open_case(referral, owner, restricted=True, user=owner)
    services.add_intervention(
        case, type="enic_support", occurred_on=TODAY, minutes=45, mode="phone", notes=NOTES, user=owner
    )
    return owner, referral, case


def _as(who, sign_in, owner, client):
    if who == "owner":
        from tests.conftest import sign_in_as

        assert sign_in_as(client, owner).status_code == 302
        return owner
    return sign_in(ROLE.get(who, who))


def refusals(object_type):
    return [
        (e.object_id, e.detail)
        for e in db.session.scalars(select(AuditEvent).filter_by(action="refused", object_type=object_type))
    ]


@pytest.mark.parametrize("who", list(SEES))
def test_the_referral_list_shows_restricted_without_details(who, restricted, client, sign_in):
    owner, referral, case = restricted
    _as(who, sign_in, owner, client)
    response = client.get("/staff/outreach/referrals?status=")
    if who in ("admin", "academy_staff"):
        assert response.status_code == 403  # the referrals area is not theirs at all
        return
    html = response.text[response.text.index("<tbody") :]
    if SEES[who]:
        assert "Shirin" in html and "Restricted" not in html
    else:
        assert "Shirin" not in html and "Case opened" not in html
        assert "Restricted" in html
        assert f"/staff/outreach/referrals/{referral.id}" not in html


@pytest.mark.parametrize("who", list(SEES))
def test_the_referral_page_is_restricted_and_the_refusal_audited(who, restricted, client, sign_in):
    owner, referral, case = restricted
    _as(who, sign_in, owner, client)
    response = client.get(f"/staff/outreach/referrals/{referral.id}")
    if who in ("admin", "academy_staff"):
        assert response.status_code == 403
        return
    if SEES[who]:
        assert response.status_code == 200 and SECRET in response.text
        assert refusals("referral") == []
    else:
        assert response.status_code == 403
        assert "This referral is restricted" in response.text
        assert SECRET not in response.text and "Shirin" not in response.text
        assert refusals("referral") == [(str(referral.id), "restricted")]
        # nor can it be acted on
        closed = post(client, f"/staff/outreach/referrals/{referral.id}/close", {"reason": "not_reached"}, "/staff/")
        assert closed.status_code == 403


@pytest.mark.parametrize("who", list(SEES))
def test_the_persons_page_says_restricted_and_hides_the_case(who, restricted, client, sign_in):
    owner, referral, case = restricted
    _as(who, sign_in, owner, client)
    html = client.get(f"/staff/people/{case.person.person_ref}").text
    assert "Shirin" in html  # the person is found...
    if SEES[who]:
        assert "Restricted record" not in html
        assert "Engaged" in html and "45 minutes" in html  # the referral's event and the intervention
        assert refusals("person") == []
    else:
        # ...their outreach record is not: no referral, intervention, advice or adviser message
        assert "Restricted record" in html
        for leak in ("Engaged", "Advised", "45 minutes", NOTES, SECRET, "Rana Owner", f"/cases/{case.id}",
                     "adviser_assigned", "adviser_request_received"):  # fmt: skip
            assert leak not in html, leak
        assert refusals("person") == [(case.person.person_ref, "restricted")]


@pytest.mark.parametrize("who", list(SEES))
def test_a_person_search_marks_the_record_restricted(who, restricted, client, sign_in):
    owner, referral, case = restricted
    _as(who, sign_in, owner, client)
    found = post(client, "/staff/people/", {"q": "Shirin"}, "/staff/people/")
    html = client.get(found.headers["Location"]).text
    assert "Shirin" in html
    assert ("Restricted" in html) is not SEES[who]


@pytest.mark.parametrize("who", list(SEES))
def test_the_case_page_is_not_found_for_others_and_the_refusal_audited(who, restricted, client, sign_in):
    owner, referral, case = restricted
    _as(who, sign_in, owner, client)
    status = client.get(f"/staff/outreach/cases/{case.id}").status_code
    expected = {"owner": 200, "manager": 200, "admin": 403, "academy_staff": 403, "other_adviser": 404}[who]
    assert status == expected
    assert refusals("case") == ([(str(case.id), "restricted")] if who == "other_adviser" else [])


def test_an_unrestricted_case_is_seen_by_every_adviser(client, sign_in, make_user):
    owner = make_user(role="outreach_adviser")
    referral = refer("Open", message="Happy to be called")
    case = services.open_case(referral, owner, restricted=False, user=owner)
    sign_in("outreach_adviser")
    assert "Open" in client.get("/staff/outreach/referrals?status=").text
    assert "Happy to be called" in client.get(f"/staff/outreach/referrals/{referral.id}").text
    page = client.get(f"/staff/people/{case.person.person_ref}").text
    assert "Restricted record" not in page and "Engaged" in page


def test_a_new_referral_of_a_restricted_person_stays_restricted(restricted, client, sign_in):
    owner, referral, case = restricted
    again = services.refer_from_partner(
        {"first_name": "Shirin", "last_name": case.person.last_name, "email": case.person.email, "route": "seldom_heard"},
        partner=None, referred_on=TODAY, reason="Asked again at the jobcentre", user=owner,
    )  # fmt: skip
    sign_in("outreach_adviser")
    assert "Asked again" not in client.get(f"/staff/outreach/referrals/{again.id}").text
    assert "Shirin" not in client.get("/staff/outreach/referrals").text
