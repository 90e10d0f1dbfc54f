"""Cases as a full record: saved actions, interventions and qualifications can be corrected, "done"
can be undone, and the case history says what changed (old and new, in words), who and when."""

from datetime import date, timedelta

from babel.dates import format_date
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.outreach import services
from portal.outreach.models import ActionItem, CaseChange, Intervention, QualificationRecognition
from portal.people import rights
from portal.pipeline.models import PipelineEvent
from tests.conftest import csrf_token_from, submit_form
from tests.outreach.test_cases import open_case_for

TODAY = date.today()


def dated(name, day):
    return {f"{name}[day]": str(day.day), f"{name}[month]": str(day.month), f"{name}[year]": str(day.year)}


def words(day):
    return format_date(day, "d MMM yyyy", locale="en_GB")  # as the page shows it ("Sept" in en_GB)


def history(client, case):
    soup = BeautifulSoup(client.get(f"/staff/outreach/cases/{case.id}").text, "html.parser")
    return [" ".join(item.get_text().split()) for item in soup.select(".app-history__item")]


def test_an_action_is_corrected_and_the_history_keeps_old_and_new(client, sign_in):
    adviser = sign_in("outreach_adviser", name="Ola Outreach")
    case = open_case_for(adviser)
    action = services.add_action(case, what="Send CV", who="Farid", due_on=TODAY + timedelta(days=3), user=adviser)
    url = f"/staff/outreach/cases/{case.id}/actions/{action.id}/edit"
    assert 'value="Send CV"' in client.get(url).text  # the form starts from what was saved
    new_due = TODAY + timedelta(days=10)
    response = submit_form(client, url, {"what": "Send CV to the trust", "who": "Farid", **dated("due_on", new_due)})
    assert response.status_code == 302
    db.session.expire_all()
    action = db.session.get(ActionItem, action.id)
    assert (action.what, action.due_on) == ("Send CV to the trust", new_due)
    newest = history(client, case)[0]
    assert "Ola Outreach" in newest and "Changed an action" in newest and "Send CV" in newest
    old_day = words(TODAY + timedelta(days=3))
    assert f"Due date: {old_day}, now {words(new_due)}" in newest
    assert "What needs doing: Send CV, now Send CV to the trust" in newest


def test_done_can_be_undone_and_both_are_in_the_history(client, sign_in):
    adviser = sign_in("outreach_adviser")
    case = open_case_for(adviser)
    action = services.add_action(case, what="Book ESOL", who="Adviser", due_on=TODAY, user=adviser)
    page = f"/staff/outreach/cases/{case.id}"
    token = csrf_token_from(client.get(page).text)
    client.post(f"{page}/actions/{action.id}/done", data={"csrf_token": token})
    assert "Mark as not done" in client.get(page).text
    client.post(f"{page}/actions/{action.id}/undo", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.get(ActionItem, action.id).done_on is None
    actions = [c.action for c in db.session.scalars(select(CaseChange).order_by(CaseChange.id))]
    assert actions[-2:] == ["action_done", "action_undone"]
    assert "Marked an action as not done" in history(client, case)[0]


def test_the_enic_statement_arrives_and_its_date_and_outcome_are_filled_in(client, sign_in):
    adviser = sign_in("outreach_adviser")
    case = open_case_for(adviser)
    requested = TODAY - timedelta(days=40)
    record = services.add_qualification(
        case, adviser, qualification="BSc Nursing", country="Ukraine", enic_requested_on=requested,
        enic_received_on=None, outcome="",
    )  # fmt: skip
    url = f"/staff/outreach/cases/{case.id}/qualifications/{record.id}/edit"
    fields = {"qualification": "BSc Nursing", "country": "Ukraine", **dated("enic_requested_on", requested)}
    # Received before it was requested: said next to the field, nothing saved.
    page = submit_form(client, url, {**fields, **dated("enic_received_on", requested - timedelta(days=1))})
    assert page.status_code == 200 and "The statement cannot arrive before it was requested" in page.text
    db.session.expire_all()
    assert db.session.get(QualificationRecognition, record.id).enic_received_on is None
    received = TODAY - timedelta(days=2)
    outcome = "Comparable to a UK bachelor's degree"
    assert (
        submit_form(client, url, {**fields, **dated("enic_received_on", received), "outcome": outcome}).status_code
        == 302
    )
    db.session.expire_all()
    saved = db.session.get(QualificationRecognition, record.id)
    assert (saved.enic_received_on, saved.outcome) == (received, outcome)
    newest = history(client, case)[0]
    assert f"UK ENIC statement received on: {words(received)}" in newest
    assert "BSc Nursing" in newest


def test_correcting_an_interventions_type_adds_the_corrected_stage_to_the_ledger(client, sign_in):
    adviser = sign_in("outreach_adviser")
    case = open_case_for(adviser)
    day = TODAY - timedelta(days=1)
    intervention = services.add_intervention(
        case, type="careers_advice", occurred_on=day, minutes=30, mode="phone", notes="", user=adviser
    )
    url = f"/staff/outreach/cases/{case.id}/interventions/{intervention.id}/edit"
    data = {"type": "work_experience_brokerage", **dated("occurred_on", day), "minutes": "45", "mode": "phone"}
    assert submit_form(client, url, data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Intervention, intervention.id).minutes == 45
    events = db.session.scalars(
        select(PipelineEvent.stage).filter_by(source_type="intervention", source_id=intervention.id)
    ).all()
    # Brokering is advice until the person starts (the stage table, docs/reports.md): the same
    # stage, so the correction writes nothing new, and the first event stays (append-only).
    assert events == ["advised"]
    newest = history(client, case)[0]
    assert "Type: Careers advice and guidance, now Work experience brokerage" in newest
    assert "Minutes: 30, now 45" in newest


def test_right_to_work_and_goals_changes_are_in_words(client, sign_in):
    adviser = sign_in("outreach_adviser")
    case = open_case_for(adviser)
    page = f"/staff/outreach/cases/{case.id}"
    token = csrf_token_from(client.get(page).text)
    client.post(
        f"{page}/details", data={"csrf_token": token, "right_to_work_status": "asylum_seeker", "goals": "Nurse"}
    )
    client.post(f"{page}/details", data={"csrf_token": token, "right_to_work_status": "unrestricted", "goals": "Nurse"})
    newest = history(client, case)[0]
    assert "Right-to-work status: Asylum seeker: cannot work yet (can volunteer), now Unrestricted" in newest
    assert "Goals" not in newest  # unchanged the second time
    # Every change is audited against the person, for the audit search by person.
    assert (
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.object_type == "case", AuditEvent.detail.like("details%"))
        )
        .all()[-1]
        .person_id
        == case.person_id
    )


def test_the_history_reads_in_the_readers_language(client, sign_in):
    adviser = sign_in("outreach_adviser")
    case = open_case_for(adviser)
    services.add_action(case, what="Send CV", who="Farid", due_on=TODAY, user=adviser)
    client.get("/?lang=uk")
    assert "Запланував(ла) дію" in history(client, case)[0]


def test_managers_read_but_cannot_correct(client, sign_in, make_user):
    adviser = make_user(role="outreach_adviser")
    case = open_case_for(adviser)
    action = services.add_action(case, what="Call", who="me", due_on=TODAY, user=adviser)
    sign_in("manager")
    assert client.get(f"/staff/outreach/cases/{case.id}/actions/{action.id}/edit").status_code == 403
    assert "Change the action" not in client.get(f"/staff/outreach/cases/{case.id}").text


def test_a_restricted_cases_records_are_not_found_by_another_adviser(client, sign_in, make_user):
    owner = make_user(role="outreach_adviser")
    case = open_case_for(owner, restricted=True)
    action = services.add_action(case, what="Call", who="me", due_on=TODAY, user=owner)
    sign_in("outreach_adviser")
    assert client.get(f"/staff/outreach/cases/{case.id}/actions/{action.id}/edit").status_code == 404


def test_an_erased_persons_case_offers_and_takes_no_changes(client, sign_in):
    adviser = sign_in("outreach_adviser")
    case = open_case_for(adviser)
    action = services.add_action(case, what="Call", who="me", due_on=TODAY, user=adviser)
    rights.erase(case.person)
    db.session.commit()
    page = client.get(f"/staff/outreach/cases/{case.id}").text
    assert "Add an action" not in page and "Mark as done" not in page and "Record an intervention" not in page
    token = csrf_token_from(client.get("/staff/").text)
    response = client.post(f"/staff/outreach/cases/{case.id}/actions/{action.id}/done", data={"csrf_token": token})
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(ActionItem, action.id).done_on is None
