"""The person page says answers in words: equality answers as the person chose them (not their
codes), the preferred language by name."""

from bs4 import BeautifulSoup

from portal.extensions import db
from portal.pipeline.models import EqualityProfile
from tests.factories import PersonFactory


def test_equality_answers_are_words_on_the_person_page(client, sign_in):
    sign_in("manager")
    person = PersonFactory(preferred_language="prs")
    db.session.add(
        EqualityProfile(person_id=person.id, ethnic_category="J", sex="female", disability="prefer_not_to_say")
    )
    db.session.commit()
    page = BeautifulSoup(client.get(f"/staff/people/{person.person_ref}").text, "html.parser").get_text()
    assert "Asian or Asian British - Pakistani" in page and "Female" in page and "Prefer not to say" in page
    assert "Dari" in page
