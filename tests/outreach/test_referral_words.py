"""The referral list speaks the reader's words: the language a person prefers named in the
reader's language (and in its own), and how many working days they have waited against the
promise to contact them within 5."""

from datetime import date, timedelta

from bs4 import BeautifulSoup

from portal.common.working_days import working_days_between
from portal.extensions import db
from portal.outreach.models import Referral
from tests.outreach.test_cases import refer


def test_working_days_skip_weekends():
    friday = date(2026, 11, 27)
    assert working_days_between(friday, friday) == 0
    assert working_days_between(friday, friday + timedelta(days=3)) == 1  # to Monday
    assert working_days_between(friday, friday + timedelta(days=7)) == 5
    assert working_days_between(friday, friday + timedelta(days=10)) == 6


def _row(client, name, lang=None):
    if lang:
        client.get(f"/?lang={lang}")
    soup = BeautifulSoup(client.get("/staff/outreach/referrals").text, "html.parser")
    return next(row for row in soup.select("tbody tr") if name in row.get_text())


def test_the_language_is_named_in_the_readers_language_and_its_own(client, sign_in):
    sign_in("outreach_adviser")
    refer("Olena", preferred_language="uk")
    cell = _row(client, "Olena").select("td")[2]
    assert "Ukrainian" in cell.get_text()
    assert cell.select_one('[lang="uk"]').get_text() == "(Українська)"
    assert "الأوكرانية" in _row(client, "Olena", lang="ar").select("td")[2].get_text()


def test_days_waiting_are_shown_against_the_five_day_promise(client, sign_in):
    sign_in("outreach_adviser")
    late = refer("Farid")
    refer("Zahra")
    db.session.get(Referral, late.id).referred_on = date.today() - timedelta(days=14)
    db.session.commit()
    late_row, fresh_row = _row(client, "Farid"), _row(client, "Zahra")
    assert "10 working days" in late_row.get_text() and "Past the 5-day promise" in late_row.get_text()
    assert "0 working days" in fresh_row.get_text() and "promise" not in fresh_row.get_text()
