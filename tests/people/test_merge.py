"""Possible duplicates (the stored queue), merging two records field by field, and undoing it."""

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.opportunities.models import Application
from portal.outreach import services as outreach
from portal.outreach.models import Case, Referral
from portal.people import merging, rights, services
from portal.people.models import DuplicateCandidate, PersonMerge
from portal.pipeline.models import EqualityProfile, Person, PipelineEvent
from portal.pipeline.services import record_event, stage_counts
from portal.reports import outreach as outreach_report
from portal.reports import services as reports
from tests.conftest import csrf_token_from
from tests.factories import OpportunityFactory, PersonFactory, UserFactory

START, END = date(2025, 4, 1), date(2026, 3, 31)
STATEMENTS = []


def two_records():
    """The same refugee written two ways: at a school event, and by a charity's referral."""
    first = PersonFactory(
        person_ref="HCA-AAAA1111", first_name="Mohammad", last_name="Haidari", email="m.haidari@example.com",
        phone=None, date_of_birth=date(2004, 3, 9), postcode="SO16 6YD", route="in_education",
    )  # fmt: skip
    second = PersonFactory(
        person_ref="HCA-BBBB2222", first_name="Muhammad", last_name="Haydari", email="m.haidari@example.com",
        phone="07700 900123", date_of_birth=date(2004, 3, 9), postcode="SO14 0AA", route="seldom_heard",
    )  # fmt: skip
    first.equality = EqualityProfile(sex="male")
    second.equality = EqualityProfile(sex="male", refugee_background="yes")
    db.session.commit()
    return first, second


def queued_pair():
    merging.refresh_candidates()
    db.session.commit()
    return db.session.scalars(select(DuplicateCandidate)).one()


def post(client, url, data, page):
    return client.post(url, data={"csrf_token": csrf_token_from(client.get(page).text), **data})


def reached(stage="engaged"):
    report = reports.widening_participation(reports.ReportFilters(START, END), suppressed=False)
    rows = report.table[report.table.characteristic == "all"]
    return dict(zip(rows.stage, rows.reached, strict=True)).get(stage, 0), report.people_counted


# ---------------------------------------------------------------- the queue


def test_refresh_stores_the_pairs_and_a_dismissed_pair_stays_dismissed(app):
    a, b = two_records()
    PersonFactory(first_name="Olena", last_name="Kovalenko", date_of_birth=date(1990, 1, 1))
    db.session.commit()
    pair = queued_pair()
    assert (pair.person_a_id, pair.person_b_id, pair.status) == (a.id, b.id, "open")
    assert pair.score >= 65 and "first_name_transliterated" in pair.reasons and "dob_same" in pair.reasons
    merging.dismiss(pair, UserFactory(role="manager"))
    db.session.commit()
    merging.refresh_candidates()
    db.session.commit()
    assert db.session.scalars(select(DuplicateCandidate.status)).all() == ["dismissed"]
    assert db.session.scalars(merging.open_pairs()).all() == []


def test_refresh_command(app, runner):
    two_records()
    result = runner.invoke(args=["people", "duplicates", "--refresh"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(DuplicateCandidate)) == 1


def test_queue_shows_the_pair_best_first_with_reasons_in_words(app, client, sign_in):
    two_records()
    queued_pair()
    sign_in("academy_staff")
    page = client.get("/staff/people/duplicates").text
    assert "1 pair to check" in page and "Mohammad Haidari" in page and "Muhammad Haydari" in page
    assert "first names match after transliteration" in page and "first_name_transliterated" not in page


def test_queue_is_a_fixed_number_of_queries(app, client, sign_in):
    from sqlalchemy import event

    sign_in("manager")

    def count_queries():
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        client.get("/staff/people/duplicates")
        event.remove(db.engine, "before_cursor_execute", listener)
        STATEMENTS[:] = list(statements)
        return len(statements)

    two_records()
    queued_pair()
    one = count_queries()
    for n in range(5):
        PersonFactory(first_name=f"Anna{n}", last_name="Kravets", date_of_birth=date(1999, 2, n + 1))
        PersonFactory(first_name=f"Anna{n}", last_name="Kravetz", date_of_birth=date(1999, 2, n + 1))
    db.session.commit()
    queued_pair_count = merging.refresh_candidates()["open"]
    db.session.commit()
    assert queued_pair_count == 6
    assert count_queries() == one, "\n".join(x[:100].replace("\n", " ") for x in STATEMENTS)


def test_the_queue_is_read_by_staff_and_merging_is_for_managers_and_admins(app, client, sign_in):
    two_records()
    pair = queued_pair()
    sign_in("academy_staff")
    page = client.get(f"/staff/people/duplicates/{pair.id}").text
    assert "Managers and administrators merge records." in page and "Merge the two records" not in page
    token = csrf_token_from(page)
    response = client.post(f"/staff/people/duplicates/{pair.id}/merge", data={"csrf_token": token, "keep": "a"})
    assert response.status_code == 403
    assert db.session.get(Person, pair.person_b_id).merged_into_id is None


def test_dismiss_in_the_browser_is_audited(app, client, sign_in):
    two_records()
    pair = queued_pair()
    sign_in("manager")
    url = f"/staff/people/duplicates/{pair.id}"
    response = post(client, f"{url}/dismiss", {}, url)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(DuplicateCandidate, pair.id).status == "dismissed"
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.object_type == "duplicate_candidate"))


# ---------------------------------------------------------------- merging


def test_merge_in_the_browser_choosing_a_field(app, client, sign_in):
    a, b = two_records()
    opportunity = OpportunityFactory()
    db.session.add(Application(opportunity=opportunity, person=b, reference="APP-B1"))
    record_event(a, "engaged", date(2025, 5, 1))
    record_event(b, "applied", date(2025, 6, 1))
    db.session.commit()
    pair = queued_pair()
    sign_in("manager")
    url = f"/staff/people/duplicates/{pair.id}"
    page = client.get(url).text
    assert "Which reference should the person keep?" in page and "07700 900123" in page
    # Keep the first record, take the second's phone (a choice) and keep the first's route.
    response = post(
        client, f"{url}/merge",
        {"keep": "a", "field_first_name": "a", "field_last_name": "a", "field_phone": "b", "field_postcode": "a",
         "field_route": "a", "equality_refugee_background": "b"},
        url,
    )  # fmt: skip
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/staff/people/{a.person_ref}")
    db.session.expire_all()
    kept, merged = db.session.get(Person, a.id), db.session.get(Person, b.id)
    assert (kept.first_name, kept.phone, kept.route, kept.postcode) == ("Mohammad", "07700 900123", "in_education",
                                                                        "SO16 6YD")  # fmt: skip
    assert kept.equality.refugee_background == "yes"
    assert merged.merged_into_id == kept.id
    # The application is the kept person's now; the events stay where they were (append-only).
    assert db.session.scalar(select(Application.person_id).where(Application.reference == "APP-B1")) == kept.id
    assert db.session.scalar(select(PipelineEvent.person_id).where(PipelineEvent.stage == "applied")) == merged.id
    record = db.session.scalars(select(PersonMerge)).one()
    assert record.fields_chosen == ["phone", "equality.refugee_background"]
    assert record.old_values == {"phone": None, "equality.refugee_background": None}
    assert record.merged_by.role == "manager"
    assert db.session.get(DuplicateCandidate, pair.id).status == "merged"
    actions = db.session.execute(
        select(AuditEvent.action, AuditEvent.object_id).where(AuditEvent.action == "merge").order_by(AuditEvent.id)
    ).all()
    assert actions == [("merge", a.person_ref), ("merge", b.person_ref)]
    # The kept page shows both records' story, once; the old reference leads there.
    person_page = client.get(f"/staff/people/{a.person_ref}").text
    assert "Records merged into this one" in person_page and b.person_ref in person_page
    assert client.get(f"/staff/people/{b.person_ref}").headers["Location"].endswith(f"/staff/people/{a.person_ref}")
    listed = client.get("/staff/people/").text
    assert listed.count("Mohammad Haidari") == 1 and "Muhammad Haydari" not in listed


def test_merge_form_keeps_what_was_typed_and_writes_nothing_when_a_choice_is_missing(app, client, sign_in):
    a, b = two_records()
    pair = queued_pair()
    sign_in("admin")
    url = f"/staff/people/duplicates/{pair.id}"
    response = post(client, f"{url}/merge", {"keep": "b", "field_phone": "b"}, url)
    assert response.status_code == 400
    assert "There is a problem" in response.text and "Choose which answer to keep" in response.text
    assert db.session.scalar(select(func.count()).select_from(PersonMerge)) == 0
    assert db.session.get(Person, a.id).merged_into_id is None


def test_merge_then_report_timeline_subject_access_and_search_count_once(app):
    a, b = two_records()
    record_event(a, "engaged", date(2025, 5, 1))
    record_event(b, "engaged", date(2025, 7, 1))
    record_event(b, "applied", date(2025, 8, 1))
    db.session.commit()
    assert reached() == (2, 2)
    merging.merge(a, b, UserFactory(role="manager"), take=["route"])
    db.session.commit()
    assert reached() == (1, 1)
    assert reached("applied")[0] == 1
    assert stage_counts(START, END)["engaged"] == 1
    stages = [entry["item"].stage for entry in services.person_timeline(a) if entry["kind"] == "event"]
    assert stages == ["engaged", "engaged", "applied"]
    document = json.loads(rights.subject_access_export(a))
    assert {row["person_ref"] for row in document["records"]["people"]} == {a.person_ref, b.person_ref}
    assert len(document["records"]["pipeline_events"]) == 3
    assert "duplicate_candidates" not in document["records"]
    assert db.session.scalars(services.people("haydari")).all() == []
    assert db.session.scalars(services.people(b.person_ref)).all() == [a]


def test_outreach_report_counts_the_merged_person_once(app):
    a, b = two_records()
    adviser = UserFactory(role="outreach_adviser")
    for person in (a, b):
        referral = Referral(person=person, source="website", referred_on=date(2025, 5, 1), status="open", needs="")
        db.session.add(referral)
        db.session.flush()
        outreach.open_case(referral, adviser, restricted=False, user=adviser, today=date(2025, 5, 2))
    record_event(b, "employed", date(2025, 9, 1))
    db.session.commit()
    before = outreach_report.outreach_report(START, END)
    assert (before["engaged"], before["case_managed"], before["employed"]) == (2, 2, 1)
    merging.merge(a, b, adviser)
    db.session.commit()
    after = outreach_report.outreach_report(START, END)
    assert (after["engaged"], after["case_managed"], after["employed"]) == (1, 1, 1)
    assert after["people_with_a_job_time"] == 1


def test_a_restricted_case_keeps_its_restriction_through_a_merge(app):
    a, b = two_records()
    own, other = UserFactory(role="outreach_adviser"), UserFactory(role="outreach_adviser")
    referral = Referral(person=b, source="website", referred_on=date(2026, 1, 5), status="open", needs="")
    db.session.add(referral)
    db.session.flush()
    case = outreach.open_case(referral, own, restricted=True, user=own)
    outreach.add_intervention(case, type="careers_advice", occurred_on=date(2026, 1, 6), minutes=30, mode="phone",
                              notes="private", user=own)  # fmt: skip
    db.session.commit()
    merging.merge(a, b, UserFactory(role="manager"))
    db.session.commit()
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert case.person_id == a.id and case.restricted is True
    kinds = lambda user: [entry["kind"] for entry in services.person_timeline(a, user)]  # noqa: E731
    assert "intervention" in kinds(own) and "intervention" not in kinds(other)


def test_merge_refuses_a_merged_or_the_same_record(app):
    a, b = two_records()
    c = PersonFactory()
    manager = UserFactory(role="manager")
    with pytest.raises(merging.MergeError):
        merging.merge(a, a, manager)
    merging.merge(a, b, manager)
    with pytest.raises(merging.MergeError):
        merging.merge(c, b, manager)


def test_a_second_application_for_one_opportunity_stays_with_the_merged_record(app):
    a, b = two_records()
    opportunity = OpportunityFactory()
    db.session.add_all([Application(opportunity=opportunity, person=a, reference="APP-A"),
                        Application(opportunity=opportunity, person=b, reference="APP-B")])  # fmt: skip
    db.session.commit()
    record = merging.merge(a, b, UserFactory(role="manager"))
    db.session.commit()
    assert db.session.scalar(select(Application.person_id).where(Application.reference == "APP-B")) == b.id
    assert record.repointed["left"] == {"applications": [db.session.scalar(
        select(Application.id).where(Application.reference == "APP-B"))]}  # fmt: skip


# ---------------------------------------------------------------- undoing


def test_unmerge_restores_fields_rows_and_the_merged_person(app, client, sign_in):
    a, b = two_records()
    opportunity = OpportunityFactory()
    db.session.add(Application(opportunity=opportunity, person=b, reference="APP-B1"))
    record_event(a, "engaged", date(2025, 5, 1))
    record_event(b, "engaged", date(2025, 7, 1))
    db.session.commit()
    manager = sign_in("manager")
    merging.merge(a, b, manager, take=["phone", "route"], take_equality=["refugee_background"])
    db.session.commit()
    assert reached() == (1, 1)
    page = f"/staff/people/{a.person_ref}"
    assert "Undo the merge of HCA-BBBB2222" in client.get(page).text
    record = db.session.scalars(select(PersonMerge)).one()
    response = post(client, f"{page}/merges/{record.id}/undo", {}, page)
    assert response.status_code == 302
    db.session.expire_all()
    kept, merged = db.session.get(Person, a.id), db.session.get(Person, b.id)
    assert (kept.phone, kept.route, kept.equality.refugee_background) == (None, "in_education", None)
    assert merged.merged_into_id is None and merged.phone == "07700 900123"
    assert db.session.scalar(select(Application.person_id).where(Application.reference == "APP-B1")) == b.id
    assert db.session.get(PersonMerge, record.id).undone_at is not None
    assert reached() == (2, 2)
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "unmerge")) == 2
    assert "Undo the merge" not in client.get(page).text
    assert client.get(f"/staff/people/{b.person_ref}").status_code == 200


def test_only_the_newest_merge_into_a_person_can_be_undone(app):
    a, b = two_records()
    c = PersonFactory()
    manager = UserFactory(role="manager")
    first = merging.merge(a, b, manager, take=["phone"])
    second = merging.merge(a, c, manager, take=["email"])
    db.session.commit()
    assert not merging.can_undo(first) and merging.can_undo(second)
    with pytest.raises(merging.MergeError):
        merging.unmerge(first, manager)
    merging.unmerge(second, manager)
    merging.unmerge(first, manager)
    db.session.commit()
    assert db.session.get(Person, a.id).phone is None


def test_a_chain_of_merges_counts_once_and_undoes_in_order(app):
    a, b = two_records()
    c = PersonFactory()
    for person, day in ((a, 5), (b, 6), (c, 7)):
        record_event(person, "engaged", date(2025, 5, day))
    manager = UserFactory(role="manager")
    db.session.commit()
    b_into_a = merging.merge(a, b, manager)
    a_into_c = merging.merge(c, a, manager)
    db.session.commit()
    assert db.session.get(Person, b.id).merged_into_id == c.id
    assert reached() == (1, 1)
    assert not merging.can_undo(b_into_a)
    merging.unmerge(a_into_c, manager)
    db.session.commit()
    assert db.session.get(Person, b.id).merged_into_id == a.id and reached() == (2, 2)


def test_erasing_the_kept_person_erases_the_merged_record_too(app):
    a, b = two_records()
    merging.merge(a, b, UserFactory(role="manager"), take=["phone"])
    db.session.commit()
    rights.erase(a)
    db.session.expire_all()
    merged = db.session.get(Person, b.id)
    assert merged.erased_at is not None and merged.email is None and merged.first_name == "[erased]"
    assert db.session.scalars(select(PersonMerge.old_values)).one() == {}


@pytest.mark.db
def test_widening_participation_counts_a_merged_person_once(app):
    a, b = two_records()
    record_event(a, "engaged", date(2025, 5, 1))
    record_event(b, "engaged", date(2025, 6, 1))
    record_event(b, "applied", date(2025, 7, 1))
    db.session.commit()
    assert reached() == (2, 2)
    merging.merge(a, b, UserFactory(role="manager"), take=["route"])
    db.session.commit()
    assert reached() == (1, 1)
    assert reached("applied") == (1, 1)
    people = reports.load_people(reports.ReportFilters(START, END))
    assert len(people) == 1 and people.route.tolist() == ["seldom_heard"]
    assert stage_counts(START, END) == {**stage_counts(START, END), "engaged": 1, "applied": 1}


def test_the_worker_refreshes_the_queue_every_night(app):
    """The scheduled job runs the same refresh as the command; the queue lists the new pair."""
    from portal.notifications import jobs
    from portal.notifications.queue import make_queue

    two_records()
    queue = make_queue(app)
    assert "duplicates" in queue.tasks
    assert jobs.refresh_duplicates() == {"open": 1, "kept_decided": 0}
    assert db.session.scalars(merging.open_pairs()).one().status == "open"
