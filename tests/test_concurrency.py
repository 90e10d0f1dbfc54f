"""Several processes write interventions and applications at the same moment, on SQLite and on
PostgreSQL: every write that was acknowledged is there, exactly once, and none failed."""

import multiprocessing
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.opportunities.models import Application
from portal.outreach.models import Intervention
from portal.pipeline.models import Person, PipelineEvent

PROCESSES = 4
WRITES = 15  # of each kind, per process


def _writer(url: str, worker: int, opportunity_id: int, case_id: int, adviser_id: int, start, results):
    """One process: its own app, engine and connections, like a gunicorn worker."""
    from portal import create_app
    from portal.auth.models import User
    from portal.opportunities import services as opportunities
    from portal.outreach import services as outreach
    from portal.outreach.models import Case

    app = create_app({"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url})
    acknowledged, failed = [], []
    with app.app_context():
        adviser = db.session.get(User, adviser_id)
        start.wait()
        for n in range(WRITES):
            key = f"w{worker}-{n}"
            try:
                details = {
                    "first_name": "Con",
                    "last_name": key,
                    "email": f"{key}@example.com",
                    "route": "career_changer",
                }
                opportunities.apply(opportunity_id, details, consent_version="2026-11")
                db.session.commit()  # as the request would at its end
                acknowledged.append(("application", key))
            except Exception as error:  # noqa: BLE001 - any failure is reported and counted
                db.session.rollback()
                failed.append(("application", key, repr(error)[:200]))
            try:
                case = db.session.get(Case, case_id)
                outreach.add_intervention(
                    case, type="careers_advice", occurred_on=date.today(), minutes=30, mode="phone",
                    notes=key, user=adviser,
                )  # fmt: skip
                db.session.commit()
                acknowledged.append(("intervention", key))
            except Exception as error:  # noqa: BLE001
                db.session.rollback()
                failed.append(("intervention", key, repr(error)[:200]))
        db.engine.dispose()
    results.put((acknowledged, failed))


@pytest.mark.db
def test_concurrent_writers_lose_nothing_and_double_nothing(app, backend, make_user):
    from portal.outreach import services as outreach
    from tests.factories import OpportunityFactory

    adviser = make_user(role="outreach_adviser")
    opportunity = OpportunityFactory(places=PROCESSES * WRITES + 10)
    referral = outreach.refer_self(
        {
            "first_name": "Case",
            "last_name": "Holder",
            "email": "case@example.com",
            "route": "seldom_heard",
            "needs": [],
        },
        consent_version="2026-11",
    )
    case = outreach.open_case(referral, adviser, restricted=False, user=adviser)
    db.session.commit()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    ids = (opportunity.id, case.id, adviser.id)
    db.session.remove()

    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    processes = [context.Process(target=_writer, args=(url, w, *ids, start, results)) for w in range(PROCESSES)]
    for process in processes:
        process.start()
    start.set()
    outcomes = [results.get(timeout=240) for _ in processes]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0

    acknowledged = [write for ok, _failed in outcomes for write in ok]
    failed = [failure for _ok, bad in outcomes for failure in bad]
    assert failed == []
    assert len(acknowledged) == PROCESSES * WRITES * 2

    notes = db.session.scalars(select(Intervention.notes).filter_by(case_id=ids[1])).all()
    names = db.session.scalars(select(Person.last_name).join(Application, Application.person_id == Person.id)).all()
    for kind, key in acknowledged:
        present = notes.count(key) if kind == "intervention" else names.count(key)
        assert present == 1, (kind, key, present)
    assert len(notes) == PROCESSES * WRITES
    assert len(names) == PROCESSES * WRITES
    # The ledger got one "applied" event per application, no more.
    applied = db.session.scalar(select(func.count()).select_from(PipelineEvent).filter_by(stage="applied"))
    assert applied == PROCESSES * WRITES
