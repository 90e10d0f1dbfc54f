from datetime import date

import pytest

from tests.conftest import csrf_token_from


def apply_details(**overrides):
    details = {
        "first_name": "Olena",
        "last_name": "Example",
        "email": "olena@example.com",
        "phone": "",
        "date_of_birth[day]": "17",
        "date_of_birth[month]": "5",
        "date_of_birth[year]": "2000",
        "postcode": "so16 6yd",
        "route": "seldom_heard",
        "right_to_work": "yes",
        "preferred_language": "uk",
        "statement": "I was a nurse in Kharkiv.",
        "consent": "yes",
    }
    details.update(overrides)
    return {key: value for key, value in details.items() if value is not None}


@pytest.fixture
def apply_to(client):
    """Post the application form as a browser would (even when the page offers no form, to prove
    the server refuses as well)."""

    def _apply(opportunity, **overrides):
        url = f"/opportunities/{opportunity.id}/apply"
        page = client.get(url)
        source = page.text if 'name="csrf_token"' in page.text else client.get("/staff/sign-in").text
        return client.post(url, data={"csrf_token": csrf_token_from(source), **apply_details(**overrides)})

    return _apply


def born_years_ago(years: int) -> dict:
    today = date.today()
    return {"date_of_birth[day]": "1", "date_of_birth[month]": "1", "date_of_birth[year]": str(today.year - years)}
