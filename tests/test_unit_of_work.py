"""One unit of work per request: the request commits what it wrote, keeps a record of a look even
when it wrote nothing else, and a kept public page, which uses no database, begins nothing."""

from flask import has_request_context, request
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from portal.audit import services as audit
from portal.audit.models import AuditEvent
from portal.extensions import cache, db


def _looks(kind: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.object_type == kind))


def test_a_record_of_a_look_is_kept_when_the_request_wrote_nothing_else(app, client):
    @app.get("/look-for-test")
    def look_for_test():
        audit.record("view", "look_for_test", 1)  # added only as the request commits
        return "looked", 200, {"Content-Type": "text/plain"}

    assert client.get("/look-for-test").status_code == 200
    assert _looks("look_for_test") == 1


def test_a_request_that_fails_keeps_no_record_of_its_look(app, client):
    @app.get("/failing-look-for-test")
    def failing_look_for_test():
        audit.record("view", "failing_look_for_test", 1)
        return "broken", 500, {"Content-Type": "text/plain"}

    assert client.get("/failing-look-for-test").status_code == 500
    assert _looks("failing_look_for_test") == 0


def test_a_kept_public_page_begins_no_transaction(app, client):
    app.config["PAGE_CACHE_SECONDS"] = 60
    cache.clear()
    assert client.get("/careers/").status_code == 200  # built and kept
    begun = []

    def note(_session, _transaction):
        if has_request_context():  # not the test's own session, which the test client commits
            begun.append(request.path)

    event.listen(Session, "after_transaction_create", note)
    try:
        kept = client.get("/careers/")
    finally:
        event.remove(Session, "after_transaction_create", note)
    assert kept.status_code == 200
    assert begun == [], "a kept page neither reads nor writes, so it has nothing to begin or commit"
