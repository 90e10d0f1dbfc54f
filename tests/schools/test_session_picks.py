"""The phone-first session log: careers and ambassadors as checkboxes (no keyboard modifier), the
hours each ambassador gave, and ambassadors whose DBS check is not current refused unless confirmed."""

from datetime import date, timedelta

from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.extensions import db
from portal.schools.models import SchoolSession
from tests.conftest import check_page, submit_form
from tests.schools.conftest import AmbassadorFactory, SchoolFactory, date_fields

TODAY = date.today()
NEW = "/staff/schools/sessions/new"


def session_data(school, **overrides):
    data = {
        "school_id": str(school.id), **date_fields("held_on", TODAY), "activity": "careers_talk",
        "format": "in_person", "year_groups": ["9"], "pupils_reached": "30",
    }  # fmt: skip
    data.update(overrides)
    return data


def logged():
    return db.session.scalars(select(SchoolSession)).all()


def test_form_offers_checkboxes_a_search_enhancement_and_an_hours_box_per_ambassador(client, sign_in):
    sign_in("academy_staff")
    first, second = AmbassadorFactory(name="Ada Nurse"), AmbassadorFactory(name="Ben Medic")
    html = client.get(NEW).text
    soup = check_page(html)
    assert soup.select("select[multiple]") == []
    assert "Hold Ctrl" not in html
    assert len(soup.select('[data-module="app-pick-list"]')) == 2
    assert soup.select_one('script[src$="js/pick-list.js"]') is not None
    for ambassador in (first, second):
        box = soup.select_one(f'input[name="ambassadors"][value="{ambassador.id}"]')
        assert box is not None
        label = soup.select_one(f'label[for="hours-{ambassador.id}"]')
        assert label.get_text(strip=True) == f"Hours {ambassador.name} gave"


def test_each_ambassador_gets_their_own_hours(client, sign_in):
    sign_in("academy_staff")
    first, second = AmbassadorFactory(name="Ada Nurse"), AmbassadorFactory(name="Ben Medic")
    data = session_data(
        SchoolFactory(), ambassadors=[str(first.id), str(second.id)],
        **{f"hours-{first.id}": "1.5", f"hours-{second.id}": "3"},
    )  # fmt: skip
    assert submit_form(client, NEW, data).status_code == 302
    row = logged()[0]
    assert sorted((a.ambassador_id, str(a.hours)) for a in row.ambassadors) == [(first.id, "1.5"), (second.id, "3.0")]
    # Changing the session shows each one's hours again.
    form = BeautifulSoup(client.get(f"/staff/schools/sessions/{row.id}/edit").text, "html.parser")
    assert form.select_one(f"#hours-{first.id}")["value"] == "1.5"
    assert form.select_one(f"#hours-{second.id}")["value"] == "3.0"


def test_missing_hours_are_named_next_to_that_ambassador_and_what_was_typed_is_kept(client, sign_in):
    sign_in("academy_staff")
    first, second = AmbassadorFactory(name="Ada Nurse"), AmbassadorFactory(name="Ben Medic")
    data = session_data(
        SchoolFactory(), ambassadors=[str(first.id), str(second.id)],
        **{f"hours-{first.id}": "2", f"hours-{second.id}": "lots"},
    )  # fmt: skip
    response = submit_form(client, NEW, data)
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    summary = soup.select_one(".nhsuk-error-summary")
    assert summary.select_one(f'a[href="#hours-{second.id}"]').get_text(strip=True) == (
        "Hours for Ben Medic must be a number, like 1.5"
    )
    assert soup.select_one(f"#hours-{first.id}")["value"] == "2"
    assert soup.select_one(f"#hours-{second.id}")["value"] == "lots"
    assert logged() == []


def test_an_ambassador_whose_dbs_check_has_expired_is_shown_and_refused_unless_confirmed(client, sign_in):
    sign_in("academy_staff")
    lapsed = AmbassadorFactory(name="Old Check", dbs_checked_on=TODAY.replace(year=TODAY.year - 4))
    soon = AmbassadorFactory(name="Soon Due", dbs_checked_on=TODAY.replace(year=TODAY.year - 3) + timedelta(days=10))
    html = client.get(NEW).text
    assert "DBS check expired" in html and "DBS check expires within 60 days" in html
    data = session_data(SchoolFactory(), ambassadors=[str(lapsed.id), str(soon.id)],
                        **{f"hours-{lapsed.id}": "1", f"hours-{soon.id}": "1"})  # fmt: skip
    response = submit_form(client, NEW, data)
    assert response.status_code == 200
    assert "has no current DBS check on the date of the session" in response.text
    assert logged() == []
    assert submit_form(client, NEW, {**data, "confirm_dbs": ["yes"]}).status_code == 302
    assert len(logged()[0].ambassadors) == 2


def test_a_current_dbs_check_needs_no_confirmation(client, sign_in):
    sign_in("academy_staff")
    fine = AmbassadorFactory(dbs_checked_on=TODAY - timedelta(days=10))
    html = client.get(NEW).text
    assert 'name="confirm_dbs"' not in html
    data = session_data(SchoolFactory(), ambassadors=[str(fine.id)], **{f"hours-{fine.id}": "2"})
    assert submit_form(client, NEW, data).status_code == 302


def test_ambassadors_register_flags_a_dbs_check_expiring_within_60_days(client, sign_in):
    sign_in("academy_staff")
    AmbassadorFactory(name="Soon Due", dbs_checked_on=TODAY.replace(year=TODAY.year - 3) + timedelta(days=30))
    AmbassadorFactory(name="Fresh", dbs_checked_on=TODAY)
    soup = BeautifulSoup(client.get("/staff/schools/ambassadors").text, "html.parser")
    rows = {row.select_one("a").get_text(strip=True): row.get_text(" ", strip=True) for row in soup.select("tbody tr")}
    assert "Expires within 60 days" in rows["Soon Due"]
    assert "Expires within 60 days" not in rows["Fresh"]
    filtered = client.get("/staff/schools/ambassadors?dbs=expiring").text
    assert "Soon Due" in filtered and "Fresh" not in filtered
