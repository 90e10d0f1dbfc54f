"""The staff side: opportunities, the application workflow, placements, jobs and checks."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import event, func, select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.opportunities import services
from portal.opportunities.models import Application, ApplicationStatusChange, EmploymentOutcome, Opportunity
from portal.pipeline.models import PipelineEvent
from tests.conftest import csrf_token_from, submit_form
from tests.factories import OpportunityFactory, OrganisationFactory, PersonFactory

TODAY = date.today()


def make_application(opportunity=None, **details):
    opportunity = opportunity or OpportunityFactory()
    # Someone new for each opportunity: a shared name or email would be held for staff to check.
    data = {
        "first_name": "Amira",
        "last_name": f"Haddad {opportunity.id}",
        "email": f"amira{opportunity.id}@example.com",
        "route": "seldom_heard",
    }
    data.update(details)
    application = services.apply(opportunity.id, data, consent_version="2026-11")
    db.session.commit()  # the service flushes; the request would commit
    return application


def stages(person_id):
    return [
        e.stage
        for e in db.session.scalars(select(PipelineEvent).filter_by(person_id=person_id).order_by(PipelineEvent.id))
    ]


def post(client, url, data, page_url=None):
    token = csrf_token_from(client.get(page_url or "/staff/").text)
    return client.post(url, data={"csrf_token": token, **data})


@pytest.mark.db
def test_the_whole_workflow_writes_the_pipeline(client, sign_in):
    user = sign_in("academy_staff")
    application = make_application(OpportunityFactory(kind="apprenticeship"))
    base = f"/staff/opportunities/applications/{application.id}"
    for status in ("reviewing", "shortlisted", "interview", "offered", "accepted"):
        response = post(client, f"{base}/status", {"status": status}, base)
        assert response.status_code == 302
    start = submit_form(
        client,
        f"{base}/placement",
        {"organisation_id": str(application.opportunity.organisation_id), "starts_on[day]": str(TODAY.day),
         "starts_on[month]": str(TODAY.month), "starts_on[year]": str(TODAY.year), "expected_hours": "150"},
    )  # fmt: skip
    assert start.status_code == 302
    done = submit_form(
        client,
        f"{base}/placement/complete",
        {"completed": "yes", "hours_done": "148", "completed_on[day]": str(TODAY.day),
         "completed_on[month]": str(TODAY.month), "completed_on[year]": str(TODAY.year)},
    )  # fmt: skip
    assert done.status_code == 302
    db.session.expire_all()
    application = db.session.get(Application, application.id)
    assert application.status == "completed" and application.placement.hours_done == 148
    history = [c.to_status for c in application.history]
    assert history == [
        "submitted",
        "reviewing",
        "shortlisted",
        "interview",
        "offered",
        "accepted",
        "started",
        "completed",
    ]
    assert all(c.changed_by_id == user.id for c in application.history[1:])
    assert stages(application.person_id) == ["applied", "offered", "in_training"]


@pytest.mark.parametrize(
    ("start", "target"), [("submitted", "offered"), ("submitted", "completed"), ("reviewing", "accepted")]
)
def test_illegal_jumps_are_refused_and_change_nothing(client, sign_in, start, target):
    sign_in("academy_staff")
    application = make_application()
    if start == "reviewing":
        application.status = "reviewing"
        db.session.commit()
    base = f"/staff/opportunities/applications/{application.id}"
    response = post(client, f"{base}/status", {"status": target}, base)
    page = client.get(response.headers["Location"])
    assert "cannot go from" in page.text or "placement form" in page.text
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == start
    assert stages(application.person_id) == ["applied"]


def test_status_page_only_offers_legal_next_steps(client, sign_in):
    sign_in("academy_staff")
    application = make_application()
    html = client.get(f"/staff/opportunities/applications/{application.id}").text
    offered = set(re.findall(r'<option value="([a-z_]+)"', html))
    assert offered == {"reviewing", "withdrawn", "unsuccessful"}


def test_unsuccessful_and_withdrawn_free_the_place_and_write_exits(client, sign_in):
    user = sign_in("academy_staff")
    opportunity = OpportunityFactory(places=1)
    application = make_application(opportunity)
    assert db.session.get(Opportunity, opportunity.id).places_taken == 1
    services.change_status(application, "unsuccessful", user)
    db.session.expire_all()
    assert db.session.get(Opportunity, opportunity.id).places_taken == 0
    assert stages(application.person_id) == ["applied", "unsuccessful"]
    other = make_application(opportunity, email="someone@example.com", first_name="Sami")
    services.change_status(other, "withdrawn", user)
    assert stages(other.person_id) == ["applied", "withdrawn"]


def test_bulk_change_moves_the_legal_ones_and_names_the_others(client, sign_in):
    user = sign_in("academy_staff")
    first, second, third = (make_application(OpportunityFactory()) for _ in range(3))
    services.change_status(third, "reviewing", user)
    services.change_status(third, "shortlisted", user)
    response = post(
        client,
        "/staff/opportunities/applications/bulk",
        {"application": [first.id, second.id, third.id], "status": "reviewing"},
        "/staff/opportunities/applications",
    )
    html = client.get(response.headers["Location"]).text
    assert "2 applications moved" in html and f"{third.reference} cannot go from Shortlisted to Reviewing" in html
    db.session.expire_all()
    assert [db.session.get(Application, a.id).status for a in (first, second, third)] == [
        "reviewing",
        "reviewing",
        "shortlisted",
    ]


def test_bulk_change_needs_a_selection(client, sign_in):
    sign_in("academy_staff")
    response = post(
        client, "/staff/opportunities/applications/bulk", {"status": "reviewing"}, "/staff/opportunities/applications"
    )
    assert "Select at least one application" in client.get(response.headers["Location"]).text


def test_notes_are_kept_with_who_wrote_them(client, sign_in):
    sign_in("academy_staff", name="Sam Schools")
    application = make_application()
    base = f"/staff/opportunities/applications/{application.id}"
    post(client, f"{base}/notes", {"text": "Called; will bring ID."}, base)
    html = client.get(base).text
    assert "Called; will bring ID." in html and "Sam Schools" in html


def test_inbox_filters_by_status_and_searches_name_or_reference(client, sign_in):
    user = sign_in("academy_staff")
    amira = make_application(first_name="Amira", last_name="Haddad")
    bohdan = make_application(first_name="Bohdan", last_name="Melnyk", email="b@example.com")
    services.change_status(bohdan, "reviewing", user)
    inbox = "/staff/opportunities/applications"
    assert amira.reference in client.get(f"{inbox}?status=submitted").text
    assert bohdan.reference not in client.get(f"{inbox}?status=submitted").text

    def search(term):
        response = post(client, inbox, {"q": term}, inbox)
        assert response.status_code == 302 and (not term or term not in response.headers["Location"])
        return client.get(response.headers["Location"]).text

    assert bohdan.reference in search("melnyk") and amira.reference not in search("melnyk")
    assert amira.reference in search(amira.reference.lower())
    search("")
    assert client.get(f"{inbox}?submitted_from={TODAY + timedelta(days=1)}").text.count("APP-") == 0
    per_opportunity = client.get(f"{inbox}?opportunity={amira.opportunity_id}").text
    assert amira.reference in per_opportunity and bohdan.reference not in per_opportunity


def test_inbox_runs_a_fixed_number_of_queries(app, client, sign_in):
    sign_in("manager")
    make_application()
    statements = []
    listener = lambda *args: statements.append(1)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        client.get("/staff/opportunities/applications")
        few = len(statements)
        for number in range(30):
            make_application(OpportunityFactory(), email=f"p{number}@example.com", first_name=f"P{number}")
        statements.clear()
        client.get("/staff/opportunities/applications")
        assert len(statements) == few
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


def test_managers_read_but_cannot_change(client, sign_in):
    sign_in("manager")
    application = make_application()
    base = f"/staff/opportunities/applications/{application.id}"
    page = client.get(base)
    assert page.status_code == 200 and "Change status" not in page.text
    assert post(client, f"{base}/status", {"status": "reviewing"}, base).status_code == 403
    assert client.get("/staff/opportunities/new").status_code == 403
    assert client.get("/staff/opportunities/").status_code == 200


def test_applications_export_is_the_current_filter_defused_and_audited(client, sign_in):
    user = sign_in("academy_staff")
    formula = make_application(first_name='=HYPERLINK("http://evil")', last_name="Cell")
    other = make_application(first_name="Plain", last_name="Person", email="plain@example.com")
    services.change_status(other, "reviewing", user)
    response = client.get("/staff/opportunities/applications/export.csv?status=submitted")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [row["reference"] for row in rows] == [formula.reference]
    assert rows[0]["first_name"].startswith("'=")
    assert db.session.scalars(select(AuditEvent).filter_by(action="export", object_type="applications")).first()


def opportunity_form(**overrides):
    data = {
        "title": "Ward week", "kind": "work_experience", "organisation_id": "", "summary": "A week on the wards.",
        "online": "no", "location": "Northvale", "places": "10", "right_to_work_required": "no", "dbs_check": "none",
        "starts_on[day]": "1", "starts_on[month]": "6", "starts_on[year]": str(TODAY.year + 1),
        "ends_on[day]": "5", "ends_on[month]": "6", "ends_on[year]": str(TODAY.year + 1),
        "closes_on[day]": "1", "closes_on[month]": "5", "closes_on[year]": str(TODAY.year + 1),
    }  # fmt: skip
    data.update(overrides)
    return data


def test_create_publish_and_close_an_opportunity(client, sign_in):
    sign_in("academy_staff")
    host = OrganisationFactory(name="Northvale Hospitals")
    response = submit_form(
        client, "/staff/opportunities/new", opportunity_form(organisation_id=str(host.id), routes=["in_education"])
    )
    assert response.status_code == 302
    opportunity = db.session.scalars(select(Opportunity)).one()
    assert (opportunity.status, opportunity.places, opportunity.routes) == ("draft", 10, "|in_education|")
    assert client.get(f"/opportunities/{opportunity.id}").status_code == 404
    post(client, f"/staff/opportunities/{opportunity.id}/status", {"status": "published"})
    assert client.get(f"/opportunities/{opportunity.id}").status_code == 200
    post(client, f"/staff/opportunities/{opportunity.id}/status", {"status": "closed"})
    assert "Ward week" not in client.get("/opportunities/").text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_on[day]": "30", "ends_on[month]": "5"}, "The end date must be the same as or after the start date"),
        ({"closes_on[day]": "2", "closes_on[month]": "6"}, "The closing date must be on or before the start date"),
        ({"places": "-1"}, "Places must be 0 or more"),
        ({"places": "ten"}, "Number of places must be a whole number"),
        ({"title": ""}, "Enter a title"),
        ({"closes_on[day]": "31", "closes_on[month]": "2"}, "Closing date for applications must be a real date"),
    ],
)
def test_opportunity_form_explains_bad_input_and_saves_nothing(client, sign_in, overrides, message):
    sign_in("academy_staff")
    host = OrganisationFactory()
    page = submit_form(client, "/staff/opportunities/new", opportunity_form(organisation_id=str(host.id), **overrides))
    assert page.status_code == 200 and message in page.text
    assert 'value="A week on the wards.' in page.text or "A week on the wards." in page.text
    assert db.session.scalar(select(func.count()).select_from(Opportunity)) == 0


def test_organisations_register(client, sign_in):
    sign_in("academy_staff")
    response = submit_form(
        client, "/staff/opportunities/organisations/new", {"name": "Eastmoor Council", "kind": "local_authority"}
    )
    assert response.status_code == 302
    assert "Eastmoor Council" in client.get("/staff/opportunities/organisations").text
    duplicate = submit_form(
        client, "/staff/opportunities/organisations/new", {"name": "Eastmoor Council", "kind": "other"}
    )
    assert "already exists" in duplicate.text


def test_record_a_job_and_the_checks_fall_due(client, sign_in):
    sign_in("academy_staff")
    person = PersonFactory()
    employer = OrganisationFactory()
    started = TODAY - timedelta(weeks=13)
    response = submit_form(
        client,
        f"/staff/opportunities/people/{person.person_ref}/employment",
        {"organisation_id": str(employer.id), "job_title": "Healthcare support worker", "contract_type": "permanent",
         "hours_per_week": "37", "band": "3", "started_on[day]": str(started.day),
         "started_on[month]": str(started.month), "started_on[year]": str(started.year)},
    )  # fmt: skip
    assert response.status_code == 302
    outcome = db.session.scalars(select(EmploymentOutcome)).one()
    assert stages(person.id) == ["employed"]
    due = client.get("/staff/opportunities/outcomes/checks-due").text
    assert person.full_name in due and "Record the 13-week check" in due
    check = submit_form(
        client, f"/staff/opportunities/outcomes/{outcome.id}/checks/sustained_13w", {"result": "still_employed"}
    )
    assert check.status_code == 302
    sustained = db.session.scalars(select(PipelineEvent).filter_by(person_id=person.id, stage="sustained_13w")).one()
    assert sustained.occurred_on == started + timedelta(weeks=13)
    assert "Record the 13-week check" not in client.get("/staff/opportunities/outcomes/checks-due").text


def test_a_check_cannot_be_recorded_before_it_is_due(client, sign_in):
    user = sign_in("academy_staff")
    outcome = services.record_employment(
        PersonFactory(), user=user, organisation_id=OrganisationFactory().id, job_title="Porter",
        contract_type="bank", started_on=TODAY - timedelta(weeks=2),
    )  # fmt: skip
    page = submit_form(
        client, f"/staff/opportunities/outcomes/{outcome.id}/checks/sustained_26w", {"result": "still_employed"}
    )
    assert "This check is not due until" in page.text
    assert stages(outcome.person_id) == ["employed"]


def test_left_the_job_is_recorded_without_a_sustainment_stage(client, sign_in):
    user = sign_in("academy_staff")
    outcome = services.record_employment(
        PersonFactory(), user=user, organisation_id=OrganisationFactory().id, job_title="Porter",
        contract_type="bank", started_on=TODAY - timedelta(weeks=14),
    )  # fmt: skip
    services.record_check(outcome, "sustained_13w", "left", user)
    assert stages(outcome.person_id) == ["employed"]
    assert db.session.get(EmploymentOutcome, outcome.id).check_13w_result == "left"


def test_outcomes_export(client, sign_in):
    user = sign_in("manager")
    services.record_employment(
        PersonFactory(person_ref="REF-1"), user=user, organisation_id=OrganisationFactory(name="Trust").id,
        job_title="+SUM(A1)", contract_type="permanent", started_on=TODAY,
    )  # fmt: skip
    text = client.get("/staff/opportunities/outcomes/export.csv").get_data(as_text=True)
    assert "REF-1" in text and "'+SUM(A1)" in text


def test_person_page_shows_everything_in_date_order_and_is_audited(client, sign_in):
    user = sign_in("academy_staff")
    application = make_application()
    services.record_employment(
        application.person, user=user, organisation_id=OrganisationFactory().id, job_title="Care worker",
        contract_type="permanent", started_on=TODAY,
    )  # fmt: skip
    html = client.get(f"/staff/people/{application.person.person_ref}").text
    assert html.index("Applied for") < html.index("Started a job: Care worker")
    assert "Equality monitoring" not in html
    audits = db.session.scalars(select(AuditEvent).filter_by(action="view", object_type="person")).all()
    assert [a.object_id for a in audits] == [application.person.person_ref]


def test_equality_answers_show_only_to_roles_that_need_them(client, sign_in):
    from portal.pipeline.models import EqualityProfile

    person = PersonFactory()
    db.session.add(EqualityProfile(person_id=person.id, refugee_background="yes"))
    db.session.commit()
    sign_in("manager")
    assert "Equality monitoring" in client.get(f"/staff/people/{person.person_ref}").text


def test_unknown_records_are_404(client, sign_in):
    sign_in("academy_staff")
    for url in (
        "/staff/opportunities/applications/999",
        "/staff/opportunities/999",
        "/staff/opportunities/999/edit",
        "/staff/people/NOPE",
        "/staff/opportunities/people/NOPE/employment",
        "/staff/opportunities/outcomes/999/checks/sustained_13w",
    ):
        assert client.get(url).status_code == 404, url


def test_history_rows_exist_for_every_change(client, sign_in):
    user = sign_in("academy_staff")
    application = make_application()
    services.change_status(application, "reviewing", user)
    changes = db.session.scalars(select(ApplicationStatusChange).order_by(ApplicationStatusChange.id)).all()
    assert [(c.from_status, c.to_status) for c in changes] == [(None, "submitted"), ("submitted", "reviewing")]


def test_job_and_opportunity_forms_list_the_careers(client, sign_in):
    from portal.careers.reference import load_careers

    load_careers()
    db.session.commit()
    sign_in("academy_staff")
    person = PersonFactory()
    assert ">Physiotherapist</option>" in client.get(f"/staff/opportunities/people/{person.person_ref}/employment").text
    assert ">Physiotherapist</option>" in client.get("/staff/opportunities/new").text


def test_people_searches_keep_names_out_of_urls(client, sign_in):
    sign_in("manager")
    PersonFactory(first_name="Farid", last_name="Karimi")
    for url in ("/staff/people/", "/staff/opportunities/outcomes", "/staff/opportunities/applications"):
        response = post(client, url, {"q": "Karimi"}, url)
        assert response.status_code == 302 and "Karimi" not in response.headers["Location"]
        page = client.get(response.headers["Location"])
        assert 'value="Karimi"' in page.text
    assert "Farid Karimi" in client.get("/staff/people/").text


def _accepted_application(user):
    application = make_application()
    for status in ("reviewing", "shortlisted", "offered", "accepted"):
        services.change_status(application, status, user)
    return application


def test_placement_forms_explain_bad_input_and_change_nothing(client, sign_in):
    user = sign_in("academy_staff")
    application = _accepted_application(user)
    base = f"/staff/opportunities/applications/{application.id}"
    page = submit_form(
        client,
        f"{base}/placement",
        {"organisation_id": str(application.opportunity.organisation_id), "starts_on[day]": "10", "starts_on[month]": "6",
         "starts_on[year]": "2026", "ends_on[day]": "1", "ends_on[month]": "6", "ends_on[year]": "2026", "expected_hours": "-4"},
    )  # fmt: skip
    assert (
        "The end date must be the same as or after the start date" in page.text
        and "Hours must be 0 or more" in page.text
    )
    assert 'value="10"' in page.text
    assert db.session.get(Application, application.id).status == "accepted"
    services.start_placement(
        application, starts_on=TODAY, ends_on=None, expected_hours=10, organisation=None, user=user
    )
    future = TODAY + timedelta(days=3)
    page = submit_form(
        client,
        f"{base}/placement/complete",
        {"hours_done": "", "completed_on[day]": str(future.day), "completed_on[month]": str(future.month),
         "completed_on[year]": str(future.year)},
    )  # fmt: skip
    for message in (
        "Say whether they completed it",
        "Enter the hours done",
        "Date it ended must be today or in the past",
    ):
        assert message in page.text, message
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "started"


def test_job_and_check_forms_explain_bad_input(client, sign_in):
    user = sign_in("academy_staff")
    person = PersonFactory()
    future = TODAY + timedelta(days=10)
    page = submit_form(
        client,
        f"/staff/opportunities/people/{person.person_ref}/employment",
        {"job_title": "", "hours_per_week": "200", "started_on[day]": str(future.day),
         "started_on[month]": str(future.month), "started_on[year]": str(future.year)},
    )  # fmt: skip
    for message in (
        "Choose the employer",
        "Enter the job title",
        "Choose the kind of contract",
        "Enter hours between 1 and 80",
        "Start date must be today or in the past",
    ):
        assert message in page.text, message
    assert db.session.scalar(select(func.count()).select_from(EmploymentOutcome)) == 0
    outcome = services.record_employment(
        person, user=user, organisation_id=OrganisationFactory().id, job_title="Porter", contract_type="bank",
        started_on=TODAY - timedelta(weeks=30),
    )  # fmt: skip
    page = submit_form(client, f"/staff/opportunities/outcomes/{outcome.id}/checks/sustained_26w", {})
    assert "Choose the result" in page.text
    assert client.get(f"/staff/opportunities/outcomes/{outcome.id}/checks/sustained_52w").status_code == 404


def test_an_empty_note_is_refused(client, sign_in):
    sign_in("academy_staff")
    application = make_application()
    base = f"/staff/opportunities/applications/{application.id}"
    response = post(client, f"{base}/notes", {"text": "   "}, base)
    assert "Write the note" in client.get(response.headers["Location"]).text
    assert db.session.get(Application, application.id).notes == []
