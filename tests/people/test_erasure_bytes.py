"""Erasure really erases: after erasing a person and checkpointing the write-ahead log, neither
their name nor the words written about them (a ledger note, case history, intervention notes,
an application statement...) are anywhere in the SQLite file's bytes, free pages included."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from portal.extensions import db
from portal.outreach import services as outreach
from portal.outreach.models import CaseChange
from portal.people import rights
from portal.pipeline import services as pipeline
from portal.pipeline.models import PipelineEvent
from tests.people.test_rights import a_person_with_everything

WORDS = [
    "Amira", "Haddad", "Aleppo", "my son is at school", "NMC", "Quillfeather-note", "Zanzibar-history",
    "Ringo-call-her", "Yusuf-brother",
]  # fmt: skip


def file_bytes(app) -> bytes:
    db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    path = Path(db.engine.url.database)
    return path.read_bytes() + (
        path.with_name(path.name + "-wal").read_bytes() if path.with_name(path.name + "-wal").exists() else b""
    )


@pytest.fixture
def person(app):
    person, _application, case = a_person_with_everything()
    # Long enough to need overflow pages, which erasure frees: free pages are where old words stayed.
    long_note = "Quillfeather-note: spoke about her visa and her family. " * 200
    pipeline.record_event(person, "advised", date.today(), note=long_note)
    db.session.add(CaseChange(case_id=case.id, action="reassigned", detail="Zanzibar-history", changed_by_id=None))
    outreach.add_action(case, what="Ringo-call-her", who="Yusuf-brother", due_on=date.today(), user=case.adviser)
    db.session.commit()
    return person


def test_erased_words_are_not_in_the_sqlite_file(app, person):
    before = file_bytes(app)
    assert all(word.encode() in before for word in WORDS)  # the test can see them when they are there
    rights.erase(person)
    db.session.commit()
    after = file_bytes(app)
    assert [word for word in WORDS if word.encode() in after] == []


def test_erasure_clears_ledger_notes_and_keeps_the_events(app, person):
    stages = db.session.scalars(select(PipelineEvent.stage).filter_by(person_id=person.id)).all()
    rights.erase(person)
    db.session.commit()
    db.session.expire_all()
    events = db.session.scalars(select(PipelineEvent).filter_by(person_id=person.id)).all()
    assert [event.stage for event in events] == stages
    assert all(event.note is None for event in events)


@pytest.mark.db
def test_the_ledger_still_refuses_every_other_change(app, backend, person):
    from sqlalchemy.exc import DatabaseError

    for statement in (
        "UPDATE pipeline_events SET note = NULL",  # not erased yet
        "UPDATE pipeline_events SET note = 'other words'",
        "DELETE FROM pipeline_events",
    ):
        with pytest.raises(DatabaseError):
            db.session.execute(text(statement))
        db.session.rollback()
    rights.erase(person)
    db.session.commit()
    for statement in ("UPDATE pipeline_events SET stage = 'employed'", "UPDATE pipeline_events SET note = 'x'"):
        with pytest.raises(DatabaseError):
            db.session.execute(text(statement))
        db.session.rollback()
    db.session.execute(text("UPDATE pipeline_events SET note = NULL"))  # what erasure does: allowed
    db.session.rollback()


def test_every_connection_overwrites_deleted_content(app):
    assert db.session.execute(text("PRAGMA secure_delete")).scalar() == 1


def test_without_secure_delete_the_erased_words_would_stay_in_free_pages(app, person):
    # Why the portal turns it on: some SQLite builds (Debian's is not one) leave it off.
    db.session.execute(text("PRAGMA secure_delete=OFF"))
    rights.erase(person)
    db.session.commit()
    assert b"Quillfeather-note" in file_bytes(app)
