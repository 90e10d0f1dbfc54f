"""Every message, in every language, and the hooks that write them."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.config import LANGUAGES, RTL_LANGUAGES
from portal.extensions import db
from portal.notifications import jobs, messages, staff
from portal.notifications.models import Message
from portal.pipeline.models import EqualityProfile
from tests.factories import PersonFactory, UserFactory
from tests.notifications.helpers import make_application

LINK = "http://localhost/my-applications/token"
PUBLIC = {
    "application_received": lambda lang: messages.application_received("a@example.com", lang, "Ali", "APP-1", LINK),
    "already_applied": lambda lang: messages.already_applied("a@example.com", lang, "Ali", "APP-1", LINK),
    "application_shortlisted": lambda lang: messages.application_status_changed(
        "a@example.com", lang, "Ali", "APP-1", "shortlisted", LINK
    ),
    "application_offered": lambda lang: messages.application_status_changed(
        "a@example.com", lang, "Ali", "APP-1", "offered", LINK
    ),
    "application_unsuccessful": lambda lang: messages.application_status_changed(
        "a@example.com", lang, "Ali", "APP-1", "unsuccessful", LINK
    ),
    "application_withdrawn": lambda lang: messages.application_status_changed(
        "a@example.com", lang, "Ali", "APP-1", "withdrawn", LINK
    ),
    "placement_confirmed": lambda lang: messages.placement_confirmed(
        "a@example.com", lang, "Ali", "APP-1", date(2027, 3, 1), date(2027, 3, 5), LINK
    ),
    "adviser_request_received": lambda lang: messages.adviser_request_received(
        "a@example.com", lang, "Ali", "P-1", LINK
    ),
    "adviser_assigned": lambda lang: messages.adviser_assigned("a@example.com", lang, "Ali", "Sam Adviser", LINK),
    "pupil_welcome": lambda lang: messages.pupil_welcome("a@example.com", lang, "Ali", LINK, consent=True),
    "return_link": lambda lang: messages.return_link("a@example.com", lang, "Ali", LINK, days=7),
}


@pytest.mark.parametrize("kind", sorted(PUBLIC))
def test_every_public_message_is_written_in_each_language_with_a_text_part(app, kind):
    english = PUBLIC[kind]("en")
    for language in LANGUAGES:
        message = PUBLIC[kind](language)
        assert message.kind == kind and message.language == language
        assert LINK in message.body_text and LINK in message.body_html
        assert app.config["ACADEMY_CONTACT_EMAIL"] in message.body_text
        direction = "rtl" if language in RTL_LANGUAGES else "ltr"
        assert f'<html lang="{language}" dir="{direction}">' in message.body_html
        if language != "en":
            assert message.subject != english.subject, (kind, language)
            assert message.body_text.splitlines()[0] != english.body_text.splitlines()[0] or kind == "return_link"


def test_the_pupil_welcome_is_not_written_without_consent(app):
    assert messages.pupil_welcome("a@example.com", "en", "Ali", LINK, consent=False) is None
    assert db.session.scalar(select(Message.id)) is None


def test_staff_messages_each_kind(app):
    admin = UserFactory(role="admin")
    adviser = UserFactory(role="outreach_adviser")
    for kind in staff.ACCOUNT_KINDS:
        staff.send_account_email(adviser, kind, "http://localhost/staff/account/token")
    staff.digest(adviser, [("Overdue actions on your cases", 2, "http://localhost/staff/outreach/caseload")])
    person = PersonFactory()
    staff.data_request(person)
    db.session.commit()
    kinds = {(m.kind, m.to_user_id) for m in db.session.scalars(select(Message))}
    assert kinds == {
        ("account_invitation", adviser.id),
        ("account_password_reset", adviser.id),
        ("account_two_factor_reset", adviser.id),
        ("daily_digest", adviser.id),
        ("data_request", admin.id),
    }
    with pytest.raises(ValueError):
        staff.send_account_email(adviser, "something_else", "")


@pytest.mark.db
def test_a_status_change_tells_the_applicant_in_their_language_and_never_an_equality_answer(app):
    from portal.opportunities import services

    application = make_application(preferred_language="uk", status="submitted")
    db.session.add(EqualityProfile(person_id=application.person_id, sex="SEX-ANSWER", disability="DISABILITY-ANSWER",
                                   refugee_background="REFUGEE-ANSWER"))  # fmt: skip
    db.session.commit()
    user = UserFactory(role="academy_staff")
    for status in ("reviewing", "shortlisted", "offered", "accepted"):
        services.change_status(application, status, user)
    services.start_placement(
        application, starts_on=date.today() + timedelta(days=3), ends_on=None, expected_hours=30, organisation=None,
        user=user,
    )  # fmt: skip
    sent = db.session.scalars(select(Message).order_by(Message.id)).all()
    assert [m.kind for m in sent] == ["application_shortlisted", "application_offered", "placement_confirmed"]
    assert {m.language for m in sent} == {"uk"}
    assert all(application.reference in m.body_text for m in sent)
    for message in sent:
        for words in (message.subject, message.body_text, message.body_html):
            assert "ANSWER" not in words
            assert str(application.person.date_of_birth.year) not in words


def test_no_message_for_an_application_whose_person_has_no_email(app):
    from portal.opportunities import services

    application = make_application(email=None)
    services.change_status(application, "unsuccessful", UserFactory())
    assert db.session.scalar(select(Message.id)) is None


def test_a_referral_tells_the_triage_team_only(app):
    from portal.outreach import services

    managers = [UserFactory(role="manager"), UserFactory(role="outreach_adviser")]
    UserFactory(role="academy_staff")
    UserFactory(role="outreach_adviser", active=False)
    referral = services.refer_self(
        {"first_name": "Nadia", "last_name": "K", "email": "nadia@example.com", "route": "seldom_heard"},
        consent_version="2026-11",
    )
    everything = db.session.scalars(select(Message)).all()
    sent = [m for m in everything if m.to_user_id is not None]
    assert {m.to_user_id for m in sent} == {u.id for u in managers}
    assert all(m.kind == "referral_arrived" and "Nadia" not in m.body_text for m in sent)
    # ...and the person who asked hears that it arrived, at the address they typed.
    assert [(m.kind, m.to_address) for m in everything if m.to_user_id is None] == [
        ("adviser_request_received", "nadia@example.com")
    ]
    assert all(f"/staff/outreach/referrals/{referral.id}" in m.body_text for m in sent)


def test_opening_a_case_tells_the_adviser_and_the_person_who_it_is(app):
    from portal.outreach import services

    adviser = UserFactory(role="outreach_adviser", name="Sam Adviser")
    manager = UserFactory(role="manager")
    referral = services.refer_self(
        {"first_name": "Nadia", "last_name": "K", "email": "nadia@example.com", "route": "seldom_heard",
         "preferred_language": "ar"},
        consent_version="2026-11",
    )  # fmt: skip
    services.open_case(referral, adviser, restricted=False, user=manager)
    by_kind = {m.kind: m for m in db.session.scalars(select(Message).where(Message.kind != "referral_arrived"))}
    assert by_kind["case_assigned"].to_user_id == adviser.id
    assert by_kind["adviser_assigned"].to_address == "nadia@example.com"
    assert by_kind["adviser_assigned"].language == "ar" and "Sam Adviser" in by_kind["adviser_assigned"].body_text


def test_a_school_request_tells_academy_staff(app):
    from portal.schools import matching

    staff_member = UserFactory(role="academy_staff")
    UserFactory(role="outreach_adviser")
    request_row = matching.create_request(
        {"school_name": "Northvale High", "contact_name": "Ms Head", "contact_email": "head@school.example",
         "activity": "careers_talk", "year_groups": "|9|", "preferred_date": date.today() + timedelta(days=20),
         "format": "in_person"},
    )  # fmt: skip
    [message] = db.session.scalars(select(Message).where(Message.kind == "session_requested")).all()
    assert message.to_user_id == staff_member.id
    assert f"/staff/schools/requests/{request_row.id}" in message.body_text
    assert "Ms Head" not in message.body_text


@pytest.mark.db
def test_the_digest_tells_each_member_of_staff_only_what_is_theirs(app):
    from portal.outreach.models import ActionItem, Case, Referral

    adviser = UserFactory(role="outreach_adviser")
    academy = UserFactory(role="academy_staff")
    UserFactory(role="manager")
    person = PersonFactory()
    old = jobs.working_days_before(date.today(), 6)
    db.session.add(Referral(person_id=person.id, referred_on=old, source="website"))
    case = Case(person_id=person.id, adviser_id=adviser.id, opened_on=old)
    db.session.add(case)
    db.session.flush()
    db.session.add(
        ActionItem(case_id=case.id, what="Call back", who="adviser", due_on=date.today() - timedelta(days=1))
    )
    db.session.commit()

    assert jobs.send_digests() == 2  # the adviser and the manager (referrals); nothing for academy staff
    digests = {m.to_user_id: m for m in db.session.scalars(select(Message).where(Message.kind == "daily_digest"))}
    assert academy.id not in digests
    text = digests[adviser.id].body_text
    assert "Referrals waiting more than 5 working days: 1" in text
    assert "Overdue actions on your cases: 1" in text
    assert "Call back" not in text


def test_the_scheduled_retention_only_lists_unless_told_to_apply(app):
    from portal.pipeline.models import Person

    person = PersonFactory()
    db.session.execute(
        Person.__table__.update().values(
            created_at=date(2010, 1, 1), updated_at=date(2010, 1, 1), consent_date=date(2010, 1, 1)
        )
    )
    db.session.commit()
    due = jobs.run_retention()
    db.session.refresh(person)
    assert person.erased_at is None
    app.config["RETENTION_SCHEDULE"] = "apply"
    assert jobs.run_retention() == due
    db.session.refresh(person)
    assert due == 1 and person.erased_at is not None
